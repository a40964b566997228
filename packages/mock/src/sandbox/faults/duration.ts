/** Durations of the control API (`1500ms`, `90s`, `16m`): undefined instead of a throw. */
import { durationMs } from '../control/duration.js';

const DURATION = /^[0-9]{1,9}(ms|s|m|h|d)$/;

export function parseDuration(text: string): number | undefined {
  return DURATION.test(text) ? durationMs(text) : undefined;
}
