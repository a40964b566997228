/** The part of `node:crypto` the sandbox uses, for the browser build: sync SHA-256, random bytes. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

class Hex {
  constructor(private readonly bytes: Uint8Array) {}
  toString(encoding: 'hex'): string {
    if (encoding !== 'hex') throw new Error(`browser build: only hex output, not ${encoding}`);
    return bytesToHex(this.bytes);
  }
}

export function randomBytes(size: number): Hex {
  return new Hex(crypto.getRandomValues(new Uint8Array(size)));
}

export function createHash(algorithm: 'sha256') {
  if (algorithm !== 'sha256') throw new Error(`browser build: only sha256, not ${algorithm}`);
  const parts: Uint8Array[] = [];
  const hash = {
    update(data: string) {
      parts.push(utf8ToBytes(data));
      return hash;
    },
    digest(encoding: 'hex') {
      const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const part of parts) {
        all.set(part, at);
        at += part.length;
      }
      return new Hex(sha256(all)).toString(encoding);
    },
  };
  return hash;
}
