import type {
  CheckoutExecutionPayload,
  CheckoutSessionResponse,
  CreateRefundSessionPayload,
  CreateTransferSessionPayload,
  ExecutionResponse,
  HttpValidationError,
  PaymentSourceStatusResponse,
  PayoutExecutionPayload,
  PayoutSessionResponse,
  RefundExecutionPayload,
  RefundSessionResponse,
  TransferExecutionPayload,
  TransferSessionResponse,
  ValidationError,
} from '@dollr/spec/openapi';

// The spec's types (generated once in @dollr/spec): requests and shared shapes by their spec names.
export type {
  CheckoutExecutionPayload,
  ClientCredentialObtainTokenPayload,
  CreateCheckoutSessionPayload,
  CreatePayoutSessionPayload,
  CreateRefundSessionPayload,
  CreateTransferSessionPayload,
  components,
  DeviceInfo,
  ErrorDetail,
  ExecutionResponse,
  ObtainTokenResponse,
  operations,
  PasscodeToken,
  PayoutExecutionPayload,
  paths,
  RefundExecutionPayload,
  TransferExecutionPayload,
  WithDeviceVerifyPasscodePayload,
} from '@dollr/spec/openapi';
// The spec's value sets.
export type {
  CheckoutSourceType,
  ExecutionKind,
  ExecutionStatus,
  FeeBearer,
  FinalExecutionStatus,
  OperationType,
  SessionKind,
  SessionStatus,
  SourceStatus,
  SourceType,
} from '@dollr/spec/vocabulary';

// Responses, under readable names.
export type CheckoutSession = CheckoutSessionResponse;
export type PayoutSession = PayoutSessionResponse;
export type TransferSession = TransferSessionResponse;
export type RefundSession = RefundSessionResponse;
export type PaymentSourceStatus = PaymentSourceStatusResponse;
export type ValidationIssue = ValidationError;
export type HTTPValidationError = HttpValidationError;

export interface RetryOptions {
  /** Attempts per request, the first included. Default 4. */
  maxAttempts?: number;
  /** Give up retrying once this much time has passed since the first attempt. Default 30 000. */
  maxElapsedMs?: number;
  /** First backoff delay; doubles on each attempt, with full jitter. Default 500. */
  baseDelayMs?: number;
  /** The longest single backoff delay. Default 8 000. */
  maxDelayMs?: number;
}

export interface DollrClientOptions {
  /** The API root, ending in `/v1`: `https://api.heydollr.app/v1`, or a local mock's URL. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** A fetch implementation; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Time limit of each HTTP request, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** Called before every HTTP attempt (never sees headers, so never sees a secret). */
  onRequest?: (info: { method: string; url: string; attempt: number }) => void;
  /** Called after every HTTP answer. */
  onResponse?: (info: { method: string; url: string; status: number; durationMs: number }) => void;
}

export interface ExecuteOptions {
  /** Awaited with the reference id BEFORE the request is sent: persist it here. */
  onReferenceId?: (referenceId: string) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Give up (DollrTimeoutError) after this long. Default 600 000 (10 minutes). */
  timeoutMs?: number;
  /** The first polling interval. Default 2 000. */
  intervalMs?: number;
  /** The interval grows ×1.5 up to this. Default 10 000. */
  maxIntervalMs?: number;
  /** Sees the execution every time its status changes, the first observation included. */
  onStatus?: (execution: ExecutionResponse) => void;
}

/** When a client-chosen expiry is due: a Date, a duration in ms from now, or an ISO string. */
export type Expiry = Date | number | string;

type WithExpiry<T> = Omit<T, 'expires_at'> & { expiresAt?: Expiry; expires_at?: string };
export type TransferSessionInput = WithExpiry<CreateTransferSessionPayload>;
export type RefundSessionInput = WithExpiry<CreateRefundSessionPayload>;

type WithOptionalReference<T> = Omit<T, 'reference_id'> & { reference_id?: string };
export type CollectInput = WithOptionalReference<CheckoutExecutionPayload>;
export type PayoutInput = WithOptionalReference<PayoutExecutionPayload>;
export type TransferInput = WithOptionalReference<TransferExecutionPayload>;
export type RefundInput = WithOptionalReference<RefundExecutionPayload>;
