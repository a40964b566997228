/** `@hono/node-server` for the browser build: there is no port to listen on in a page. */
export function serve(): never {
  throw new Error('startSandbox() needs Node; in a browser use @dollr/mock/msw');
}
