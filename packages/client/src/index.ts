export { createDollrClient, type DollrClient } from './client.js';
export {
  DollrAbortError,
  DollrApiError,
  DollrAuthError,
  DollrError,
  DollrNetworkError,
  DollrRateLimitError,
  DollrTimeoutError,
} from './errors.js';
export { isFinalStatus, newReferenceId } from './executions.js';
export type { RequestOptions, SessionApi } from './sessions.js';
export type * from './types.js';
