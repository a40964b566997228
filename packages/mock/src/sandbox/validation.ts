/**
 * Request validation as Dollr's server does it (FastAPI, Pydantic v2 in lax mode): path and query
 * strings are parsed as Pydantic parses them (src/sandbox/lax.ts), then checked, with the JSON
 * body, by validators precompiled from the spec at build time (src/generated/validators.ts, see
 * scripts/generate-validators.mjs). Failures become FastAPI's `HTTPValidationError` items, with
 * Pydantic's `loc`, `msg`, `type`, `input` and `ctx`.
 *
 * No Node-only API here: the same module runs in a browser.
 */
import { OPERATIONS } from '../generated/validators.js';
import { type LaxKind, type LaxResult, laxFloat, laxInt, laxParse } from './lax.js';
import {
  describeDateTimeError,
  describeTimestampError,
  describeUuidError,
} from './pydantic-messages.js';
import type { ValidationError } from './types.js';

export type Loc = Array<string | number>;

/** An Ajv error as the generated validators report it (`verbose`: with schema and data). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  schema?: unknown;
  parentSchema?: Record<string, unknown>;
  data?: unknown;
}

export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export interface GeneratedParam {
  name: string;
  in: string;
  required: boolean;
  kind: LaxKind;
  validate: GeneratedValidator;
}

export interface GeneratedOperation {
  operationId: string;
  method: string;
  path: string;
  secured: boolean;
  /** The success status the spec declares (200, 201 or 204). */
  success: number;
  params: GeneratedParam[];
  body?: { required: boolean; fields: string[]; validate: GeneratedValidator };
}

export interface CompiledOperation extends GeneratedOperation {
  /** Present when the operation takes a JSON body. */
  validateBody?: GeneratedValidator;
  bodyRequired: boolean;
  pathNames: string[];
  queryNames: string[];
}

export interface RequestInput {
  /** The parsed JSON body; `undefined` when the request had no body. */
  body: unknown;
  path: Record<string, string>;
  query: URLSearchParams;
}

export interface ValidatedRequest {
  issues: ValidationError[];
  body: unknown;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

/** Generated operations with the lookups the request path needs. */
export function compileGenerated(operations: GeneratedOperation[]): CompiledOperation[] {
  return operations.map((op) => ({
    ...op,
    validateBody: op.body?.validate,
    bodyRequired: op.body?.required ?? false,
    pathNames: op.params.filter((p) => p.in === 'path').map((p) => p.name),
    queryNames: op.params.filter((p) => p.in === 'query').map((p) => p.name),
  }));
}

const compiled = compileGenerated(OPERATIONS);

/** Every operation of the spec, with its precompiled validators (shared by all sandboxes). */
export function sandboxOperations(): CompiledOperation[] {
  return compiled;
}

type Issue = ValidationError;

function issue(
  loc: Loc,
  type: string,
  msg: string,
  input: unknown,
  ctx?: Record<string, unknown>,
): Issue {
  return ctx === undefined ? { type, loc, msg, input } : { type, loc, msg, input, ctx };
}

function locOf(base: Loc, instancePath: string): Loc {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s): string | number => (/^\d+$/.test(s) ? Number(s) : s));
  return [...base, ...segments];
}

