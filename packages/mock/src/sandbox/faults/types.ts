/** The control API's fault vocabulary (spec/control: CreateFault, Fault, FaultKind). */
export const FAULT_KINDS = [
  'LATENCY',
  'ERROR_BEFORE_EFFECT',
  'ERROR_AFTER_EFFECT',
  'RESET_AFTER_EFFECT',
  'NO_ANSWER_AFTER_EFFECT',
  'RATE_LIMIT',
  'UNAUTHORIZED',
  'HOLD_PROCESSING',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface CreateFault {
  kind: FaultKind;
  operation?: string;
  method?: 'GET' | 'POST';
  count?: number;
  probability?: number;
  from?: string;
  until?: string;
  latency?: string;
  status?: number;
  retry_after?: number;
  hold_for?: string;
}

export interface FaultView {
  id: string;
  rule: CreateFault;
  fired: number;
  remaining: number | null;
}
