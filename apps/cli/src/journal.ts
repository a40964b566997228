import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ExecutionKind } from '@dollr/spec/vocabulary';

/** One line of the journal: an execution about to be sent. */
export interface JournalEntry {
  time: string;
  kind: ExecutionKind;
  reference_id: string;
  session_id: string;
  base_url: string;
}

/** `$XDG_STATE_HOME/dollr/journal.jsonl`, or `~/.local/state/dollr/journal.jsonl`. */
export function journalPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() ? env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(base, 'dollr', 'journal.jsonl');
}

/**
 * Appends an entry. Called from the client's onReferenceId hook, which the client awaits before
 * the HTTP call: an interrupted run can always be resumed with `dollr status <kind> <id>`.
 */
export async function appendJournal(
  entry: Omit<JournalEntry, 'time'>,
  path = journalPath(),
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const line: JournalEntry = { time: new Date().toISOString(), ...entry };
  await appendFile(path, `${JSON.stringify(line)}\n`, { mode: 0o600 });
}

/**
 * The latest entry for a reference id, or undefined (no journal, no such line). A line that is not
 * an entry, such as one cut short by a crash, is passed over.
 */
export async function findInJournal(
  referenceId: string,
  path = journalPath(),
): Promise<JournalEntry | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  let found: JournalEntry | undefined;
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as Partial<JournalEntry> | null;
      if (entry?.reference_id?.toLowerCase() === referenceId.toLowerCase()) {
        found = entry as JournalEntry;
      }
    } catch {
      // Not an entry.
    }
  }
  return found;
}
