import { describe, expect, it } from 'vitest';
import {
  buildVocabulary,
  constantName,
  executionKinds,
  inputLimits,
  realtimeCollection,
} from '../scripts/vocabulary.mjs';
import { bundle, type Json } from './bundle.js';
import { realtimeFacts } from './facts.js';

const clone = (): Json => structuredClone(bundle);

/** The generated module, loaded from its text. */
async function load(spec: Json): Promise<Record<string, unknown>> {
  const { js } = buildVocabulary(spec);
  return import(`data:text/javascript,${encodeURIComponent(js)}`);
}

describe('the vocabulary generated from the bundle', () => {
  it('names the kinds after the paths, and every enum after its schema', async () => {
    const v = await load(bundle);
    expect(v.EXECUTION_KINDS).toEqual(['collection', 'payout', 'transfer', 'refund']);
    expect(v.SESSION_KINDS).toEqual(['checkout', 'payout', 'transfer', 'refund']);
    expect(v.EXECUTION_STATUSES).toEqual(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED']);
    expect(v.FINAL_EXECUTION_STATUSES).toEqual(['COMPLETED', 'FAILED']);
    expect(v.SOURCE_TYPES).toEqual(['INVOICE', 'ORDER', 'SUBSCRIPTION']);
    expect(v.CHECKOUT_SOURCE_TYPES).toEqual(['INVOICE', 'ORDER']);
    expect(v.FEE_BEARERS).toEqual(['PAYER', 'PAYEE']);
    const isFinal = v.isFinalExecutionStatus as (s: string) => boolean;
    expect(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED'].map(isFinal)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('follows a change of the spec: a new kind needs both its execute and its status path', async () => {
    const spec = clone();
    spec.paths['/executions/escrow'] = spec.paths['/executions/transfer'];
    expect(executionKinds(spec)).not.toContain('escrow');
    spec.paths['/status/escrow/{reference_id}'] = spec.paths['/status/transfer/{reference_id}'];
    expect(executionKinds(spec)).toContain('escrow');
    spec.components.schemas.SourceStatus.enum.push('ARCHIVED');
    expect((await load(spec)).SOURCE_STATUSES).toContain('ARCHIVED');
  });

  it('reads the input limits from the schemas', () => {
    expect(inputLimits(bundle)).toEqual({
      currencyLength: 3,
      minAmount: 0.01,
      referenceIdPattern: bundle.components.schemas.ReferenceId.pattern,
      phoneDigits: { min: 8, max: 15 },
    });
  });

  it('says where a page subscribes, as the realtime-status guide does', async () => {
    expect(realtimeCollection(bundle)).toEqual({
      ...realtimeFacts,
      row: 'PaymentIntentPublicStatus',
    });
    expect((await load(bundle)).REALTIME_COLLECTION).toEqual(realtimeCollection(bundle));
    const noTable = clone();
    delete noTable.paths['/realtime-keys/collection'].post['x-realtime'].table;
    expect(() => buildVocabulary(noTable)).toThrow(/x-realtime has no table/);
    const wrongRow = clone();
    wrongRow.paths['/realtime-keys/collection'].post['x-realtime'].row =
      '#/components/schemas/Nope';
    expect(() => buildVocabulary(wrongRow)).toThrow(/x-realtime.row/);
  });

  it('fails at bundle time, never with a silent default', () => {
    const unknownFinal = clone();
    unknownFinal.components.schemas.ExecutionStatus['x-final-statuses'] = ['SETTLED'];
    expect(() => buildVocabulary(unknownFinal)).toThrow(/x-final-statuses of ExecutionStatus/);
    const noPhone = clone();
    delete noPhone.components.schemas.PasscodeToken.properties.phone['x-e164-digits'];
    expect(() => buildVocabulary(noPhone)).toThrow(/x-e164-digits/);
  });

  it('declares literal types for every constant', () => {
    const { dts } = buildVocabulary(bundle);
    expect(dts).toContain(
      'export declare const EXECUTION_KINDS: readonly ["collection", "payout", "transfer", "refund"];',
    );
    expect(dts).toContain('export type ExecutionKind = (typeof EXECUTION_KINDS)[number];');
    expect(constantName('CheckoutSourceType')).toBe('CHECKOUT_SOURCE_TYPES');
    expect(constantName('ExecutionStatus')).toBe('EXECUTION_STATUSES');
  });
});
