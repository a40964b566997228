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
  bodyWith('createCheckoutSession', { source_id: 101.0 }),
  bodyWith('createCheckoutSession', { source_id: 101.5 }),
  bodyWith('createCheckoutSession', { source_id: 1e30 }),
  bodyWith('createCheckoutSession', { source_id: 9.2e18 }),
  bodyWith('createCheckoutSession', { source_id: 9.3e18 }),
  bodyWith('createCheckoutSession', { source_id: '101' }),
  bodyWith('createCheckoutSession', { source_id: '0x65' }),
  bodyWith('createCheckoutSession', { source_id: true }),
  bodyWith('createCheckoutSession', { source_id: null }),
  bodyWith('createCheckoutSession', { source_id: [101] }),
  bodyWith('createCheckoutSession', { source_id: undefined }),
  bodyWith('createCheckoutSession', { source_type: 'SUBSCRIPTION' }),
  bodyWith('createCheckoutSession', { source_type: 5 }),
  bodyWith('createPayoutSession', { amount: 0 }),
  bodyWith('createPayoutSession', { amount: 0.001 }),
  bodyWith('createPayoutSession', { amount: 'x' }),
  bodyWith('createPayoutSession', { amount: '5' }),
  bodyWith('createPayoutSession', { amount: null }),
  bodyWith('createPayoutSession', { currency: 'US' }),
  bodyWith('createPayoutSession', { currency: 'USDX' }),
  bodyWith('createPayoutSession', { currency: 840 }),
  bodyWith('createPayoutSession', { currency: 'U\u{1F600}D' }),
  bodyWith('createRefundSession', { reason: 5 }),
  bodyWith('createRefundSession', { reason: null }),
  bodyWith('createTransferSession', { expires_at: '2026-01-01T00:00:00' }),
  bodyWith('createTransferSession', { expires_at: '2026-01-01' }),
  bodyWith('createTransferSession', { expires_at: 'x' }),
  bodyWith('createTransferSession', { expires_at: '2026-13-01T00:00:00Z' }),
  bodyWith('createTransferSession', { expires_at: '2026-02-30T00:00:00Z' }),
  bodyWith('createTransferSession', { expires_at: '2016-12-31T23:59:60Z' }),
  bodyWith('createTransferSession', { expires_at: '2026-01-01T00:00:00+05' }),
  bodyWith('createTransferSession', { expires_at: '2026-01-01T00:00:00+0530' }),
  bodyWith('createTransferSession', { expires_at: '2026-01-01 00:00:00Z' }),
  bodyWith('createTransferSession', { expires_at: '2026-01-01T00:00Z' }),
  bodyWith('createTransferSession', { expires_at: 1700000000 }),
  bodyWith('collect', { reference_id: 'abc' }),
  bodyWith('collect', { reference_id: 'x' }),
  bodyWith('collect', { reference_id: '' }),
  bodyWith('collect', { reference_id: '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6' }),
  bodyWith('collect', { reference_id: '3f6c1d2e-8a4b-4c5d-9e7f' }),
  bodyWith('collect', { reference_id: '3f6c1d2e-8a4b-1c5d-9e7f-1a2b3c4d5e6f' }),
  bodyWith('collect', { reference_id: '3f6c1d2e8a4b4c5d9e7f1a2b3c4d5e6f' }),
  bodyWith('collect', { reference_id: 5 }),
  bodyWith('collect', { session_id: 12345 }),
  bodyWith('collect', { session_id: undefined, currency: undefined }),
  bodyWith('payout', { passcode: { token: {}, device: {} } }),
  bodyWith('payout', { passcode: [] }),
];

export const JSON_CASES: Array<{ operationId: string; json: string }> = [
  { operationId: 'createCheckoutSession', json: '[1]' },
  { operationId: 'createCheckoutSession', json: '"text"' },
  { operationId: 'createCheckoutSession', json: 'null' },
  { operationId: 'createCheckoutSession', json: '{"source_id": 1,' },
  { operationId: 'createCheckoutSession', json: '{' },
  { operationId: 'createCheckoutSession', json: 'x' },
  { operationId: 'createCheckoutSession', json: '{"source_id": 1} 2' },
];
