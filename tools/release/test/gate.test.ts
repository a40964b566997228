// The breaking-change gate on deliberate variants of the real bundled spec, diffed by Optic.
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateGate, formatGateReport, runGate as runGateOnce } from '../src/gate.mjs';
import { opticDiff, parseOpticOutput } from '../src/optic.mjs';
import { REPO_ROOT, realSpec, tempDir, writeChangesets } from './helpers.js';

const MAJOR_BOTH = { '@dollr/spec': 'major', '@dollr/client': 'major' };
const MINOR_BOTH = { '@dollr/spec': 'minor', '@dollr/client': 'minor' };

// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents
type Doc = any;

/** Each fixture edits a copy of the real bundle in one way. */
const fixtures: Record<string, (doc: Doc) => void> = {
  // A nullable (anyOf [string, null]) response field: Optic alone would skip it as a union.
  removeOptionalResponseField: (doc) => {
    delete schema(doc, 'ExecutionResponse').properties.gateway_message;
  },
  removeRequiredResponseField: (doc) => {
    const s = schema(doc, 'PaymentSourceStatusResponse');
    delete s.properties.source_number;
    s.required = s.required.filter((name: string) => name !== 'source_number');
  },
  makeOptionalRequestFieldRequired: (doc) => {
    const s = schema(doc, 'CreateRefundSessionPayload');
    expect(s.required).not.toContain('reason');
    s.required.push('reason');
  },
  narrowRequestEnum: (doc) => {
    const s = schema(doc, 'CheckoutSourceType');
    expect(s.enum).toContain('ORDER');
    s.enum = s.enum.filter((v: string) => v !== 'ORDER');
  },
  removeOperation: (doc) => {
    expect(doc.paths['/status/source']).toBeDefined();
    delete doc.paths['/status/source'];
  },
  addOperation: (doc) => {
    const copy = structuredClone(doc.paths['/status/source']);
    copy.get.operationId = 'getSourceStatusCopy';
    doc.paths['/status/source-copy'] = copy;
  },
  addOptionalRequestField: (doc) => {
    schema(doc, 'CreateCheckoutSessionPayload').properties.metadata = {
      type: 'object',
      description: 'Free-form data kept with the session.',
      additionalProperties: { type: 'string' },
    };
  },
};

/**
 * Optic's verdict depends on the two documents only, not on the changesets: one diff per pair of
 * documents, shared by every test that asks the gate about them with other changesets. Two Optic
 * processes at a time (each keeps one core busy), so that the fixtures' diffs, started together
 * before the tests, are ready in half the time when the machine has a core to spare.
 */
const diffs = new Map<string, ReturnType<typeof opticDiff>>();
const twoAtATime = pLimit(2);
const sharedDiff: typeof opticDiff = (base, head) => {
  const key = createHash('sha256')
    .update(JSON.stringify([base, head]))
    .digest('hex');
  let diff = diffs.get(key);
  if (!diff) {
    diff = twoAtATime(() => opticDiff(base, head));
    diffs.set(key, diff);
  }
  return diff;
};
const runGate = (options: Parameters<typeof runGateOnce>[0] = {}) =>
  runGateOnce({ ...options, diff: sharedDiff });

function schema(doc: Doc, name: string) {
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`the spec has no components.schemas.${name}: update this fixture`);
  return found;
}

describe('breaking-change gate (Optic)', () => {
  const tmp = tempDir('dollr-gate-');
  const heads: Record<string, string> = {};
  let base = '';
  let noChangesets = '';

  beforeAll(() => {
    base = join(tmp.dir, 'base.json');
    noChangesets = writeChangesets(join(tmp.dir, 'none'), []);
    writeFileSync(base, JSON.stringify(realSpec()));
    for (const [name, edit] of Object.entries(fixtures)) {
      const doc = realSpec();
      edit(doc);
      heads[name] = join(tmp.dir, `${name}.json`);
      writeFileSync(heads[name], JSON.stringify(doc));
    }
    // Every fixture's diff starts now; each test then awaits its own (a failure surfaces there).
    for (const head of [base, ...Object.values(heads)]) {
      runGate({ base, head, changesetDir: noChangesets }).catch(() => {});
    }
  });
  afterAll(() => tmp.cleanup());

  it('passes an unchanged spec without any changeset', async () => {
    const result = await runGate({ base, head: base, changesetDir: noChangesets });
    expect(result).toMatchObject({ ok: true, breaking: [], operationsChanged: 0 });
  });

  it.each([
    ['removeOptionalResponseField', /cannot remove response property 'gateway_message'/],
    ['removeRequiredResponseField', /cannot remove response property 'source_number'/],
    ['makeOptionalRequestFieldRequired', /cannot make a request property required/],
    ['narrowRequestEnum', /cannot remove enum option 'ORDER'/],
    ['removeOperation', /cannot remove an operation/],
  ])('catches %s and fails without a major changeset', async (fixture, message) => {
    const minorOnly = writeChangesets(join(tmp.dir, `minor-${fixture}`), [MINOR_BOTH]);
    const result = await runGate({ base, head: heads[fixture], changesetDir: minorOnly });
    expect(result.breaking.length).toBeGreaterThan(0);
    expect(result.breaking.map((b) => b.message).join('\n')).toMatch(message);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/no major changeset for @dollr\/spec and @dollr\/client/);
    expect(formatGateReport(result)).toMatch(/gate: FAIL/);
  });

  it('passes a breaking change that comes with a major changeset for spec and client', async () => {
    const major = writeChangesets(join(tmp.dir, 'major'), [MAJOR_BOTH, { '@dollr/mock': 'patch' }]);
    const result = await runGate({ base, head: heads.narrowRequestEnum, changesetDir: major });
    expect(result.breaking.length).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    expect(formatGateReport(result)).toMatch(/gate: pass/);
  });

  it('fails a breaking change whose major changeset names the spec but not the client', async () => {
    const specOnly = writeChangesets(join(tmp.dir, 'spec-only'), [{ '@dollr/spec': 'major' }]);
    const result = await runGate({ base, head: heads.narrowRequestEnum, changesetDir: specOnly });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/no major changeset for @dollr\/client\./);
  });

  it('does not count adding an optional request field as breaking', async () => {
    const minor = writeChangesets(join(tmp.dir, 'minor'), [MINOR_BOTH]);
    const result = await runGate({
      base,
      head: heads.addOptionalRequestField,
      changesetDir: minor,
    });
    expect(result.breaking).toEqual([]);
    expect(result.operationsChanged).toBe(1);
    expect(result.ok).toBe(true);
  });

  it('does not count a new operation as breaking, but counts it as a change', async () => {
    const result = await runGate({ base, head: heads.addOperation, changesetDir: noChangesets });
    expect(result.breaking).toEqual([]);
    expect(result.operationsChanged).toBe(1);
    expect(result.ok).toBe(false);
  });

  it('still asks for a changeset for spec and client when the API changed without breaking', async () => {
    const result = await runGate({
      base,
      head: heads.addOptionalRequestField,
      changesetDir: noChangesets,
    });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/no changeset for @dollr\/spec and @dollr\/client/);
  });

  it('is not silenced by a major bump of info.version in the spec itself', async () => {
    const doc = realSpec();
    fixtures.narrowRequestEnum?.(doc);
    doc.info.version = '99.0.0';
    const head = join(tmp.dir, 'bumped.json');
    writeFileSync(head, JSON.stringify(doc));
    const result = await runGate({ base, head, changesetDir: noChangesets });
    expect(result.breaking.length).toBeGreaterThan(0);
    expect(result.ok).toBe(false);
  });
});

