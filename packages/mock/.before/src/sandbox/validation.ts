/**
 * Request validation from the bundled spec: one Ajv validator per operation for the body, the
 * path parameters and the query parameters, compiled at startup. Ajv's errors become FastAPI's
 * `HTTPValidationError` items (`loc`, `msg`, `type`), as Dollr's server would answer.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument, OpenApiOperation } from '../spec.js';
import type { ValidationError } from './types.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module, the plugin is `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const DOC_ID = 'https://dollr.sandbox/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type Loc = Array<string | number>;

export interface CompiledOperation {
  operationId: string;
  method: string;
  /** The spec's path, e.g. `/status/collection/{reference_id}`. */
  path: string;
  secured: boolean;
  bodyRequired: boolean;
  validateBody?: ValidateFunction;
  validatePath?: ValidateFunction;
  validateQuery?: ValidateFunction;
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

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRef(value: unknown): value is { $ref: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  const parts = pointer.replace(/^#\/?/, '').split('/').filter(Boolean);
  let node: unknown = doc;
  for (const raw of parts) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return node;
}

interface ParamRef {
  name: string;
  in: string;
  required: boolean;
  /** JSON pointer of the parameter's schema inside the document. */
  schemaPointer: string;
}

function collectParams(doc: OpenApiDocument, path: string, method: string): ParamRef[] {
  const base = `#/paths/${escapePointer(path)}`;
  const lists: Array<[string, unknown]> = [
    [`${base}/parameters`, doc.paths[path]?.parameters],
    [`${base}/${method}/parameters`, (doc.paths[path]?.[method] as OpenApiOperation)?.parameters],
  ];
  const byKey = new Map<string, ParamRef>();
  for (const [pointer, list] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const at = isRef(entry) ? entry.$ref : `${pointer}/${index}`;
      const param = (isRef(entry) ? resolvePointer(doc, entry.$ref) : entry) as {
        name: string;
        in: string;
        required?: boolean;
      };
      byKey.set(`${param.in}:${param.name}`, {
        name: param.name,
        in: param.in,
        required: param.required === true || param.in === 'path',
        schemaPointer: `${at}/schema`,
      });
    });
  }
  return [...byKey.values()];
}

function objectSchema(params: ParamRef[]) {
  return {
    type: 'object',
    required: params.filter((p) => p.required).map((p) => p.name),
    properties: Object.fromEntries(
      params.map((p) => [p.name, { $ref: `${DOC_ID}${p.schemaPointer}` }]),
    ),
  };
}

/** Compile validators for every operation of the spec. */
export function compileOperations(doc: OpenApiDocument): CompiledOperation[] {
  const options = { allErrors: true, strict: false, validateFormats: true } as const;
  const ajv = new Ajv2020(options);
  // Query and path parameters arrive as strings: coerce them to the schema's types.
  const coercing = new Ajv2020({ ...options, coerceTypes: true });
  for (const instance of [ajv, coercing]) {
    addFormats(instance);
    instance.addFormat('password', true);
    instance.addSchema({ ...doc, $id: DOC_ID } as object);
  }

  const operations: CompiledOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OpenApiOperation | undefined;
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const params = collectParams(doc, path, method);
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const security = op.security ?? doc.security ?? [];
      const compiled: CompiledOperation = {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        secured: security.length > 0 && !security.some((s) => Object.keys(s).length === 0),
        bodyRequired: false,
        pathNames: pathParams.map((p) => p.name),
        queryNames: queryParams.map((p) => p.name),
      };
      if (pathParams.length) compiled.validatePath = coercing.compile(objectSchema(pathParams));
      if (queryParams.length) compiled.validateQuery = coercing.compile(objectSchema(queryParams));
      if (op.requestBody) {
        const bodyPointer = isRef(op.requestBody)
          ? op.requestBody.$ref
          : `#/paths/${escapePointer(path)}/${method}/requestBody`;
        const body = resolvePointer(doc, bodyPointer) as {
          required?: boolean;
          content?: Record<string, unknown>;
        };
        if (body.content?.['application/json']) {
          compiled.bodyRequired = body.required === true;
          compiled.validateBody = ajv.compile({
            $ref: `${DOC_ID}${bodyPointer}/content/application~1json/schema`,
          });
        }
      }
      operations.push(compiled);
    }
  }
  return operations;
}

function locOf(base: string, instancePath: string, extra?: string): Loc {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s): string | number => (/^\d+$/.test(s) ? Number(s) : s));
  return extra === undefined ? [base, ...segments] : [base, ...segments, extra];
}

const TYPE_MESSAGES: Record<string, [string, string]> = {
  integer: ['value is not a valid integer', 'type_error.integer'],
  number: ['value is not a valid number', 'type_error.number'],
  string: ['str type expected', 'type_error.str'],
  boolean: ['value could not be parsed to a boolean', 'type_error.bool'],
  object: ['value is not a valid dict', 'type_error.dict'],
  array: ['value is not a valid list', 'type_error.list'],
  null: ['none is not an allowed value', 'type_error.none.allowed'],
};

/** Lower is more telling; one issue per location is kept. */
const PRIORITY: Record<string, number> = {
  required: 0,
  type: 1,
  enum: 2,
  const: 2,
  format: 3,
  minimum: 4,
  maximum: 4,
  exclusiveMinimum: 4,
  exclusiveMaximum: 4,
  minLength: 4,
  maxLength: 4,
  pattern: 5,
};

