/** The sandbox's notion of time: real (wall clock plus an offset) or manual (moves on advance). */
export interface SandboxClock {
  /** Current time in epoch milliseconds. */
  nowMs(): number;
  /** Current time as a Date. */
  now(): Date;
  /** Move time forward by `ms`; executions due by then settle before the promise resolves. */
  advance(ms: number): Promise<void>;
}

export type ClockKind = 'real' | 'manual';

export function createClock(
  kind: ClockKind,
  onAdvance: () => void,
  startAt?: Date | string | number,
): SandboxClock {
  let offset = 0;
  let manual = startAt === undefined ? Date.now() : new Date(startAt).getTime();
  if (Number.isNaN(manual)) throw new Error(`invalid clock start: ${String(startAt)}`);
  if (kind === 'real' && startAt !== undefined) offset = manual - Date.now();
  const nowMs = kind === 'manual' ? () => manual : () => Date.now() + offset;
  return {
    nowMs,
    now: () => new Date(nowMs()),
    async advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`advance() takes a positive duration, got ${ms}`);
      if (kind === 'manual') manual += ms;
      else offset += ms;
      onAdvance();
    },
  };
}
