// What a packed tarball must and must not contain.

/** Paths that never belong in a published package. */
const FORBIDDEN = [
  { pattern: /(^|\/)(test|tests|__tests__|__mocks__|fixtures)\//, why: 'test files' },
  { pattern: /\.(test|spec|bench)\.[cm]?[jt]sx?$/, why: 'a test file' },
  {
    pattern: /^(src|bench|scripts|coverage|\.turbo|node_modules)\//,
    why: 'not needed at run time',
  },
  {
    pattern: /(^|\/)[^/]+(?<!\.d)\.[cm]?tsx?$/,
    why: 'TypeScript source (only .d.ts belongs in a package)',
  },
  {
    pattern:
      /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[^/]+|vitest\.config\.[^/]+|biome\.json|turbo\.json)$/,
    why: 'build configuration',
  },
  { pattern: /\.tsbuildinfo$/, why: 'a build cache' },
  { pattern: /(^|\/)\.env(\.|$)/, why: 'an environment file' },
  { pattern: /\.(tgz|log)$/, why: 'a stray artifact' },
];

const JS_FILE = /\.(c|m)?js$/;
const TYPES_FILE = /\.d\.(c|m)?ts$/;

/**
 * Every file path an `exports` value can lead to, with the conditions on the way.
 * @param {unknown} value @param {string[]} conditions
 * @returns {Array<{ conditions: string[], target: string }>}
 */
function exportTargets(value, conditions = []) {
  if (typeof value === 'string') return [{ conditions, target: value }];
  if (Array.isArray(value)) return value.flatMap((v) => exportTargets(v, conditions));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => exportTargets(v, [...conditions, key]));
  }
  return [];
}

/** `./dist/x.js` → `dist/x.js` */
const normalize = (/** @type {string} */ path) => path.replace(/^\.\//, '');

/** @param {any} exportsField @returns {Record<string, unknown>} subpath → value */
function subpaths(exportsField) {
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) return { '.': exportsField };
  if (exportsField && typeof exportsField === 'object') {
    const keys = Object.keys(exportsField);
    return keys.every((k) => k.startsWith('.')) ? exportsField : { '.': exportsField };
  }
  return {};
}

/**
 * Checks a packed package. `files` maps each path (relative to the package root) to its mode and bytes.
 * @param {{ manifest: any, files: Map<string, { mode: number, data: Buffer }> }} pack
 * @returns {{ problems: string[], warnings: string[] }}
 */
export function checkPackContents({ manifest, files }) {
  const problems = [];
  const warnings = [];
  const has = (/** @type {string} */ path) => files.has(normalize(path));

  for (const path of files.keys()) {
    for (const { pattern, why } of FORBIDDEN) {
      if (pattern.test(path)) problems.push(`${path} is packed: ${why}`);
    }
  }
  if (!files.has('README.md')) problems.push('no README.md in the package');
  if (manifest.license && ![...files.keys()].some((p) => /^(LICEN[CS]E|COPYING)(\.|$)/i.test(p))) {
    warnings.push(`license is "${manifest.license}" but no LICENSE file is packed`);
  }

  // Internal protocols must have been replaced by versions.
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog|file|link|portal):/.test(String(range))) {
        problems.push(`${field}.${name} is "${range}" in the packed package.json`);
      }
    }
  }

  // Every entry point exists; every JavaScript subpath has types.
  for (const [subpath, value] of Object.entries(subpaths(manifest.exports))) {
    const targets = exportTargets(value);
    for (const { target } of targets) {
      if (!target.includes('*') && !has(target))
        problems.push(`exports["${subpath}"] → ${target} is not packed`);
    }
    const js = targets.filter(({ target }) => JS_FILE.test(target));
    const types = targets.filter(
      ({ conditions, target }) => conditions.includes('types') || TYPES_FILE.test(target),
    );
    if (js.length > 0 && types.length === 0)
      problems.push(`exports["${subpath}"] has JavaScript but no types`);
    for (const { target } of types) {
      if (!TYPES_FILE.test(target))
        problems.push(`exports["${subpath}"] types → ${target} is not a .d.ts file`);
    }
  }
  for (const field of ['main', 'module', 'types', 'typings']) {
    if (typeof manifest[field] === 'string' && !has(manifest[field])) {
      problems.push(`${field} → ${manifest[field]} is not packed`);
    }
  }

  // Binaries: present, executable, with a node shebang.
  const bins =
    typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  for (const [command, target] of Object.entries(bins)) {
    const file = files.get(normalize(String(target)));
    if (!file) {
      problems.push(`bin "${command}" → ${target} is not packed`);
      continue;
    }
    if (!file.data.subarray(0, 64).toString('utf8').startsWith('#!/usr/bin/env node')) {
      problems.push(`bin "${command}" → ${target} does not start with "#!/usr/bin/env node"`);
    }
    if ((file.mode & 0o111) === 0)
      problems.push(`bin "${command}" → ${target} is not executable in the tarball`);
  }

  // Source maps that point at sources which are neither packed nor embedded are dead weight.
  for (const [path, { data }] of files) {
    if (!path.endsWith('.map')) continue;
    try {
      const map = JSON.parse(data.toString('utf8'));
      const embedded =
        Array.isArray(map.sourcesContent) &&
        map.sourcesContent.every((/** @type {unknown} */ s) => typeof s === 'string');
      if (!embedded) warnings.push(`${path} refers to sources that are not in the package`);
    } catch {
      problems.push(`${path} is not valid JSON`);
    }
  }
  return { problems, warnings };
}
