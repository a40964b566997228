/**
 * Human versus machine output. With --json, stdout carries only JSON (one document per command);
 * everything else (progress, notes, errors) goes to stderr. Without it, results go to stdout and
 * progress and errors to stderr.
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** The command's result: JSON with --json, the human rendering otherwise. */
  result(value: unknown, human: () => string): void {
    this.stdout.write(this.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
  }

  /** A line the user needs (such as a reference id): stdout for humans, stderr with --json. */
  note(text: string): void {
    (this.json ? this.stderr : this.stdout).write(`${text}\n`);
  }

  /** Progress and diagnostics: always stderr. */
  progress(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${text}\n`);
  }
}

type Cell = string | number | boolean | null | undefined;

/** A titled block of aligned `label  value` rows; empty values are left out. */
export function formatRecord(title: string, rows: Array<[string, Cell]>): string {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return [title, ...shown.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v)}`)].join('\n');
}

/** Rounds money to cents for display, without floating-point noise. */
export function money(amount: number, currency: string): string {
  return `${(Math.round(amount * 100) / 100).toFixed(2)} ${currency}`;
}
