/**
 * What openapi-fetch builds for each call and hands to the transport, in place of a platform
 * `Request` (openapi-fetch's documented `Request` option). A plain record of the request init:
 * no body stream to consume, so every retry can send the same body again, and the platform builds
 * one Request per attempt instead of three per call.
 */
export class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly signal: AbortSignal | null;
  /** Everything else the caller set (body, redirect, credentials…), passed on to fetch. */
  readonly init: RequestInit;

  constructor(url: string, init: RequestInit = {}) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? 'GET';
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.signal = init.signal ?? null;
  }
}
