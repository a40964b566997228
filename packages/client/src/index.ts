export { createDollrClient, type DollrClient } from './client.js';
export {
  type AnyDollrError,
  DollrAbortError,
  DollrApiError,
  DollrAuthError,
  DollrError,
  type DollrErrorCode,
  DollrNetworkError,
  DollrRateLimitError,
  DollrTimeoutError,
  describeDetail,
  formatValidationIssues,
  isDollrError,
} from './errors.js';
export { isFinalStatus, newReferenceId } from './executions.js';
export type { RequestOptions, SessionApi } from './sessions.js';
export type * from './types.js';
