/** The realtime websocket for the browser build: a page serves no socket (no `ws`). */
export function attachRealtime(): never {
  throw new Error('the realtime websocket needs Node; in a browser there is no server');
}
