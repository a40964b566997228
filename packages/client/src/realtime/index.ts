export type { PublicStatusRow, WebSocketConstructor, WebSocketLike } from './channel.js';
export {
  type RealtimeOptions,
  type StatusUpdate,
  type Transport,
  type Via,
  type WatchOptions,
  type WatchResult,
  watchExecution,
} from './watch.js';
