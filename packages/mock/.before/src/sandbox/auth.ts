/**
 * Bearer tokens: HS256 JWTs signed with a random key made when the sandbox starts, so tokens from
 * another sandbox (another "environment") never validate here.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { TEST_CREDENTIALS, UNVERIFIED_CREDENTIALS } from './fixtures.js';

export interface Merchant {
  clientId: string;
  /** Verified for payouts, transfers and refunds. */
  verified: boolean;
}

export interface TokenClaims {
  sub: string;
  verified: boolean;
  iat: number;
  exp: number;
  env: 'sandbox';
}

const MERCHANTS: Array<{ clientId: string; clientSecret: string; verified: boolean }> = [
  { ...TEST_CREDENTIALS, verified: true },
  { ...UNVERIFIED_CREDENTIALS, verified: false },
];

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type VerifyResult =
  | { ok: true; merchant: Merchant }
  | { ok: false; reason: 'missing' | 'invalid' };

export class TokenIssuer {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, { merchant: Merchant; expMs: number }>();

  constructor(
    private readonly nowMs: () => number,
    /** Token lifetime in minutes (the `expires_in` of the token response). */
    readonly ttlMinutes: number,
  ) {}

  /** The merchant for these credentials, or undefined. Compares secrets in constant time. */
  authenticate(clientId: string, clientSecret: string): Merchant | undefined {
    const found = MERCHANTS.find((m) => m.clientId === clientId);
    if (!found || !safeEqual(found.clientSecret, clientSecret)) return undefined;
    return { clientId: found.clientId, verified: found.verified };
  }

  issue(merchant: Merchant): string {
    const iat = Math.floor(this.nowMs() / 1000);
    const claims: TokenClaims = {
      sub: merchant.clientId,
      verified: merchant.verified,
      iat,
      exp: iat + this.ttlMinutes * 60,
      env: 'sandbox',
    };
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  /** Check an `Authorization` header value. */
  verify(header: string | undefined | null): VerifyResult {
    if (!header) return { ok: false, reason: 'missing' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const token = match[1];
    // Tokens already verified skip the HMAC and JSON work; their expiry is checked every time.
    const cached = this.verified.get(token);
    if (cached) {
      return this.nowMs() < cached.expMs
        ? { ok: true, merchant: cached.merchant }
        : { ok: false, reason: 'invalid' };
    }
    const result = this.verifyToken(token);
    if (result.ok) {
      if (this.verified.size >= 1000) this.verified.clear();
      this.verified.set(token, { merchant: result.merchant, expMs: result.expMs });
    }
    return result.ok ? { ok: true, merchant: result.merchant } : result;
  }

  private verifyToken(
    token: string,
  ): { ok: true; merchant: Merchant; expMs: number } | { ok: false; reason: 'invalid' } {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const [head, body, signature] = parts as [string, string, string];
    if (!safeEqual(this.sign(`${head}.${body}`), signature))
      return { ok: false, reason: 'invalid' };
    let claims: Partial<TokenClaims>;
    try {
      const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as {
        alg?: string;
      };
      if (header.alg !== 'HS256') return { ok: false, reason: 'invalid' };
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string') {
      return { ok: false, reason: 'invalid' };
    }
    if (this.nowMs() >= claims.exp * 1000) return { ok: false, reason: 'invalid' };
    return {
      ok: true,
      merchant: { clientId: claims.sub, verified: claims.verified === true },
      expMs: claims.exp * 1000,
    };
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }
}