function toIssue(base: string, error: ErrorObject): ValidationError {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        loc: locOf(base, error.instancePath, String(params.missingProperty)),
        msg: 'field required',
        type: 'value_error.missing',
      };
    case 'type': {
      const first = String(params.type).split(',')[0] ?? 'value';
      const [msg, type] = TYPE_MESSAGES[first] ?? [
        `value is not a valid ${first}`,
        `type_error.${first}`,
      ];
      return { loc: locOf(base, error.instancePath), msg, type };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => `'${String(v)}'`).join(', ');
      return {
        loc: locOf(base, error.instancePath),
        msg: `value is not a valid enumeration member; permitted: ${allowed}`,
        type: 'type_error.enum',
      };
    }
    case 'const':
      return {
        loc: locOf(base, error.instancePath),
        msg: `unexpected value; permitted: '${String(params.allowedValue)}'`,
        type: 'value_error.const',
      };
    case 'format': {
      const format = String(params.format);
      if (format === 'uuid') {
        return {
          loc: locOf(base, error.instancePath),
          msg: 'value is not a valid uuid',
          type: 'type_error.uuid',
        };
      }
      if (format === 'date-time') {
        return {
          loc: locOf(base, error.instancePath),
          msg: 'invalid datetime format',
          type: 'value_error.datetime',
        };
      }
      return {
        loc: locOf(base, error.instancePath),
        msg: `invalid ${format} format`,
        type: `value_error.${format}`,
      };
    }
    case 'pattern':
      return {
        loc: locOf(base, error.instancePath),
        msg: `string does not match regex "${String(params.pattern)}"`,
        type: 'value_error.str.regex',
      };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const words: Record<string, [string, string]> = {
        minimum: ['greater than or equal to', 'not_ge'],
        exclusiveMinimum: ['greater than', 'not_gt'],
        maximum: ['less than or equal to', 'not_le'],
        exclusiveMaximum: ['less than', 'not_lt'],
      };
      const [phrase, code] = words[error.keyword] as [string, string];
      return {
        loc: locOf(base, error.instancePath),
        msg: `ensure this value is ${phrase} ${String(params.limit)}`,
        type: `value_error.number.${code}`,
      };
    }
    case 'minLength':
    case 'maxLength': {
      const least = error.keyword === 'minLength';
      return {
        loc: locOf(base, error.instancePath),
        msg: `ensure this value has ${least ? 'at least' : 'at most'} ${String(params.limit)} characters`,
        type: `value_error.any_str.${least ? 'min_length' : 'max_length'}`,
      };
    }
    case 'additionalProperties':
      return {
        loc: locOf(base, error.instancePath, String(params.additionalProperty)),
        msg: 'extra fields not permitted',
        type: 'value_error.extra',
      };
    default:
      return {
        loc: locOf(base, error.instancePath),
        msg: error.message ?? 'invalid value',
        type: `value_error.${error.keyword}`,
      };
  }
}

/**
 * Turn Ajv's errors into one issue per location. Errors inside an `anyOf` are folded into the
 * branch that says the most: a constraint failure (the type matched, the value did not) beats
 * "wrong type".
 */
export function toValidationErrors(
  base: string,
  errors: ErrorObject[] | null | undefined,
): ValidationError[] {
  if (!errors?.length) return [];
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const consumed = new Set<ErrorObject>();
  const chosen: ErrorObject[] = [];
  // Innermost first, so that nested anyOf branches are folded before their parents.
  for (const group of [...anyOfs].sort((a, b) => b.schemaPath.length - a.schemaPath.length)) {
    const prefix = `${group.schemaPath}/`;
    const branch = errors.filter(
      (e) => e !== group && !consumed.has(e) && e.schemaPath.startsWith(prefix),
    );
    for (const e of branch) consumed.add(e);
    consumed.add(group);
    const constraint = branch.find(
      (e) => e.keyword !== 'type' && e.instancePath === group.instancePath,
    );
    const deeper = branch.find((e) => e.instancePath !== group.instancePath);
    const pick = constraint ?? deeper ?? branch[0];
    if (pick) chosen.push(pick);
  }
  const remaining = errors.filter((e) => !consumed.has(e));
  const all = [...remaining, ...chosen];

  const best = new Map<string, { issue: ValidationError; rank: number }>();
  for (const error of all) {
    const issue = toIssue(base, error);
    const key = JSON.stringify(issue.loc);
    const rank = PRIORITY[error.keyword] ?? 9;
    const current = best.get(key);
    if (!current || rank < current.rank) best.set(key, { issue, rank });
  }
  return [...best.values()].map((v) => v.issue);
}

/** Validate a request's body, path and query against its operation. */
export function validateRequest(op: CompiledOperation, input: RequestInput): ValidatedRequest {
  const issues: ValidationError[] = [];
  const path: Record<string, unknown> = {};
  for (const name of op.pathNames)
    if (input.path[name] !== undefined) path[name] = input.path[name];
  if (op.validatePath && !op.validatePath(path)) {
    issues.push(...toValidationErrors('path', op.validatePath.errors));
  }
  const query: Record<string, unknown> = {};
  for (const name of op.queryNames) {
    const value = input.query.get(name);
    if (value !== null) query[name] = value;
  }
  if (op.validateQuery && !op.validateQuery(query)) {
    issues.push(...toValidationErrors('query', op.validateQuery.errors));
  }
  if (op.validateBody) {
    if (input.body === undefined) {
      if (op.bodyRequired)
        issues.push({ loc: ['body'], msg: 'field required', type: 'value_error.missing' });
    } else if (!op.validateBody(input.body)) {
      issues.push(...toValidationErrors('body', op.validateBody.errors));
    }
  }
  return { issues, body: input.body, path, query };
}
