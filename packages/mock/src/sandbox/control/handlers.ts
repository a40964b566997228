/** The built-in control operations, by operationId of spec/control. */
import type { ControlHandler } from '../pipeline.js';
import { clockHandlers } from './clock.js';
import { inspectHandlers } from './inspect.js';
import { outcomeHandlers } from './outcomes.js';
import { realtimeHandlers } from './realtime.js';
import { tenantHandlers } from './tenants.js';
import { worldHandlers } from './world.js';

export const CONTROL_HANDLERS: Record<string, ControlHandler> = {
  ...clockHandlers,
  ...tenantHandlers,
  ...worldHandlers,
  ...outcomeHandlers,
  ...inspectHandlers,
  ...realtimeHandlers,
};
