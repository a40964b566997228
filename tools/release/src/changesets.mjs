// Reads the pending changesets (.changeset/*.md) and what each asks for each package.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const BUMPS = ['none', 'patch', 'minor', 'major'];

/**
 * Parses one changeset file: a YAML front matter of `"package": bump` lines, then the summary.
 * @param {string} text
 * @param {string} [file] for error messages
 * @returns {{ releases: Record<string, 'patch' | 'minor' | 'major' | 'none'>, summary: string }}
 */
export function parseChangeset(text, file = 'changeset') {
  const match = /^\s*---\r?\n([\s\S]*?)\r?\n?---\s*(?:\r?\n([\s\S]*))?$/.exec(text);
  if (!match)
    throw new Error(`${file}: no front matter (expected a --- block naming the packages)`);
  const front = match[1]?.trim() ? parse(match[1]) : {};
  if (front === null || typeof front !== 'object' || Array.isArray(front)) {
    throw new Error(`${file}: the front matter must map package names to bumps`);
  }
  /** @type {Record<string, any>} */
  const releases = {};
  for (const [name, bump] of Object.entries(front)) {
    if (!BUMPS.includes(bump)) {
      throw new Error(`${file}: "${name}" has bump "${bump}", expected one of ${BUMPS.join(', ')}`);
    }
    releases[name] = bump;
  }
  return { releases, summary: (match[2] ?? '').trim() };
}

/**
 * Every pending changeset in a .changeset directory.
 * @param {string} dir
 * @returns {Array<{ file: string, releases: Record<string, string>, summary: string }>}
 */
export function readChangesets(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
    .sort()
    .map((f) => ({ file: f, ...parseChangeset(readFileSync(join(dir, f), 'utf8'), f) }));
}

/**
 * The highest bump each package gets from all changesets together (what `changeset version` applies).
 * @param {Array<{ releases: Record<string, string> }>} changesets
 * @returns {Map<string, string>}
 */
export function highestBumps(changesets) {
  const bumps = new Map();
  for (const { releases } of changesets) {
    for (const [name, bump] of Object.entries(releases)) {
      if (BUMPS.indexOf(bump) > BUMPS.indexOf(bumps.get(name) ?? 'none')) bumps.set(name, bump);
      else if (!bumps.has(name)) bumps.set(name, bump);
    }
  }
  return bumps;
}
