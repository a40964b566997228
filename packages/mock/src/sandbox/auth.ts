/**
 * Bearer tokens: JWT-shaped (HS256 header, the claims a client may read) with 256 random bits as
 * the signature. A sandbox accepts only the tokens it issued, so tokens from another sandbox (another
 * "environment") never validate here. Web Crypto only: the same code runs in Node, Bun, Deno and a
 * browser (the MSW handlers).
 */
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

const encoder = new TextEncoder();

/** base64url without padding (a JWT segment), with Web APIs only. */
export function b64url(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text of a base64url segment (a JWT's claims), with Web APIs only. */
export function fromB64url(segment: string): string {
  const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
}

/** Compares in time that depends on the lengths only, not on where the strings differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i % y.length] ?? 0);
  return diff === 0;
}

/** Issued tokens kept before expired ones are swept. */
const SWEEP_AT = 1000;

export type VerifyResult =
  | { ok: true; merchant: Merchant }
  | { ok: false; reason: 'missing' | 'invalid' };

export class TokenIssuer {
  /** Every unexpired token this sandbox issued. */
  private readonly issued = new Map<string, { merchant: Merchant; expMs: number }>();
  private sweepAt = SWEEP_AT;

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
    const signature = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const token = `${head}.${body}.${signature}`;
    if (this.issued.size >= this.sweepAt) {
      this.sweep();
      this.sweepAt = Math.max(SWEEP_AT, this.issued.size * 2);
    }
    this.issued.set(token, { merchant: { ...merchant }, expMs: claims.exp * 1000 });
    return token;
  }

  /** Check an `Authorization` header value. */
  verify(header: string | undefined | null): VerifyResult {
    if (!header) return { ok: false, reason: 'missing' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const found = this.issued.get(match[1]);
    if (!found || this.nowMs() >= found.expMs) return { ok: false, reason: 'invalid' };
    return { ok: true, merchant: { ...found.merchant } };
  }

  private sweep(): void {
    const now = this.nowMs();
    for (const [token, { expMs }] of this.issued) if (now >= expMs) this.issued.delete(token);
  }
}
