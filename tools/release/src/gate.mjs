#!/usr/bin/env node
// The breaking-change gate: the spec about to be released against the last released one.
//
//   node tools/release/src/gate.mjs [--base FILE] [--head FILE] [--changesets DIR]
//
// Fails (exit 1) when Optic finds a breaking change and the pending changesets do not give both
// @dollr/spec and @dollr/client a major bump, or when the API changed at all and either of them has
// no changeset (the client's types are generated from the spec: a spec change is a client change).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { highestBumps, readChangesets } from './changesets.mjs';
import { opticDiff } from './optic.mjs';
import { BASELINE_FILE, REPO_ROOT, SPEC_CONTRACT_PACKAGES } from './paths.mjs';

/**
 * The decision, from Optic's findings and the pending bumps.
 * @param {{ breaking: Array<{ operation: string, rule: string, message: string }>, operationsChanged: number, bumps: Map<string, string> }} input
 * @returns {{ ok: boolean, problems: string[], notes: string[] }}
 */
export function evaluateGate({ breaking, operationsChanged, bumps }) {
  const problems = [];
  const notes = [];
  if (breaking.length > 0) {
    const missing = SPEC_CONTRACT_PACKAGES.filter((name) => bumps.get(name) !== 'major');
    if (missing.length > 0) {
      problems.push(
        `${breaking.length} breaking change(s) in the spec, but no major changeset for ${missing.join(' and ')}. ` +
          `Run \`pnpm changeset\`, pick ${SPEC_CONTRACT_PACKAGES.join(' and ')}, choose "major" and say how ` +
          'consumers must change their code — or make the change backwards compatible.',
      );
    } else {
      notes.push(
        `${breaking.length} breaking change(s), released as a major of ${SPEC_CONTRACT_PACKAGES.join(' and ')}.`,
      );
    }
  } else if (operationsChanged > 0) {
    const missing = SPEC_CONTRACT_PACKAGES.filter(
      (name) => !['patch', 'minor', 'major'].includes(bumps.get(name) ?? ''),
    );
    if (missing.length > 0) {
      problems.push(
        `${operationsChanged} operation(s) changed in the spec (no breaking change), but there is no changeset for ` +
          `${missing.join(' and ')}. The client's types come from the spec: run \`pnpm changeset\` and pick ` +
          `${SPEC_CONTRACT_PACKAGES.join(' and ')} ("minor" for additions, "patch" for documentation).`,
      );
    } else {
      notes.push(
        `${operationsChanged} operation(s) changed, no breaking change; changesets present.`,
      );
    }
  } else {
    notes.push('No operation changed since the last release.');
  }
  return { ok: problems.length === 0, problems, notes };
}

/**
 * Runs the gate on files. `diff` is Optic's (tests share one diff between several changesets).
 * @param {{ base?: string, head?: string, changesetDir?: string, diff?: typeof opticDiff }} [options]
 */
export async function runGate({
  base = BASELINE_FILE,
  head = join(REPO_ROOT, 'spec', 'dist', 'openapi.json'),
  changesetDir = join(REPO_ROOT, '.changeset'),
  diff = opticDiff,
} = {}) {
  for (const file of [base, head]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} does not exist (build the spec first: pnpm --filter @dollr/spec bundle)`,
      );
    }
  }
  const baseDoc = JSON.parse(readFileSync(base, 'utf8'));
  const headDoc = JSON.parse(readFileSync(head, 'utf8'));
  const changesets = readChangesets(changesetDir);
  const bumps = highestBumps(changesets);
  const { breaking, operationsChanged } = await diff(baseDoc, headDoc);
  const verdict = evaluateGate({ breaking, operationsChanged, bumps });
  return { ...verdict, breaking, operationsChanged, bumps, baseVersion: baseDoc.info?.version };
}

/** @param {Awaited<ReturnType<typeof runGate>>} result */
export function formatGateReport(result) {
  const lines = [`Breaking-change gate (Optic, against the released spec ${result.baseVersion}):`];
  for (const b of result.breaking) lines.push(`  ✗ ${b.operation}: ${b.message} [${b.rule}]`);
  const bumps = [...result.bumps].map(([name, bump]) => `${name}: ${bump}`).join(', ');
  lines.push(`  pending changesets: ${bumps || 'none'}`);
  for (const note of result.notes) lines.push(`  ${note}`);
  for (const problem of result.problems) lines.push(`  FAIL: ${problem}`);
  lines.push(result.ok ? '  gate: pass' : '  gate: FAIL');
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: { base: { type: 'string' }, head: { type: 'string' }, changesets: { type: 'string' } },
  });
  const result = await runGate({
    ...(values.base ? { base: values.base } : {}),
    ...(values.head ? { head: values.head } : {}),
    ...(values.changesets ? { changesetDir: values.changesets } : {}),
  });
  console.log(formatGateReport(result));
  process.exitCode = result.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
