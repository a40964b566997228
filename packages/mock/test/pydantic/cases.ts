/**
 * The fixed table of differential cases: every counterexample found so far (issue 10's
 * `source_id=%20`, `0x65`, `1e2`, ` `, `1e30`, `101.5`) and the edges of Pydantic's lax parsing.
 * Their Pydantic answers are recorded in recorded.json (DOLLR_PYDANTIC_RECORD=1 rewrites it from
 * oracle.py); the default suite checks the sandbox against that record without Python.
 */
import type { Case } from './harness.js';

const sourceId = (raw: string): Case => ({
  kind: 'param',
  operationId: 'getSourceStatus',
  in: 'query',
  name: 'source_id',
  raw,
});
const sourceType = (raw: string): Case => ({
  kind: 'param',
  operationId: 'getSourceStatus',
  in: 'query',
  name: 'source_type',
  raw,
});

/** A body: the operation's example with some fields replaced (`undefined` removes one). */
export const bodyWith = (operationId: string, fields: Record<string, unknown>) => ({
  operationId,
  fields,
});

/** One body case per value of a field of the operation's example. */
const valuesOf = (operationId: string, field: string, values: unknown[]) =>
  values.map((value) => bodyWith(operationId, { [field]: value }));

export const PARAM_CASES: Case[] = [
  // Issue 10's counterexamples.
  ...[' ', '0x65', '1e2', '1e30', '101.5'].map(sourceId),
  // Accepted by Pydantic.
  ...['101', ' 101 ', '101.0', '101.00', '-101.0', '+5', '-0', '00101', '1_000', '0_1'].map(
    sourceId,
  ),
  ...['\u0085101\u0085', '\u2028101', '999999999999999999999999999999', '101.0 '].map(sourceId),
  // Refused by Pydantic.
  ...['', '\t', '101.', '.5', '1.0e2', '1__0', '_1', '1_', '0b1', '0o7', '1 0', 'inf', 'nan'].map(
    sourceId,
  ),
  ...['-', '+-1', '1.0_0', '\ufeff1', '١٢٣', '101.0000000000000001', 'abc', '1,000'].map(sourceId),
  ...['INVOICE', 'ORDER', 'SUBSCRIPTION', 'invoice', '', ' INVOICE', 'RECEIPT'].map(sourceType),
];

export const BODY_CASES: Array<{ operationId: string; fields: Record<string, unknown> }> = [
  ...valuesOf('createCheckoutSession', 'source_id', [
    101.0,
    101.5,
    1e30,
    9.2e18,
    9.3e18,
    '101',
    '0x65',
    true,
    null,
    [101],
    undefined,
  ]),
  ...valuesOf('createCheckoutSession', 'source_type', ['SUBSCRIPTION', 5]),
  ...valuesOf('createPayoutSession', 'amount', [0, 0.001, 'x', '5', null]),
  ...valuesOf('createPayoutSession', 'currency', ['US', 'USDX', 840, 'U\u{1F600}D']),
  ...valuesOf('createRefundSession', 'reason', [5, null]),
  ...valuesOf('createTransferSession', 'expires_at', [
    '2026-01-01T00:00:00',
    '2026-01-01',
    'x',
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2016-12-31T23:59:60Z',
    '2026-01-01T00:00:00+05',
    '2026-01-01T00:00:00+0530',
    '2026-01-01 00:00:00Z',
    '2026-01-01T00:00Z',
    1700000000,
  ]),
  ...valuesOf('collect', 'reference_id', [
    'abc',
    'x',
    '',
    '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6',
    '3f6c1d2e-8a4b-4c5d-9e7f',
    '3f6c1d2e-8a4b-1c5d-9e7f-1a2b3c4d5e6f',
    '3f6c1d2e8a4b4c5d9e7f1a2b3c4d5e6f',
    5,
  ]),
  bodyWith('collect', { session_id: 12345 }),
  bodyWith('collect', { session_id: undefined, currency: undefined }),
  ...valuesOf('payout', 'passcode', [{ token: {}, device: {} }, []]),
];

export const JSON_CASES: Array<{ operationId: string; json: string }> = [
  '[1]',
  '"text"',
  'null',
  '{"source_id": 1,',
  '{',
  'x',
  '{"source_id": 1} 2',
].map((json) => ({ operationId: 'createCheckoutSession', json }));
