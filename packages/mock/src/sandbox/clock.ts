/** The sandbox's notion of time: real (wall clock plus an offset) or manual (moves on advance). */
export interface SandboxClock {
  readonly kind: ClockKind;
  /** Current time in epoch milliseconds. */
  nowMs(): number;
  /** Current time as a Date. */
  now(): Date;
  /** Move time forward by `ms`; executions due by then settle before the promise resolves. */
  advance(ms: number): Promise<void>;
  /** Move time to `atMs`, which must not be earlier than now; settles what became due. */
  set(atMs: number): void;
  /** Back to where the clock started. */
  reset(): void;
}

export type ClockKind = 'real' | 'manual';

export function createClock(
  kind: ClockKind,
  onAdvance: () => void,
  startAt?: Date | string | number,
): SandboxClock {
  const wallAtStart = Date.now();
  const start = startAt === undefined ? wallAtStart : new Date(startAt).getTime();
  if (Number.isNaN(start)) throw new Error(`invalid clock start: ${String(startAt)}`);
  const initialOffset = kind === 'real' && startAt !== undefined ? start - wallAtStart : 0;
  let offset = initialOffset;
  let manual = start;
  const nowMs = kind === 'manual' ? () => manual : () => Date.now() + offset;
  const moveBy = (ms: number) => {
    if (kind === 'manual') manual += ms;
    else offset += ms;
    onAdvance();
  };
  return {
    kind,
    nowMs,
    now: () => new Date(nowMs()),
    async advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`advance() takes a positive duration, got ${ms}`);
      moveBy(ms);
    },
    set(atMs: number) {
      const by = atMs - nowMs();
      if (!Number.isFinite(by) || by < 0) throw new Error('the clock only moves forward');
      moveBy(by);
    },
    reset() {
      offset = initialOffset;
      manual = start;
    },
  };
}
