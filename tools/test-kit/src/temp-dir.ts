import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  dir: string;
  /** Removes the folder and everything in it. */
  remove(): void;
}

/** A fresh folder under the system's temporary folder, named `<prefix>-XXXXXX`. */
export function tempDir(prefix = 'dollr-test'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