/** Pydantic's list of choices: `'A'`, `'A' or 'B'`, `'A', 'B' or 'C'`. */
function expectedChoices(values: unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  if (quoted.length < 2) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function plural(n: unknown, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Pydantic reads `true` and numeric strings as numbers, then checks the bounds: a value the spec
 * refuses for its type may be one Pydantic refuses for its bound, and then says so.
 */
function laxBoundIssue(
  loc: Loc,
  schema: Record<string, unknown>,
  value: unknown,
  parse: (raw: string) => LaxResult,
): Issue | undefined {
  let number: unknown;
  if (typeof value === 'boolean') number = value ? 1 : 0;
  else if (typeof value === 'string') {
    const parsed = parse(value);
    number = parsed.ok ? parsed.value : undefined;
  }
  if (typeof number !== 'number') return undefined;
  for (const [keyword, [type, phrase, key]] of Object.entries(BOUNDS)) {
    const limit = schema[keyword];
    if (typeof limit !== 'number') continue;
    const fails =
      (keyword === 'minimum' && number < limit) ||
      (keyword === 'exclusiveMinimum' && number <= limit) ||
      (keyword === 'maximum' && number > limit) ||
      (keyword === 'exclusiveMaximum' && number >= limit);
    if (fails) {
      return issue(loc, type, `Input should be ${phrase} ${String(limit)}`, value, {
        [key]: limit,
      });
    }
  }
  return undefined;
}

/** The error Pydantic gives a value of the wrong JSON type for a field of this schema. */
function typeIssue(loc: Loc, schema: Record<string, unknown>, value: unknown): Issue {
  if (Array.isArray(schema.enum)) {
    const expected = expectedChoices(schema.enum);
    return issue(loc, 'enum', `Input should be ${expected}`, value, { expected });
  }
  if (schema.format === 'uuid') {
    return issue(loc, 'uuid_type', 'UUID input should be a string, bytes or UUID object', value);
  }
  if (schema.format === 'date-time') {
    const error = typeof value === 'number' ? describeTimestampError(value) : undefined;
    if (error) {
      return issue(loc, 'datetime_parsing', `Input should be a valid datetime, ${error}`, value, {
        error,
      });
    }
    return issue(loc, 'datetime_type', 'Input should be a valid datetime', value);
  }
  switch (schema.type) {
    case 'string':
      return issue(loc, 'string_type', 'Input should be a valid string', value);
    case 'integer': {
      const bound = laxBoundIssue(loc, schema, value, laxInt);
      if (bound) return bound;
      if (typeof value === 'number') {
        return issue(
          loc,
          'int_from_float',
          'Input should be a valid integer, got a number with a fractional part',
          value,
        );
      }
      const parsed = typeof value === 'string' ? laxInt(value) : undefined;
      if (parsed && !parsed.ok) return issue(loc, parsed.type, parsed.msg, value);
      return issue(loc, 'int_type', 'Input should be a valid integer', value);
    }
    case 'number': {
      const bound = laxBoundIssue(loc, schema, value, laxFloat);
      if (bound) return bound;
      const parsed = typeof value === 'string' ? laxFloat(value) : undefined;
      if (parsed && !parsed.ok) return issue(loc, parsed.type, parsed.msg, value);
      return issue(loc, 'float_type', 'Input should be a valid number', value);
    }
    case 'boolean':
      return issue(loc, 'bool_type', 'Input should be a valid boolean', value);
    case 'object':
      return issue(
        loc,
        'model_attributes_type',
        'Input should be a valid dictionary or object to extract fields from',
        value,
      );
    case 'array':
      return issue(loc, 'list_type', 'Input should be a valid list', value);
    default:
      return issue(loc, 'none_required', 'Input should be None', value);
  }
}

const BOUNDS: Record<string, [string, string, string]> = {
  minimum: ['greater_than_equal', 'greater than or equal to', 'ge'],
  exclusiveMinimum: ['greater_than', 'greater than', 'gt'],
  maximum: ['less_than_equal', 'less than or equal to', 'le'],
  exclusiveMaximum: ['less_than', 'less than', 'lt'],
};

const LENGTH_BOUNDS = {
  minLength: ['string_too_short', 'at least', 'min_length'],
  maxLength: ['string_too_long', 'at most', 'max_length'],
} as const;

function toIssue(base: Loc, error: SchemaError): Issue {
  const loc = locOf(base, error.instancePath);
  const schema = error.parentSchema ?? {};
  const value = error.data;
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return issue([...loc, String(params.missingProperty)], 'missing', 'Field required', value);
    case 'type':
      return typeIssue(loc, schema, value);
    case 'x-pydantic-int64':
      return issue(
        loc,
        'int_parsing_size',
        'Unable to parse input string as an integer, exceeded maximum size',
        value,
      );
    case 'enum': {
      const expected = expectedChoices(params.allowedValues as unknown[]);
      return issue(loc, 'enum', `Input should be ${expected}`, value, { expected });
    }
    case 'const': {
      const expected = expectedChoices([params.allowedValue]);
      return issue(loc, 'literal_error', `Input should be ${expected}`, value, { expected });
    }
    case 'format': {
      if (params.format === 'uuid') {
        const detail = describeUuidError(String(value));
        return issue(loc, 'uuid_parsing', `Input should be a valid UUID, ${detail}`, value, {
          error: detail,
        });
      }
      if (params.format === 'date-time') {
        const described = describeDateTimeError(String(value));
        if (described.naive) {
          return issue(loc, 'timezone_aware', 'Input should have timezone info', value);
        }
        return issue(
          loc,
          'datetime_from_date_parsing',
          `Input should be a valid datetime or date, ${described.error}`,
          value,
          { error: described.error },
        );
      }
      return issue(loc, 'value_error', `Value error, invalid ${String(params.format)}`, value);
    }
    case 'pattern':
      if (schema.format === 'uuid') {
        return issue(loc, 'uuid_version', 'UUID version 4 expected', value, {
          expected_version: 4,
        });
      }
      return issue(
        loc,
        'string_pattern_mismatch',
        `String should match pattern '${String(params.pattern)}'`,
        value,
        { pattern: params.pattern },
      );
    case 'minLength':
    case 'maxLength': {
      const [type, phrase, key] = LENGTH_BOUNDS[error.keyword as keyof typeof LENGTH_BOUNDS];
      const limit = `${phrase} ${plural(params.limit, 'character')}`;
      return issue(loc, type, `String should have ${limit}`, value, { [key]: params.limit });
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const parent = value as Record<string, unknown> | undefined;
      return issue(
        [...loc, extra],
        'extra_forbidden',
        'Extra inputs are not permitted',
        parent?.[extra],
      );
    }
    default: {
      const bound = BOUNDS[error.keyword];
      if (bound) {
        const [type, phrase, key] = bound;
        return issue(loc, type, `Input should be ${phrase} ${String(params.limit)}`, value, {
          [key]: params.limit,
        });
      }
      return issue(loc, 'value_error', `Value error, ${error.message ?? 'invalid value'}`, value);
    }
  }
}

/** Pydantic checks a value's type, then its parsing, then its constraints, and stops at the first. */
const PRIORITY: Record<string, number> = {
  required: 0,
  type: 1,
  'x-pydantic-int64': 1,
  enum: 2,
  const: 2,
  format: 3,
  pattern: 4,
};

const CONSTRAINTS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'multipleOf',
];

