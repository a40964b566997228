/** Wire types of the sandbox, all taken from the spec (src/generated/openapi.ts). */
import type { components } from '../generated/openapi.js';

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
export type ExecutionStatus = Schemas['ExecutionStatus'];
export type OperationType = Schemas['OperationType'];
export type SessionStatus = Schemas['SessionStatus'];
export type SourceType = Schemas['SourceType'];
export type CheckoutSourceType = Schemas['CheckoutSourceType'];
export type SourceStatus = Schemas['SourceStatus'];
export type PaymentSourceStatusResponse = Schemas['PaymentSourceStatusResponse'];

export type ExecutionKind = 'collection' | 'payout' | 'transfer' | 'refund';
export type SessionKind = 'checkout' | 'payout' | 'transfer' | 'refund';
export type FeeBearer = 'PAYER' | 'PAYEE';
