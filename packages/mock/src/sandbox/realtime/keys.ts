/**
 * Realtime keys: JWT-shaped (so any Supabase client can read `exp` and `role`), random signature,
 * valid only where they were issued: a key is found in its tenant's state, so checking one is a
 * synchronous lookup, in the browser build too. Expiry follows the tenant's clock (`advanceClock`
 * expires a key); the `exp` claim is wall time, which is what a client compares it with.
 */
import type { Merchant } from '../auth.js';
import { b64url, fromB64url } from '../auth.js';
import { unprocessable } from '../errors.js';
import type { Tenant, TenantRegistry } from '../tenants.js';
import type {
  CheckoutSourceType,
  CollectionRealtimeKeyPayload,
  RealtimeKeyResponse,
} from '../types.js';

/**
 * The sandbox's public anon key (role `anon`), the `SUPABASE_ANON_KEY` of the sandbox: required as
 * `apikey` by its realtime socket. Public like Supabase's anon keys, never a secret; it sees no row.
 */
export const SANDBOX_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJkb2xsci1zYW5kYm94IiwicmVmIjoic2FuZGJveCIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjQxMDI0NDQ4MDB9.ZG9sbHItc2FuZGJveC1hbm9uLWtleS1pcy1wdWJsaWM';

export interface RealtimeKeyClaims {
  iss: 'dollr-sandbox';
  role: 'authenticated';
  iat: number;
  exp: number;
  tenant: string;
  session_id: number;
  source_type: CheckoutSourceType;
  reference_id: string;
}

interface KeyRecord {
  claims: RealtimeKeyClaims;
  /** Expiry on the tenant's clock. */
  expMs: number;
}

/** Who a token lets in: the anon role (sees no row) or one collection of one tenant. */
export type RealtimeAccess =
  | { role: 'anon' }
  | { role: 'authenticated'; tenant: Tenant; claims: RealtimeKeyClaims; expMs: number };

/** A refused token, with Supabase Realtime's wording for a join (`reason`) and a socket. */
export interface RealtimeRefusal {
  /** `{code}: {message}`, the reason of a refused join. */
  reason: string;
  /** What a joined channel is told before it is closed on a refused token refresh. */
  shutdown: string;
  /** The `error` of the websocket handshake's 401 when it is the `apikey`. */
  handshake: string;
}

export type TokenCheck =
  | { ok: true; access: RealtimeAccess }
  | { ok: false; refusal: RealtimeRefusal };

const KEYS_STATE = 'realtime-keys';
const SWEEP_AT = 1000;

function keysOf(tenant: Tenant): Map<string, KeyRecord> {
  return tenant.state(KEYS_STATE, () => new Map<string, KeyRecord>());
}

function sessionProblem(id: number, why: string) {
  return unprocessable(['body', 'session_id'], `session ${id} ${why}`, 'value_error.session');
}

/**
 * `POST /realtime-keys/collection`: the session must be one of this merchant's checkout sessions
 * (422 at `session_id` otherwise, as executions answer), for the source type given; the reference
 * id need not exist yet.
 */
export function issueCollectionKey(
  tenant: Tenant,
  merchant: Merchant,
  body: CollectionRealtimeKeyPayload,
): RealtimeKeyResponse {
  const session = tenant.store.getSession(body.session_id);
  if (!session || session.merchant !== merchant.clientId)
    throw sessionProblem(body.session_id, 'not found');
  if (session.kind !== 'checkout')
    throw sessionProblem(body.session_id, `is a ${session.kind} session, not a checkout session`);
  if (session.source_type !== body.source_type) {
    throw unprocessable(
      ['body', 'source_type'],
      `session ${body.session_id} is for an ${session.source_type}, not an ${body.source_type}`,
      'value_error.source_type',
    );
  }
  const ttl = tenant.realtimeKeyTtlSeconds;
  const iat = Math.floor(Date.now() / 1000);
  const claims: RealtimeKeyClaims = {
    iss: 'dollr-sandbox',
    role: 'authenticated',
    iat,
    exp: iat + ttl,
    tenant: tenant.id,
    session_id: body.session_id,
    source_type: body.source_type,
    reference_id: body.reference_id,
  };
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const signature = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const token = `${head}.${b64url(JSON.stringify(claims))}.${signature}`;
  const keys = keysOf(tenant);
  const now = tenant.clock.nowMs();
  if (keys.size >= SWEEP_AT) {
    for (const [key, record] of keys) if (now >= record.expMs) keys.delete(key);
  }
  keys.set(token, { claims, expMs: now + ttl * 1000 });
  return { access_token: token, expires_in: ttl };
}

function refusal(code: string, message: string, handshake = message, shutdown = message) {
  return { ok: false as const, refusal: { reason: `${code}: ${message}`, shutdown, handshake } };
}

const MALFORMED = 'The token provided is not a valid JWT';

function claimsOf(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return undefined;
  try {
    const claims = JSON.parse(fromB64url(parts[1] as string)) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Check a realtime token (a key, or the anon key) as Supabase Realtime would. */
export function checkToken(tenants: TenantRegistry, token: unknown): TokenCheck {
  const claims = typeof token === 'string' ? claimsOf(token) : undefined;
  if (!claims || typeof token !== 'string') return refusal('MalformedJWT', MALFORMED);
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') {
    return refusal('InvalidJWTToken', 'Fields `role` and `exp` are required in JWT');
  }
  if (token === SANDBOX_ANON_KEY) return { ok: true, access: { role: 'anon' } };
  const tenant = typeof claims.tenant === 'string' ? tenants.get(claims.tenant) : undefined;
  const record = tenant && keysOf(tenant).get(token);
  if (!tenant || !record) {
    return refusal(
      'JwtSignatureError',
      'Failed to validate JWT signature',
      'Failed to validate JWT signature',
      ':signature_error',
    );
  }
  const lateMs = tenant.clock.nowMs() - record.expMs;
  if (lateMs >= 0) {
    const message = `Token has expired ${Math.ceil(lateMs / 1000)} seconds ago`;
    return refusal('InvalidJWTToken', message, 'Token has expired');
  }
  return {
    ok: true,
    access: { role: 'authenticated', tenant, claims: record.claims, expMs: record.expMs },
  };
}
