/** The control API's fault vocabulary, from spec/control (CreateFault, Fault, FaultKind). */
import type { components } from '../../generated/control.js';

type Schemas = components['schemas'];
export type FaultKind = Schemas['FaultKind'];
export type CreateFault = Schemas['CreateFault'];
export type FaultView = Schemas['Fault'];

// Keyed by the spec's enum: the compiler refuses a kind missing here or one the spec lacks.
const KINDS: Record<FaultKind, true> = {
  LATENCY: true,
  ERROR_BEFORE_EFFECT: true,
  ERROR_AFTER_EFFECT: true,
  RESET_AFTER_EFFECT: true,
  NO_ANSWER_AFTER_EFFECT: true,
  RATE_LIMIT: true,
  UNAUTHORIZED: true,
  HOLD_PROCESSING: true,
};

export const FAULT_KINDS = Object.keys(KINDS) as FaultKind[];
