/**
 * Which runtime runs this suite. The runtime lanes (`pnpm test:runtimes`) set
 * DOLLR_EXPECT_RUNTIME to the runtime they launched, e.g. `bun@1.4.5`, so a lane that silently
 * fell back to the machine's Node fails here instead of passing for the wrong runtime.
 */
import { describe, expect, it } from 'vitest';

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
