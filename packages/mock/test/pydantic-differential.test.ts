/**
 * Differential test against Pydantic itself (Python 3 with pydantic 2): the sandbox's validation
 * layer and Pydantic v2 lax mode answer the same requests. Not part of the default run (it needs
 * Python): `pnpm --filter @dollr/mock test:pydantic`. DOLLR_PYDANTIC_RECORD=1 also rewrites the
 * recorded answers of the fixed table (test/pydantic/recorded.json) that the default suite uses.
 *
 * Cases: the fixed table (test/pydantic/cases.ts) and FC_RUNS random ones per kind from FC_SEED.
 * Where Pydantic refuses, the sandbox must refuse with the same items; where Pydantic accepts, the
 * sandbox accepts, or refuses for a reason the spec states (it is deliberately stricter).
 */
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_RUNS, FC_SEED } from './fast-check-config.js';
import { BODY_CASES, JSON_CASES, PARAM_CASES } from './pydantic/cases.js';
import {
  bodyCase,
  type Case,
  comparable,
  pydanticAnswers,
  type RecordedCase,
  sandboxAnswer,
  stricterBecause,
} from './pydantic/harness.js';

const RECORDED = new URL('./pydantic/recorded.json', import.meta.url);

function fixedCases(): Case[] {
  return [
    ...PARAM_CASES,
    ...BODY_CASES.map((b) => bodyCase(b.operationId, b.fields)),
    ...JSON_CASES.map((j): Case => ({ kind: 'body', ...j })),
  ];
}

const intLike = fc
  .array(fc.constantFrom(...'0123456789_.+-eExob \t'.split(''), '\u00a0', '\u0085'), {
    maxLength: 8,
  })
  .map((chars) => chars.join(''));

function randomCases(): Case[] {
  const params = fc.sample(fc.oneof(intLike, fc.string({ maxLength: 8 })), {
    seed: FC_SEED,
    numRuns: FC_RUNS * 5,
  });
  const values = fc.sample(
    fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      intLike,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.uuid(),
    ),
    { seed: FC_SEED + 1, numRuns: FC_RUNS * 5 },
  );
  const fields: Array<[string, string]> = [
    ['createCheckoutSession', 'source_id'],
    ['createCheckoutSession', 'source_type'],
    ['createPayoutSession', 'amount'],
    ['createPayoutSession', 'currency'],
    ['createTransferSession', 'expires_at'],
    ['createRefundSession', 'reason'],
    ['collect', 'reference_id'],
    ['collect', 'session_id'],
  ];
  const bodies = fc.sample(
    fc.tuple(
      fc.constantFrom('createCheckoutSession', 'createPayoutSession', 'collect', 'payout'),
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.record({ passcode: fc.jsonValue({ maxDepth: 2 }) }),
        fc.record({
          passcode: fc.record({
            token: fc.jsonValue({ maxDepth: 1 }),
            device: fc.jsonValue({ maxDepth: 1 }),
          }),
        }),
      ),
    ),
    { seed: FC_SEED + 2, numRuns: FC_RUNS * 2 },
  );
  return [
    ...bodies.map(
      ([operationId, value]): Case =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? bodyCase(operationId, value as Record<string, unknown>)
          : { kind: 'body', operationId, json: JSON.stringify(value) },
    ),
    ...params.map(
      (raw): Case => ({
        kind: 'param',
        operationId: 'getSourceStatus',
        in: 'query',
        name: 'source_id',
        raw,
      }),
    ),
    ...values.map((value, i) => {
      const [operationId, field] = fields[i % fields.length] as [string, string];
      return bodyCase(operationId, { [field]: value });
    }),
  ];
}

const ENABLED = process.env.DOLLR_PYDANTIC === '1';

describe.runIf(ENABLED)('differential: sandbox vs Pydantic v2', () => {
  // Collected even when skipped: Python runs only when asked.
  const fixed = ENABLED ? fixedCases() : [];
  const cases = ENABLED ? [...fixed, ...randomCases()] : [];
  const { version, answers } = ENABLED ? pydanticAnswers(cases) : { version: '', answers: [] };

  it(`runs against pydantic ${version}`, () => {
    expect(version).toMatch(/^2\./);
  });

  it.each(cases.map((c, i) => ({ c, pydantic: answers[i], i })))(
    'case $i agrees',
    ({ c, pydantic }) => {
      const sandbox = sandboxAnswer(c);
      if (pydantic && !pydantic.ok) {
        expect(sandbox, JSON.stringify({ c, sandbox, pydantic })).toEqual(comparable(pydantic));
      } else if (!sandbox.ok) {
        expect(stricterBecause(c, sandbox), JSON.stringify({ c, sandbox })).toBeDefined();
      }
    },
  );

  it.runIf(process.env.DOLLR_PYDANTIC_RECORD === '1')('records the fixed table', () => {
    const recorded: RecordedCase[] = fixed.map((c, i) => {
      const pydantic = answers[i] as RecordedCase['pydantic'];
      const stricter = pydantic.ok ? stricterBecause(c, sandboxAnswer(c)) : undefined;
      return stricter ? { case: c, pydantic, stricter } : { case: c, pydantic };
    });
    writeFileSync(RECORDED, `${JSON.stringify({ pydantic: version, cases: recorded }, null, 2)}\n`);
  });
});
