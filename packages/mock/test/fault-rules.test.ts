import { describe, expect, it } from 'vitest';
import { type FaultSteps, runWithFault } from '../src/sandbox/faults/apply.js';
import { parseFaultHeader } from '../src/sandbox/faults/header.js';
import { FaultBook, resolveFault } from '../src/sandbox/faults/rules.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const collect = { operation: 'collect', method: 'POST' };
const poll = { operation: 'getCollectionStatus', method: 'GET' };

describe('fault rules', () => {
  it('an empty book fires nothing and says so', () => {
    const book = new FaultBook();
    expect(book.empty).toBe(true);
    expect(book.match(collect, T0)).toBeUndefined();
  });

  it('matches by operation and method, first rule first', () => {
    const book = new FaultBook();
    book.add({ kind: 'RATE_LIMIT', operation: 'getCollectionStatus', retry_after: 3 });
    book.add({ kind: 'ERROR_BEFORE_EFFECT', method: 'POST', status: 503 });
    book.add({ kind: 'UNAUTHORIZED' });
    expect(book.match(poll, T0)).toMatchObject({
      kind: 'RATE_LIMIT',
      retryAfter: 3,
      ruleId: 'ft_1',
    });
    expect(book.match(collect, T0)).toMatchObject({ kind: 'ERROR_BEFORE_EFFECT', status: 503 });
    expect(book.match({ operation: 'obtainToken', method: 'GET' }, T0)?.kind).toBe('UNAUTHORIZED');
  });

  it('a count retires the rule after that many fires, and the view says so', () => {
    const book = new FaultBook();
    const rule = book.add({ kind: 'ERROR_AFTER_EFFECT', operation: 'collect', count: 2 });
    expect(rule).toMatchObject({ id: 'ft_1', fired: 0, remaining: 2 });
    expect(book.match(poll, T0)).toBeUndefined(); // no match, nothing counted
    expect(book.match(collect, T0)?.kind).toBe('ERROR_AFTER_EFFECT');
    expect(book.match(collect, T0)?.kind).toBe('ERROR_AFTER_EFFECT');
    expect(book.match(collect, T0)).toBeUndefined();
    expect(book.get('ft_1')).toMatchObject({ fired: 2, remaining: 0 });
  });

  it('a rule without a count stays until removed; clear removes them all', () => {
    const book = new FaultBook();
    book.add({ kind: 'UNAUTHORIZED' });
    book.add({ kind: 'RATE_LIMIT' });
    for (let i = 0; i < 5; i++) expect(book.match(collect, T0)?.kind).toBe('UNAUTHORIZED');
    expect(book.list()[0]).toMatchObject({ fired: 5, remaining: null });
    expect(book.remove('ft_1')).toBe(true);
    expect(book.remove('ft_1')).toBe(false);
    expect(book.match(collect, T0)?.kind).toBe('RATE_LIMIT');
    book.clear();
    expect(book.empty).toBe(true);
    expect(book.add({ kind: 'UNAUTHORIZED' }).id).toBe('ft_3'); // ids are never reused
  });

  it('fires only inside its window on the tenant clock', () => {
    const book = new FaultBook();
    book.add({
      kind: 'ERROR_BEFORE_EFFECT',
      from: '2026-01-01T00:01:00Z',
      until: '2026-01-01T00:02:00Z',
    });
    expect(book.match(collect, T0)).toBeUndefined();
    expect(book.match(collect, T0 + 60_000)).toBeDefined();
    expect(book.match(collect, T0 + 119_999)).toBeDefined();
    expect(book.match(collect, T0 + 120_000)).toBeUndefined();
  });

  it('a probability fires about that often, the same way for the same seed', () => {
    const draws = (seed: number) => {
      const book = new FaultBook(seed);
      book.add({ kind: 'ERROR_BEFORE_EFFECT', probability: 0.3 });
      return Array.from({ length: 1000 }, () => book.match(collect, T0) !== undefined);
    };
    const first = draws(42);
    expect(draws(42)).toEqual(first);
    expect(draws(7)).not.toEqual(first);
    const fired = first.filter(Boolean).length;
    expect(fired).toBeGreaterThan(240);
    expect(fired).toBeLessThan(360);
  });

  it('probability 0 never fires, and a count counts only fires', () => {
    const book = new FaultBook(1);
    book.add({ kind: 'UNAUTHORIZED', probability: 0 });
    book.add({ kind: 'RATE_LIMIT', probability: 0.5, count: 3 });
    const kinds = Array.from({ length: 200 }, () => book.match(collect, T0)?.kind);
    expect(kinds).not.toContain('UNAUTHORIZED');
    expect(kinds.filter((k) => k === 'RATE_LIMIT')).toHaveLength(3);
  });

  it('resolves defaults: status 500, Retry-After 1, hold indefinitely', () => {
    expect(resolveFault({ kind: 'ERROR_AFTER_EFFECT' }, null)).toMatchObject({
      status: 500,
      retryAfter: 1,
      holdForMs: null,
      latencyMs: 0,
    });
    expect(resolveFault({ kind: 'HOLD_PROCESSING', hold_for: '2m' }, 'ft_1').holdForMs).toBe(
      120_000,
    );
    expect(resolveFault({ kind: 'LATENCY', latency: '1500ms' }, 'ft_1').latencyMs).toBe(1500);
  });
});

