/**
 * The differential harness: the same request checked by the sandbox's validation layer and by
 * Pydantic v2 (oracle.py, from the spec bundle), answers in FastAPI's shape.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { describeJsonError } from '../../src/sandbox/pydantic-messages.js';
import type { ValidationError } from '../../src/sandbox/types.js';
import {
  type CompiledOperation,
  jsonInvalid,
  sandboxOperations,
  validateRequest,
} from '../../src/sandbox/validation.js';
import { loadSpec, specPath } from '../../src/spec.js';
import { type Json, specExamples } from '../support.js';

export type Answer = { ok: true } | { ok: false; detail: ValidationError[] };

export type Case =
  | { kind: 'param'; operationId: string; in: string; name: string; raw: string }
  | { kind: 'body'; operationId: string; json: string };

export interface RecordedCase {
  case: Case;
  /** Pydantic's answer, recorded from oracle.py. */
  pydantic: Answer;
  /** Pydantic accepts it; the spec (and so the sandbox) is deliberately stricter. */
  stricter?: string;
}

const doc = loadSpec() as Json;

function resolve(schema: Json): Json {
  let current = schema;
  while (current?.$ref) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Json, key: string) => node?.[key.replace(/~1/g, '/')], doc);
  }
  return current;
}

interface SpecOperation {
  op: CompiledOperation;
  params: Array<{ name: string; in: string; schema: Json; valid: string }>;
  bodySchema?: Json;
  example?: Json;
}

const VALID_PARAMS: Record<string, string> = {
  reference_id: '3f6c1d2e-8a4b-4c5d-9e7f-1a2b3c4d5e6f',
  source_type: 'INVOICE',
  source_id: '101',
};

/** Each operation of the spec with its parameter schemas, body schema and example body. */
export function specOperations(): Map<string, SpecOperation> {
  const examples = specExamples();
  const byId = new Map<string, SpecOperation>();
  for (const op of sandboxOperations()) {
    const item = doc.paths[op.path];
    const operation = item[op.method.toLowerCase()];
    const params = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
      .map(resolve)
      .map((p: Json) => ({
        name: p.name,
        in: p.in,
        schema: p.schema,
        valid: VALID_PARAMS[p.name] ?? '1',
      }));
    const media = operation.requestBody
      ? resolve(operation.requestBody).content['application/json']
      : undefined;
    const exampleRef = media ? (Object.values(media.examples ?? {})[0] as Json) : undefined;
    byId.set(op.operationId, {
      op,
      params,
      bodySchema: media?.schema,
      example: exampleRef ? examples[exampleRef.$ref.split('/').pop()]?.value : undefined,
    });
  }
  return byId;
}

const operations = specOperations();

/** The sandbox's answer: its 422 items for the part the case is about, or ok. */
export function sandboxAnswer(c: Case): Answer {
  const spec = operations.get(c.operationId);
  if (!spec) throw new Error(`no operation ${c.operationId}`);
  const path: Record<string, string> = {};
  const query = new URLSearchParams();
  for (const p of spec.params) {
    const value = c.kind === 'param' && p.name === c.name && p.in === c.in ? c.raw : p.valid;
    if (p.in === 'path') path[p.name] = value;
    else query.set(p.name, value);
  }
  let body: unknown = spec.example;
  if (c.kind === 'body') {
    try {
      body = JSON.parse(c.json);
    } catch (error) {
      const { position, error: why } = describeJsonError(c.json, error);
      return { ok: false, detail: [jsonInvalid(position, why)] };
    }
  }
  const { issues } = validateRequest(spec.op, { body, path, query });
  return issues.length ? { ok: false, detail: issues } : { ok: true };
}

const oracle = join(dirname(fileURLToPath(import.meta.url)), 'oracle.py');

/** Pydantic's answers (oracle.py, run once for all cases), or why it cannot run here. */
export function pydanticAnswers(cases: Case[]): { version: string; answers: Answer[] } {
  const payload = cases.map((c) => {
    const spec = operations.get(c.operationId);
    if (c.kind === 'param') {
      const param = spec?.params.find((p) => p.name === c.name && p.in === c.in);
      return { kind: 'param', schema: param?.schema, in: c.in, name: c.name, raw: c.raw };
    }
    return { kind: 'body', schema: spec?.bodySchema, json: c.json };
  });
  const run = spawnSync('python3', [oracle], {
    input: JSON.stringify({ spec: specPath(), components: doc.components, cases: payload }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`oracle.py failed: ${run.error ?? run.stderr}`);
  const out = JSON.parse(run.stdout) as { pydantic: string; answers: Answer[] };
  return { version: out.pydantic, answers: out.answers };
}

/** A body case as JSON text: the operation's example with `fields` replaced or removed. */
export function bodyCase(operationId: string, fields: Record<string, unknown>): Case {
  const example = { ...(operations.get(operationId)?.example ?? {}) };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) delete example[name];
    else example[name] = value;
  }
  return { kind: 'body', operationId, json: JSON.stringify(example) };
}

/** Where the spec is deliberately stricter than Pydantic's lax mode, and why. */
export function stricterBecause(c: Case, sandbox: Answer): string | undefined {
  if (sandbox.ok) return undefined;
  const types = new Set(sandbox.detail.map((d) => d.type));
  if (c.kind === 'param') return types.has('enum') ? 'enum' : undefined;
  const reasons: Array<[string, string]> = [
    ['int_type', 'the spec wants a JSON integer (Pydantic also takes "101" and true)'],
    ['float_type', 'the spec wants a JSON number (Pydantic also takes "5" and true)'],
    ['int_parsing_size', 'no integer beyond ±2^63 (Pydantic takes big integer literals)'],
    ['uuid_parsing', 'the hyphenated UUID form only'],
    ['uuid_type', 'a UUID is a string'],
    ['datetime_type', 'a date-time is a string (Pydantic also takes Unix times)'],
    ['timezone_aware', 'a date-time carries its time zone'],
    ['datetime_from_date_parsing', 'RFC 3339 date-time only'],
    ['enum', 'enum values the spec lists'],
  ];
  return reasons.find(([type]) => types.has(type))?.[1];
}

/**
 * speedate's reason for refusing a malformed date-time (`ctx.error`) is matched for the common
 * failures only (see src/sandbox/pydantic-messages.ts); for the rest, type, loc and input must agree.
 */
export function comparable(answer: Answer): Answer {
  if (answer.ok) return answer;
  return {
    ok: false,
    detail: answer.detail.map((item) =>
      item.type === 'datetime_from_date_parsing'
        ? {
            ...item,
            msg: expect.stringMatching(/^Input should be a valid datetime or date, /),
            ctx: { error: expect.any(String) },
          }
        : item,
    ),
  };
}