/** The name Pydantic gives a union member in `loc`: `int`, `constrained-float`, a model's title. */
function unionTag(branch: Record<string, unknown>): string {
  const names: Record<string, string> = {
    integer: 'int',
    number: 'float',
    string: 'str',
    boolean: 'bool',
    array: 'list',
  };
  if (branch.type === 'object' || branch.properties) return String(branch.title ?? 'dict');
  const name = names[String(branch.type)] ?? String(branch.type);
  return CONSTRAINTS.some((k) => k in branch) ? `constrained-${name}` : name;
}

function isNullSchema(branch: unknown): boolean {
  return (branch as { type?: unknown } | null)?.type === 'null';
}

/**
 * Ajv's errors as Pydantic's: one issue per location, the first check that failed. A union
 * (`anyOf`) reports each member's failure under the member's tag, as Pydantic does; an optional
 * field (`anyOf` with `null`) reports its one member's failure at the field itself.
 */
function convert(base: Loc, errors: SchemaError[]): Issue[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inUnion = (e: SchemaError, u: SchemaError) =>
    e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`);
  const outer = unions.filter((u) => !unions.some((other) => inUnion(u, other)));
  const loose = errors.filter((e) => !outer.includes(e) && !outer.some((u) => inUnion(e, u)));
  const issues: Array<{ issue: Issue; rank: number }> = loose.map((e) => ({
    issue: toIssue(base, e),
    rank: PRIORITY[e.keyword] ?? 5,
  }));
  for (const union of outer) {
    const branches = (union.schema as Array<Record<string, unknown>>) ?? [];
    const members = branches.map((_, i) => i).filter((i) => !isNullSchema(branches[i]));
    const at = locOf(base, union.instancePath);
    for (const i of members) {
      const inside = errors.filter((e) => e.schemaPath.startsWith(`${union.schemaPath}/${i}/`));
      const loc = members.length === 1 ? at : [...at, unionTag(branches[i] ?? {})];
      const rebased = inside.map((e) => ({
        ...e,
        instancePath: e.instancePath.slice(union.instancePath.length),
      }));
      for (const found of convert(loc, rebased)) issues.push({ issue: found, rank: 0 });
    }
  }
  const best = new Map<string, { issue: Issue; rank: number }>();
  for (const entry of issues) {
    const key = JSON.stringify(entry.issue.loc);
    const current = best.get(key);
    if (!current || entry.rank < current.rank) best.set(key, entry);
  }
  return [...best.values()].map((v) => v.issue);
}

/** Ajv's errors for one value as FastAPI's items, in the order of `fields` (Pydantic's order). */
export function toValidationErrors(
  base: Loc,
  errors: SchemaError[] | null | undefined,
  fields: string[] = [],
): ValidationError[] {
  if (!errors?.length) return [];
  const order = (item: Issue) => {
    const index = fields.indexOf(String(item.loc[base.length]));
    return index === -1 ? fields.length : index;
  };
  return convert(base, errors)
    .map((item, position) => ({ item, position }))
    .sort((a, b) => order(a.item) - order(b.item) || a.position - b.position)
    .map(({ item }) => item);
}

function checkParam(
  param: GeneratedParam,
  raw: string | undefined,
  into: Record<string, unknown>,
): Issue[] {
  const loc = [param.in, param.name];
  if (raw === undefined) {
    return param.required ? [issue(loc, 'missing', 'Field required', null)] : [];
  }
  const parsed = laxParse(param.kind, raw);
  if (!parsed.ok) return [issue(loc, parsed.type, parsed.msg, raw, parsed.ctx)];
  if (!param.validate(parsed.value)) {
    // Pydantic reads integers of any size from a string: the int64 bound is for JSON floats only.
    // The string is reported as sent, as FastAPI does.
    const errors = (param.validate.errors ?? [])
      .filter((e) => e.keyword !== 'x-pydantic-int64')
      .map((e) => ({ ...e, data: raw }));
    if (errors.length) return toValidationErrors(loc, errors);
  }
  into[param.name] = parsed.value;
  return [];
}

/** Validate a request's path, query and body against its operation (FastAPI's order). */
export function validateRequest(op: CompiledOperation, input: RequestInput): ValidatedRequest {
  const issues: ValidationError[] = [];
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const param of op.params) {
    if (param.in === 'path') issues.push(...checkParam(param, input.path[param.name], path));
  }
  for (const param of op.params) {
    if (param.in !== 'query') continue;
    // Starlette keeps the last of repeated query parameters.
    const raw = input.query.getAll(param.name).at(-1);
    issues.push(...checkParam(param, raw, query));
  }
  if (op.body) {
    if (input.body === undefined) {
      if (op.body.required) issues.push(issue(['body'], 'missing', 'Field required', null));
    } else if (!op.body.validate(input.body)) {
      issues.push(...toValidationErrors(['body'], op.body.validate.errors, op.body.fields));
    }
  }
  return { issues, body: input.body, path, query };
}

/** FastAPI's answer to a body that is not JSON: `json_invalid` at `["body", position]`. */
export function jsonInvalid(position: number, error: string): ValidationError {
  return issue(['body', position], 'json_invalid', 'JSON decode error', {}, { error });
}
