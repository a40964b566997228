/**
 * FastAPI parity without Python: the sandbox answers the fixed table of cases as Pydantic v2 did
 * when recorded (test/pydantic/recorded.json, from oracle.py; see pydantic-differential.test.ts),
 * and issue 10's counterexamples answer 422 at the right `loc` over HTTP.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../src/index.js';
import {
  bodyCase,
  comparable,
  type RecordedCase,
  sandboxAnswer,
  stricterBecause,
} from './pydantic/harness.js';
import { CREDENTIALS } from './support.js';

const recorded = JSON.parse(
  readFileSync(new URL('./pydantic/recorded.json', import.meta.url), 'utf8'),
) as { pydantic: string; cases: RecordedCase[] };

describe(`the sandbox answers as pydantic ${recorded.pydantic} did`, () => {
  it.each(recorded.cases.map((r, i) => ({ ...r, i })))('case $i', (r) => {
    const sandbox = sandboxAnswer(r.case);
    if (!r.pydantic.ok) {
      expect(sandbox, JSON.stringify(r.case)).toEqual(comparable(r.pydantic));
    } else if (r.stricter) {
      expect(sandbox.ok).toBe(false);
      expect(stricterBecause(r.case, sandbox)).toBe(r.stricter);
    } else {
      expect(sandbox, JSON.stringify(r.case)).toEqual({ ok: true });
    }
  });
});

describe('issue 10: what Pydantic refuses is a 422 at its loc, over HTTP', () => {
  const sandbox = createSandbox({ clock: 'manual', quiet: true });
  afterAll(() => sandbox.close());
  const token = Promise.resolve(
    sandbox.app.request('/v1/jwt/client/obtain/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: CREDENTIALS.clientId,
        client_secret: CREDENTIALS.clientSecret,
      }),
    }),
  )
    .then((res) => res.json())
    .then((body) => (body as { access_token: string }).access_token);

  async function call(path: string, body?: string) {
    const res = await sandbox.app.request(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${await token}`, 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, body: (await res.json()) as { detail: unknown } };
  }

  it.each(['%20', '0x65', '1e2', '1e30', '101.5', '', '%09'])('source_id=%s', async (raw) => {
    const res = await call(`/v1/status/source?source_type=INVOICE&source_id=${raw}`);
    expect(res.status).toBe(422);
    expect(res.body.detail).toEqual([
      {
        type: 'int_parsing',
        loc: ['query', 'source_id'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: decodeURIComponent(raw),
      },
    ]);
  });

  it.each(['101', '%20101%20', '101.0', '1_01', '+101'])(
    'source_id=%s is invoice 101',
    async (raw) => {
      const res = await call(`/v1/status/source?source_type=INVOICE&source_id=${raw}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ source_id: 101 });
    },
  );

  it('a repeated query parameter counts once, the last one (as Starlette reads it)', async () => {
    const last = await call('/v1/status/source?source_type=INVOICE&source_id=0x65&source_id=101');
    expect(last.status).toBe(200);
    const bad = await call('/v1/status/source?source_type=INVOICE&source_id=101&source_id=0x65');
    expect(bad.status).toBe(422);
  });

  it.each([
    [101.5, 'int_from_float'],
    [1e30, 'int_parsing_size'],
  ])('a body source_id of %s is %s at ["body","source_id"]', async (value, type) => {
    const { json } = bodyCase('createCheckoutSession', { source_id: value }) as { json: string };
    const res = await call('/v1/sessions/checkout', json);
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatchObject([{ type, loc: ['body', 'source_id'], input: value }]);
  });
});
