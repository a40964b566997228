/**
 * The pipeline's steps as one Hono handler (src/sandbox/steps.ts): `watch` hooks see the request
 * and then the answer the caller got; middlewares keep Hono's rules for answers and errors.
 */
import { describe, expect, it } from 'vitest';
import { HttpError } from '../src/sandbox/errors.js';
import type { SandboxExtension } from '../src/sandbox/pipeline.js';
import { createSandbox } from '../src/sandbox/server.js';

async function tokenOf(sandbox: ReturnType<typeof createSandbox>): Promise<string> {
  const res = await sandbox.app.request('/v1/jwt/client/obtain/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: sandbox.credentials.clientId,
      client_secret: sandbox.credentials.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function checkout(extensions: SandboxExtension[]) {
  const sandbox = createSandbox({ quiet: true, clock: 'manual', extensions });
  try {
    const token = await tokenOf(sandbox);
    const res = await sandbox.app.request('/v1/sessions/checkout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source_id: 101, source_type: 'INVOICE' }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } finally {
    sandbox.close();
  }
}

/** A checkout under a watch step that records each status it sees, then `step`. */
async function watchedCheckout(step: SandboxExtension) {
  const statuses: number[] = [];
  const answer = await checkout([
    { name: 'watch', watch: () => (c) => void statuses.push(c.res.status) },
    step,
  ]);
  return { answer, statuses };
}

type StepContext = Parameters<NonNullable<SandboxExtension['beforeHandler']>>[0];
const isCheckout = (c: StepContext) => c.get('operation')?.operationId === 'createCheckoutSession';

describe('pipeline steps', () => {
  it('calls watch hooks with the validated request, then (innermost first) with the answer', async () => {
    const seen: string[] = [];
    const watcher = (name: string): SandboxExtension => ({
      name,
      watch: (c) => {
        if (c.get('operation')?.operationId !== 'createCheckoutSession') return undefined;
        seen.push(
          `${name} sees ${String((c.get('request')?.body as { source_id?: number } | undefined)?.source_id)}`,
        );
        return (c) => {
          seen.push(`${name} answered ${c.res.status}`);
        };
      },
    });
    const answer = await checkout([watcher('outer'), watcher('inner')]);
    expect(answer.status).toBe(200);
    expect(seen).toEqual([
      'outer sees 101',
      'inner sees 101',
      'inner answered 200',
      'outer answered 200',
    ]);
  });

  it('shows watch hooks the answer a middleware replaced, after it awaited', async () => {
    const { answer, statuses } = await watchedCheckout({
      name: 'replace',
      beforeHandler: async (c, next) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await next();
        if (isCheckout(c)) {
          c.res = c.json({ detail: 'replaced' }, 503);
        }
      },
    });
    expect(answer).toEqual({ status: 503, body: { detail: 'replaced' } });
    expect(statuses).toEqual([200, 503]);
  });

  it("turns a middleware's HttpError into a Dollr answer the steps around it see", async () => {
    const { answer, statuses } = await watchedCheckout({
      name: 'refuse',
      beforeHandler: (c, next) => {
        if (isCheckout(c)) {
          throw new HttpError(429, 'Too many requests', { 'Retry-After': '1' });
        }
        return next();
      },
    });
    expect(answer).toEqual({ status: 429, body: { detail: 'Too many requests' } });
    expect(statuses).toEqual([200, 429]);
  });

  it('answers 500 in the API shape for an unexpected error, seen by the steps around it', async () => {
    const { answer, statuses } = await watchedCheckout({
      name: 'broken',
      beforeHandler: async (c, next) => {
        if (isCheckout(c)) {
          throw new Error('boom');
        }
        await next();
      },
    });
    expect(answer).toEqual({ status: 500, body: { detail: 'Internal server error' } });
    expect(statuses).toEqual([200, 500]);
  });
});
