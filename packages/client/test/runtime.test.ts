/**
 * Which runtime runs this suite. The runtime lanes (`pnpm test:runtimes`) set
 * DOLLR_EXPECT_RUNTIME to the runtime they launched, e.g. `bun@1.4.5`, so a lane that silently
 * fell back to the machine's Node fails here instead of passing for the wrong runtime.
 */
import { describe, expect, it } from 'vitest';
import { createDollrClient } from '../src/index.js';

declare const Bun: { version: string } | undefined;
declare const Deno: { version: { deno: string } } | undefined;

function currentRuntime(): string {
  if (typeof Bun !== 'undefined') return `bun@${Bun.version}`;
  if (typeof Deno !== 'undefined') return `deno@${Deno.version.deno}`;
  return `node@${process.versions.node}`;
}

describe('the runtime under test', () => {
  it('is the one the lane asked for', () => {
    const expected = process.env.DOLLR_EXPECT_RUNTIME;
    if (expected) expect(currentRuntime()).toBe(expected);
    else expect(currentRuntime()).toMatch(/^(node|bun|deno)@\d+\.\d+\.\d+$/);
  });

  it('has the web platform the client relies on', () => {
    expect(typeof fetch).toBe('function');
    expect(typeof AbortSignal.timeout).toBe('function');
    expect(typeof crypto.randomUUID).toBe('function');
  });
});

describe('fetch', () => {
  it("is called unbound: a browser's fetch throws Illegal invocation when `this` is another object", async () => {
    const receivers: unknown[] = [];
    const dollr = createDollrClient({
      baseUrl: 'https://api.heydollr.app/v1',
      clientId: 'id',
      clientSecret: 'secret',
      fetch: function (this: unknown) {
        receivers.push(this);
        return Promise.resolve(Response.json({ access_token: 't', expires_in: 60 }));
      } as typeof fetch,
    });
    await dollr.getToken();
    expect(receivers).toEqual([undefined]);
  });
});
