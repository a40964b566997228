/**
 * Wire types of the sandbox, all the spec's, generated once in @dollr/spec: every schema by its
 * own name (`ExecutionResponse`, `PayoutExecutionPayload`, …) and the value sets the paths and
 * vendor extensions name (`ExecutionKind`, `SessionKind`, `FeeBearer`).
 */
export type * from '@dollr/spec/openapi';
export type { ExecutionKind, FeeBearer, SessionKind } from '@dollr/spec/vocabulary';
