// Reads an npm tarball (.tgz) in memory: every file's path (without the leading `package/`),
// mode and contents. A plain ustar reader, with pax `path` records for long names.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** @param {Buffer} block @param {number} start @param {number} length */
const text = (block, start, length) => {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8');
};
/** @param {Buffer} block @param {number} start @param {number} length */
const octal = (block, start, length) =>
  Number.parseInt(text(block, start, length).trim() || '0', 8);

/** @param {Buffer} data */
function paxPath(data) {
  for (const record of data.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(record);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * @param {string} file path of a .tgz
 * @returns {Map<string, { mode: number, data: Buffer }>} regular files by path inside the package
 */
export function readTarball(file) {
  const archive = gunzipSync(readFileSync(file));
  /** @type {Map<string, { mode: number, data: Buffer }>} */
  const files = new Map();
  let offset = 0;
  /** @type {string | undefined} */
  let nextPath;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = text(header, 345, 155);
    const name = prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100);
    const data = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      nextPath = paxPath(data);
      continue;
    }
    if (type === 'g') continue;
    const path = nextPath ?? name;
    nextPath = undefined;
    if (type === '0' || type === '\0') {
      files.set(path.replace(/^[^/]+\//, ''), {
        mode: octal(header, 100, 8),
        data: Buffer.from(data),
      });
    }
  }
  return files;
}
