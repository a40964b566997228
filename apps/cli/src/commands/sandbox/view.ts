import { formatRecord } from '../../output.js';

type Cell = string | number | boolean | null | undefined;

/** Rows under a header, columns aligned; an empty list says so. */
export function formatTable(title: string, header: string[], rows: Cell[][]): string {
  if (rows.length === 0) return `${title}: none`;
  const text = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))),
  );
  const widths = header.map((h, i) =>
    Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`;
  return [`${title} (${rows.length})`, line(header), ...text.map(line)].join('\n');
}

/** Every field of an object, in its order, objects as JSON. */
export function formatObject(title: string, value: object): string {
  return formatRecord(
    title,
    Object.entries(value).map(([k, v]): [string, string] => [
      k,
      v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v),
    ]),
  );
}
