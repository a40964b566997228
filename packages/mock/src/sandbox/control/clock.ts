/** Test clock: read, advance by a duration, set (forward only). */
import type { components } from '../../generated/control.js';
import { unprocessable } from '../errors.js';
import type { ControlHandler } from '../pipeline.js';
import { durationMs } from './duration.js';
import { toClock } from './wire.js';

type Schemas = components['schemas'];

export const clockHandlers: Record<string, ControlHandler> = {
  getClock: ({ tenant }) => toClock(tenant),
  advanceClock: async ({ tenant, body }) => {
    await tenant.clock.advance(durationMs((body as Schemas['AdvanceClock']).by));
    return toClock(tenant);
  },
  setClock: ({ tenant, body }) => {
    const at = Date.parse((body as Schemas['SetClock']).now);
    if (at < tenant.clock.nowMs()) {
      throw unprocessable(
        ['body', 'now'],
        `the clock only moves forward: it is already ${tenant.clock.now().toISOString()}`,
        'value_error.clock.past',
      );
    }
    tenant.clock.set(at);
    return toClock(tenant);
  },
};
