import type { Command } from 'commander';
import { addCommand } from '../help.js';
import { registerClock } from './clock.js';
import { registerDoctor } from './doctor.js';
import { registerFaults } from './faults.js';
import { registerInspect } from './inspect.js';
import { registerOutcomes } from './outcomes.js';
import { registerTenants } from './tenants.js';
import { registerWorld } from './world.js';

export { registerLogs } from './logs.js';

/** `dollr sandbox …`: the control API of a local sandbox, for the tenant of the credentials. */
export function registerSandbox(program: Command): void {
  const sandbox = addCommand(
    program,
    'sandbox',
    'steer a local sandbox (dollr mock --stateful): clock, outcomes, world, tenants, faults, doctor',
    [
      'dollr sandbox clock advance 16m',
      'dollr sandbox next-outcome set 18 --status FAILED --gateway-message "Insufficient funds"',
      'dollr sandbox faults add ERROR_AFTER_EFFECT --operation collect --count 1',
      'dollr sandbox doctor show',
    ],
  );
  registerClock(sandbox);
  registerOutcomes(sandbox);
  registerWorld(sandbox);
  registerTenants(sandbox);
  registerInspect(sandbox);
  registerFaults(sandbox);
  registerDoctor(sandbox);
}
