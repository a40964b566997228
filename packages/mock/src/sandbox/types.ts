/** Wire types of the sandbox, all taken from the spec (generated once, in @dollr/spec). */
import type { components } from '@dollr/spec/openapi';

export type {
  CheckoutSourceType,
  ExecutionKind,
  ExecutionStatus,
  FeeBearer,
  OperationType,
  SessionKind,
  SessionStatus,
  SourceStatus,
  SourceType,
} from '@dollr/spec/vocabulary';

type Schemas = components['schemas'];

export type ClientCredentialObtainTokenPayload = Schemas['ClientCredentialObtainTokenPayload'];
export type ObtainTokenResponse = Schemas['ObtainTokenResponse'];
export type ErrorDetail = Schemas['ErrorDetail'];
export type ValidationError = Schemas['ValidationError'];
export type HTTPValidationError = Schemas['HTTPValidationError'];
export type CreateCheckoutSessionPayload = Schemas['CreateCheckoutSessionPayload'];
export type CreatePayoutSessionPayload = Schemas['CreatePayoutSessionPayload'];
export type CreateTransferSessionPayload = Schemas['CreateTransferSessionPayload'];
export type CreateRefundSessionPayload = Schemas['CreateRefundSessionPayload'];
export type CheckoutSessionResponse = Schemas['CheckoutSessionResponse'];
export type PayoutSessionResponse = Schemas['PayoutSessionResponse'];
export type TransferSessionResponse = Schemas['TransferSessionResponse'];
export type RefundSessionResponse = Schemas['RefundSessionResponse'];
export type CheckoutExecutionPayload = Schemas['CheckoutExecutionPayload'];
export type PayoutExecutionPayload = Schemas['PayoutExecutionPayload'];
export type TransferExecutionPayload = Schemas['TransferExecutionPayload'];
export type RefundExecutionPayload = Schemas['RefundExecutionPayload'];
export type ExecutionResponse = Schemas['ExecutionResponse'];
export type PaymentSourceStatusResponse = Schemas['PaymentSourceStatusResponse'];