/** Whether this machine can run a command in a network namespace with no network at all. */
const canIsolateNetwork = spawnSync('unshare', ['-n', 'true']).status === 0;

describe('without any network', () => {
  it.skipIf(!canIsolateNetwork)(
    'runs the gate CLI offline (unshare -n): no telemetry, no update check, no hang',
    async () => {
      const tmp = tempDir('dollr-gate-offline-');
      try {
        const base = join(tmp.dir, 'base.json');
        const head = join(tmp.dir, 'head.json');
        writeFileSync(base, JSON.stringify(realSpec()));
        const doc = realSpec();
        fixtures.narrowRequestEnum?.(doc);
        writeFileSync(head, JSON.stringify(doc));
        const changesets = writeChangesets(tmp.dir, [MINOR_BOTH]);
        const gate = join(REPO_ROOT, 'tools', 'release', 'src', 'gate.mjs');
        const args = [
          '-n',
          process.execPath,
          gate,
          '--base',
          base,
          '--head',
          head,
          '--changesets',
          changesets,
        ];
        const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
          execFile('unshare', args, { timeout: 100_000 }, (error, stdout) =>
            resolve({ code: error ? Number(error.code) : 0, stdout }),
          );
        });
        expect(stdout).toMatch(/cannot remove enum option 'ORDER'/);
        expect(stdout).toMatch(/gate: FAIL/);
        expect(code).toBe(1);
      } finally {
        tmp.cleanup();
      }
    },
  );
});

describe('the repository', () => {
  it('passes the gate: the bundled spec against the committed baseline and the pending changesets', async () => {
    const result = await runGate();
    expect(result.problems, formatGateReport(result)).toEqual([]);
    expect(result.baseVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('keeps the baseline a spec of the same API as the bundle built from spec/', async () => {
    // The committed baseline must be a valid, diffable OpenAPI document.
    const tmp = tempDir('dollr-gate-baseline-');
    try {
      const result = await runGate({
        base: join(REPO_ROOT, 'tools', 'release', 'baseline', 'openapi.json'),
        head: join(REPO_ROOT, 'tools', 'release', 'baseline', 'openapi.json'),
        changesetDir: writeChangesets(tmp.dir, []),
      });
      expect(result).toMatchObject({ ok: true, breaking: [], operationsChanged: 0 });
    } finally {
      tmp.cleanup();
    }
  });
});

describe('evaluateGate and parseOpticOutput', () => {
  it('reads the failed checks under their operation from Optic text output', () => {
    const output = [
      'x Dollr Open API base.json',
      'Operations: 2 operations changed',
      'x  Checks: 7/8 passed ',
      '',
      'x POST /sessions/checkout: ',
      '  - request: ',
      "        x [request and response property enums] cannot remove enum option 'ORDER' from 'source_type' property. This is a breaking change.",
      '✔ GET /status/source: ',
    ].join('\n');
    expect(parseOpticOutput(output)).toEqual({
      operationsChanged: 2,
      breaking: [
        {
          operation: 'POST /sessions/checkout',
          rule: 'request and response property enums',
          message:
            "cannot remove enum option 'ORDER' from 'source_type' property. This is a breaking change.",
        },
      ],
    });
    expect(parseOpticOutput('✔ x\nOperations: No operations changed\n').operationsChanged).toBe(0);
    expect(
      parseOpticOutput('x y\nOperations: 1 operation added, 2 changed, 1 removed\n')
        .operationsChanged,
    ).toBe(4);
    expect(parseOpticOutput('no summary at all').operationsChanged).toBeUndefined();
  });

  it('treats "none" as no changeset', () => {
    const verdict = evaluateGate({
      breaking: [],
      operationsChanged: 3,
      bumps: new Map([
        ['@dollr/spec', 'minor'],
        ['@dollr/client', 'none'],
      ]),
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems[0]).toMatch(/no changeset for @dollr\/client\./);
  });
});