describe('the Dollr-Sandbox-Fault header', () => {
  it('reads a kind and its parameters', () => {
    expect(parseFaultHeader('ERROR_AFTER_EFFECT; status=503')).toMatchObject({
      fault: { kind: 'ERROR_AFTER_EFFECT', status: 503, ruleId: null },
    });
    expect(parseFaultHeader('RATE_LIMIT;retry_after=2')).toMatchObject({
      fault: { kind: 'RATE_LIMIT', retryAfter: 2 },
    });
    expect(parseFaultHeader('LATENCY; latency=250ms')).toMatchObject({
      fault: { kind: 'LATENCY', latencyMs: 250 },
    });
    expect(parseFaultHeader('NO_ANSWER_AFTER_EFFECT')).toMatchObject({
      fault: { kind: 'NO_ANSWER_AFTER_EFFECT' },
    });
  });

  it.each([
    ['BOOM', 'unknown fault'],
    ['after-commit-500', 'unknown fault'],
    ['ERROR_AFTER_EFFECT; status=404', 'status must be an integer from 500 to 599'],
    ['RATE_LIMIT; retry_after=-1', 'retry_after must be'],
    ['LATENCY', 'LATENCY needs latency'],
    ['LATENCY; latency=2m', 'at most 60s'],
    ['LATENCY; latency=fast', 'latency must be a duration'],
    ['UNAUTHORIZED; colour=red', 'unknown parameter'],
  ])('refuses %j with a located message', (value, message) => {
    const parsed = parseFaultHeader(value);
    expect(parsed).toHaveProperty('issues');
    const [issue] = (parsed as { issues: Array<{ loc: unknown; msg: string }> }).issues;
    expect(issue?.loc).toEqual(['header', 'dollr-sandbox-fault']);
    expect(issue?.msg).toContain(message);
  });
});

describe('running a request under a fault', () => {
  function steps(status = 200) {
    const calls: string[] = [];
    let closed!: () => void;
    const closing = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const s: FaultSteps = {
      proceed: async () => {
        calls.push('proceed');
      },
      status: () => status,
      referenceId: () => 'ref-1',
      holdProcessing: (id, ms) => calls.push(`hold ${id} ${ms}`),
      connection: {
        reset: () => {
          calls.push('reset');
          closed();
        },
        closed: () => closing,
      },
    };
    return { s, calls, close: () => closed() };
  }

  it('answers before the effect without running the operation', async () => {
    for (const [kind, status] of [
      ['ERROR_BEFORE_EFFECT', 502],
      ['RATE_LIMIT', 429],
      ['UNAUTHORIZED', 401],
    ] as const) {
      const { s, calls } = steps();
      const answer = await runWithFault(
        resolveFault({ kind, status: 502, retry_after: 4 }, null),
        s,
      );
      expect(answer).toMatchObject({ type: 'answer', status });
      expect(calls).toEqual([]);
    }
    const { s } = steps();
    expect(
      await runWithFault(resolveFault({ kind: 'RATE_LIMIT', retry_after: 4 }, null), s),
    ).toMatchObject({
      headers: { 'Retry-After': '4' },
    });
  });

  it('runs the operation once, then spoils the answer', async () => {
    const error = steps();
    expect(
      await runWithFault(resolveFault({ kind: 'ERROR_AFTER_EFFECT', status: 504 }, null), error.s),
    ).toMatchObject({ status: 504 });
    expect(error.calls).toEqual(['proceed']);

    const reset = steps();
    expect(await runWithFault(resolveFault({ kind: 'RESET_AFTER_EFFECT' }, null), reset.s)).toEqual(
      { type: 'none' },
    );
    expect(reset.calls).toEqual(['proceed', 'reset']);

    const lost = steps();
    const pending = runWithFault(resolveFault({ kind: 'NO_ANSWER_AFTER_EFFECT' }, null), lost.s);
    await Promise.resolve();
    lost.close();
    expect(await pending).toEqual({ type: 'none' });
    expect(lost.calls).toEqual(['proceed']);
  });

  it('keeps the operation answer for LATENCY and HOLD_PROCESSING, holding only a 200', async () => {
    const slow = steps();
    expect(
      await runWithFault(resolveFault({ kind: 'LATENCY', latency: '1ms' }, null), slow.s),
    ).toBeUndefined();
    expect(slow.calls).toEqual(['proceed']);

    const held = steps();
    await runWithFault(resolveFault({ kind: 'HOLD_PROCESSING', hold_for: '30s' }, null), held.s);
    expect(held.calls).toEqual(['proceed', 'hold ref-1 30000']);

    const refused = steps(422);
    await runWithFault(resolveFault({ kind: 'HOLD_PROCESSING' }, null), refused.s);
    expect(refused.calls).toEqual(['proceed']);
  });
});
