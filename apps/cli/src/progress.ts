/**
 * Steps and live status on stderr: a nanospinner (loaded lazily) when stderr is a terminal,
 * plain lines otherwise (logs, pipes, CI).
 */
export interface Progress {
  /** Begins a step that takes time. */
  start(text: string): void;
  /** Changes the text of the running step (the live status). */
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  /** Clears a running spinner (before an interruption message). */
  stop(): void;
}

class LineProgress implements Progress {
  private last = '';
  constructor(private readonly stream: NodeJS.WritableStream) {}
  private line(text: string): void {
    this.stream.write(`${text}\n`);
  }
  start(text: string): void {
    this.last = text;
    this.line(`… ${text}`);
  }
  update(text: string): void {
    if (text === this.last) return;
    this.last = text;
    this.line(`… ${text}`);
  }
  succeed(text: string): void {
    this.line(`✔ ${text}`);
  }
  fail(text: string): void {
    this.line(`✖ ${text}`);
  }
  stop(): void {}
}

type Spinner = import('nanospinner').Spinner;

class SpinnerProgress implements Progress {
  private spinner: Spinner | undefined;
  constructor(
    private readonly create: (text: string) => Spinner,
    private readonly stream: NodeJS.WriteStream,
  ) {}
  start(text: string): void {
    this.spinner?.stop();
    this.spinner = this.create(text).start();
  }
  update(text: string): void {
    if (this.spinner) this.spinner.update({ text });
    else this.start(text);
  }
  succeed(text: string): void {
    if (this.spinner) this.spinner.success({ text });
    else this.stream.write(`✔ ${text}\n`);
    this.spinner = undefined;
  }
  fail(text: string): void {
    if (this.spinner) this.spinner.error({ text });
    else this.stream.write(`✖ ${text}\n`);
    this.spinner = undefined;
  }
  stop(): void {
    this.spinner?.clear();
    this.spinner?.stop();
    this.spinner = undefined;
  }
}

let active: Progress | undefined;

/** The progress reporter of this run (one per process). */
export async function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
): Promise<Progress> {
  // A terminal of unknown width (some pseudo-terminals) would break the spinner's line counting.
  if (stream.isTTY && (stream.columns ?? 0) > 0) {
    // nanospinner is CommonJS: bundled, its exports may sit under `default`.
    const mod = (await import('nanospinner')) as typeof import('nanospinner') & {
      default?: typeof import('nanospinner');
    };
    const createSpinner = mod.createSpinner ?? mod.default?.createSpinner;
    if (!createSpinner) throw new Error('nanospinner did not load');
    active = new SpinnerProgress((text) => createSpinner(text, { stream }), stream);
  } else {
    active = new LineProgress(stream);
  }
  return active;
}

/** Stops whatever spinner runs, so that a final message starts on a clean line. */
export function stopProgress(): void {
  active?.stop();
}
