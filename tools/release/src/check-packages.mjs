#!/usr/bin/env node
// The package checks, on every publishable package, on the tarball that would be published:
// pack contents, publint, arethetypeswrong (esm-only), then an install of all tarballs into a
// fresh project outside the workspace and a smoke run of each package.
//
//   node tools/release/src/check-packages.mjs [--no-smoke]
//
// The packages must be built first (`pnpm build`). Exit 1 when any check fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPackContents } from './contents.mjs';
import { attwApplies, runAttw, runPublint } from './lint.mjs';
import { packPackage } from './pack.mjs';
import { installTarballs, SMOKE_CHECKS } from './smoke.mjs';
import { listPublishablePackages } from './workspace.mjs';

/**
 * Packs and lints one package.
 * @param {{ name: string, dir: string }} pkg @param {string} destination
 */
export async function checkPackage(pkg, destination) {
  const pack = packPackage(pkg.dir, destination);
  const contents = checkPackContents(pack);
  const publint = await runPublint(pack.tarball);
  const attw = attwApplies(pack.manifest)
    ? await runAttw(pack.tarball, pack.manifest)
    : {
        ok: true,
        problems: [],
        skipped: 'no JavaScript entry point to type (bin or data files only)',
      };
  const problems = [
    ...contents.problems.map((p) => `contents: ${p}`),
    ...publint.problems.map((p) => `publint: ${p}`),
    ...attw.problems.map((p) => `attw: ${p}`),
  ];
  return { pack, contents, publint, attw, problems };
}

/** What each smoke check must have printed. */
export const SMOKE_EXPECTATIONS = {
  '@dollr/spec': {
    check: 'spec',
    /** @param {any} out @param {string} version */
    verify: (out, version) => out?.version === version && out.paths > 0,
  },
  '@dollr/client': {
    check: 'client',
    /** @param {any} out */
    verify: (out) =>
      out?.token === true && out.sessionId === 'number' && out.rawSessionId === 'number',
  },
  '@dollr/mock': {
    check: 'mock',
    /** @param {any} out */
    verify: (out) => out?.mock === 200 && out.sandbox === 200,
  },
  '@dollr/cli': {
    check: 'cli',
    /** @param {any} out @param {string} version */
    verify: (out, version) => out?.version === version,
  },
};

/**
 * Installs all tarballs at once and runs every package's smoke check.
 * @param {Array<{ name: string, version: string, tarball: string }>} packs
 */
export async function smokePackages(packs) {
  const project = await installTarballs(packs);
  try {
    const results = [];
    for (const pack of packs) {
      const expectation =
        SMOKE_EXPECTATIONS[/** @type {keyof typeof SMOKE_EXPECTATIONS} */ (pack.name)];
      if (!expectation) {
        results.push({
          name: pack.name,
          ok: false,
          detail: 'no smoke check for this package: add one',
        });
        continue;
      }
      const started = Date.now();
      try {
        const check = SMOKE_CHECKS[/** @type {keyof typeof SMOKE_CHECKS} */ (expectation.check)];
        const out = await check(project.dir);
        const ok = expectation.verify(out, pack.version);
        results.push({
          name: pack.name,
          ok,
          detail: JSON.stringify(out),
          ms: Date.now() - started,
        });
      } catch (error) {
        results.push({
          name: pack.name,
          ok: false,
          detail: error instanceof Error ? error.message : String(error),
          ms: Date.now() - started,
        });
      }
    }
    return { installMs: project.installMs, results };
  } finally {
    project.cleanup();
  }
}

/**
 * Every check on every publishable package.
 * @param {{ smoke?: boolean, log?: (line: string) => void }} [options]
 */
export async function checkAllPackages({ smoke = true, log = console.log } = {}) {
  const destination = mkdtempSync(join(tmpdir(), 'dollr-packs-'));
  try {
    const packages = [];
    for (const pkg of listPublishablePackages()) {
      const result = await checkPackage(pkg, destination);
      packages.push(result);
      const { pack, attw } = result;
      log(
        `${pack.name}@${pack.version}: ${pack.files.size} files, ${(pack.size / 1024).toFixed(1)} kB packed`,
      );
      for (const w of result.contents.warnings) log(`  warning: ${w}`);
      for (const s of result.publint.suggestions) log(`  publint suggestion: ${s}`);
      if ('skipped' in attw) log(`  attw: skipped — ${attw.skipped}`);
      for (const p of result.problems) log(`  ✗ ${p}`);
      if (result.problems.length === 0) log('  ✓ contents, publint, attw');
    }
    let smokeResult;
    if (smoke) {
      log('Installing every tarball into a fresh project with npm…');
      smokeResult = await smokePackages(packages.map(({ pack }) => pack));
      log(`  installed in ${(smokeResult.installMs / 1000).toFixed(1)} s`);
      for (const r of smokeResult.results) log(`  ${r.ok ? '✓' : '✗'} ${r.name}: ${r.detail}`);
    }
    const ok =
      packages.every((p) => p.problems.length === 0) &&
      (smokeResult?.results.every((r) => r.ok) ?? true);
    return { ok, packages, smoke: smokeResult };
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({ options: { 'no-smoke': { type: 'boolean', default: false } } });
  const { ok } = await checkAllPackages({ smoke: !values['no-smoke'] });
  console.log(ok ? 'package checks: pass' : 'package checks: FAIL');
  process.exitCode = ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`package checks: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 2;
  });
}
