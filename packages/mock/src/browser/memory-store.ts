/** `./sqlite-store.js` for the browser build: the sandbox keeps its world in memory only. */
import { MemoryStore, type Store } from '../sandbox/store.js';

export function openStore(db?: string): Store {
  if (db) throw new Error('the browser build of the sandbox keeps its state in memory (no db)');
  return new MemoryStore();
}
