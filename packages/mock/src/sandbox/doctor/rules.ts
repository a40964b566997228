/**
 * The rules of the Dollr docs that the doctor checks (spec/control: DoctorRule), each with the
 * text it cites when an integration breaks it.
 */
import type { components } from '../../generated/control.js';

export type DoctorRule = components['schemas']['DoctorRule'];

/** Keyed by the spec's enum: the compiler refuses a rule missing here or one the spec lacks. */
export const DOCTOR_RULES: Record<DoctorRule, string> = {
  POLL_TOO_FAST:
    'Dollr docs, processing time: "Mobile money can stay PROCESSING for minutes. Poll every 2–5 s, never re-execute meanwhile."',
  NEW_REFERENCE_WHILE_IN_FLIGHT:
    'Dollr docs, idempotency: "reference_id is the idempotency key of one payment attempt. […] PROCESSING or COMPLETED means do not execute again; FAILED or not found means a new session and a new id are safe."',
  RETRY_WITHOUT_STATUS:
    'Dollr docs, errors: "5xx: the request may or may not have been processed. For executions: poll status first, then retry with backoff." Idempotency: "After a timeout, a lost response or a 5xx, the caller polls status with the same id."',
  TOKEN_PER_CALL:
    'Dollr docs, authentication: "No refresh endpoint: call it again. Refresh when fewer than 5 minutes remain; one refresh at a time per process, shared by all concurrent callers."',
  SESSION_REUSED:
    'Dollr docs, sessions: "Short lived: create it right before executing; never cache session ids." Executing "an expired, unknown, already used or wrong-type session" is a 422; "Remedy: a new session and a new reference_id."',
  RETRY_BEFORE_RETRY_AFTER:
    'Dollr docs, rate limits: "429 per merchant or IP, with Retry-After in seconds when present; otherwise back off 1 s, 2 s, 4 s … with a cap."',
};

/** The shortest interval between two polls of a status that the docs allow. */
export const MIN_POLL_INTERVAL_MS = 2000;

/** A token with more than this left should have been reused (the docs' refresh margin). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
