/**
 * The spec's vocabulary as a module: the names other workspaces would otherwise write by hand.
 * Read from the bundle (dist/openapi.json), written as dist/vocabulary.js and its .d.ts.
 *
 * - Kinds come from the paths: an execution kind is `{kind}` in `/executions/{kind}` that also has
 *   `/status/{kind}/{reference_id}`; a session kind is `{kind}` in `/sessions/{kind}`.
 * - Every schema with an `enum` becomes `NAME_IN_CAPITALS` (plural) and a type of its name;
 *   `x-enums` on a schema names value sets the wire does not carry on its own (the fee bearer).
 * - `x-final-statuses` on an enum lists the statuses nothing leaves: `FINAL_…` and `isFinal…()`.
 * - `REALTIME_COLLECTION`: where a page subscribes for a collection (`x-realtime` on
 *   `POST /realtime-keys/collection`): channel and filter templates, event, schema, table, row.
 * - `INPUT_LIMITS`: what the schemas say about input (currency length, minimum amount, the
 *   reference id's pattern, and `x-e164-digits` on the passcode's phone).
 *
 * Anything missing from the spec is an error here, at bundle time, never a silent default.
 */

/** `ExecutionStatus` → `EXECUTION_STATUSES`, `CheckoutSourceType` → `CHECKOUT_SOURCE_TYPES`. */
export function constantName(schemaName) {
  const words = schemaName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return /(S|X|SH|CH)$/.test(words) ? `${words}ES` : `${words}S`;
}

function fail(message) {
  throw new Error(`vocabulary: ${message}`);
}

/** The `{kind}` segments of the paths that match `pattern` (its first group), in spec order. */
function segments(spec, pattern) {
  return Object.keys(spec.paths).flatMap((path) => {
    const match = pattern.exec(path);
    return match ? [match[1]] : [];
  });
}

export function executionKinds(spec) {
  const kinds = segments(spec, /^\/executions\/([a-z_]+)$/).filter(
    (kind) => `/status/${kind}/{reference_id}` in spec.paths,
  );
  if (kinds.length === 0) fail('no /executions/{kind} path with a /status/{kind}/{reference_id}');
  return kinds;
}

export function sessionKinds(spec) {
  const kinds = segments(spec, /^\/sessions\/([a-z_]+)$/);
  if (kinds.length === 0) fail('no /sessions/{kind} path');
  return kinds;
}

/** Every named value set: schemas with `enum`, and the `x-enums` of any schema. */
export function enums(spec) {
  const found = [];
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    if (Array.isArray(schema.enum)) found.push({ name, values: schema.enum, schema });
    for (const [extra, set] of Object.entries(schema['x-enums'] ?? {})) {
      if (!Array.isArray(set.enum)) fail(`x-enums.${extra} of ${name} has no enum`);
      found.push({ name: extra, values: set.enum, schema: set });
    }
  }
  return found;
}

function schema(spec, name) {
  return spec.components?.schemas?.[name] ?? fail(`no schema ${name}`);
}

export function inputLimits(spec) {
  const currency = schema(spec, 'Currency');
  if (currency.minLength !== currency.maxLength) fail('Currency has no fixed length');
  const minimums = (schema(spec, 'PositiveAmount').anyOf ?? []).map((b) => b.minimum);
  if (minimums.some((m) => typeof m !== 'number')) fail('PositiveAmount has no minimum');
  const referenceId = schema(spec, 'ReferenceId').pattern ?? fail('ReferenceId has no pattern');
  const phone = schema(spec, 'PasscodeToken').properties?.phone?.['x-e164-digits'];
  if (!Number.isInteger(phone?.min) || !Number.isInteger(phone?.max)) {
    fail('PasscodeToken.phone has no x-e164-digits {min, max}');
  }
  return {
    currencyLength: currency.minLength,
    minAmount: Math.min(...minimums),
    referenceIdPattern: referenceId,
    phoneDigits: { min: phone.min, max: phone.max },
  };
}

const REALTIME_FIELDS = ['channel', 'event', 'postgresEvent', 'schema', 'table', 'filter', 'row'];

/** `x-realtime` of the collection's realtime-key operation, with the row schema's name. */
export function realtimeCollection(spec) {
  const operation = spec.paths?.['/realtime-keys/collection']?.post;
  const realtime =
    operation?.['x-realtime'] ?? fail('no x-realtime on POST /realtime-keys/collection');
  const missing = REALTIME_FIELDS.filter((field) => typeof realtime[field] !== 'string');
  if (missing.length > 0) fail(`x-realtime has no ${missing.join(', ')}`);
  const row = /^#\/components\/schemas\/(\w+)$/.exec(realtime.row)?.[1];
  if (!row || !spec.components?.schemas?.[row]) fail(`x-realtime.row ${realtime.row} is no schema`);
  const { channel, event, postgresEvent, schema, table, filter } = realtime;
  return { channel, event, postgresEvent, schema, table, filter, row };
}

const json = (value) => JSON.stringify(value);
const firstSentence = (text) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=\.) /)[0];
const tuple = (values) => `readonly [${values.map(json).join(', ')}]`;

/** The module's JavaScript and its declarations, from the bundled spec. */
export function buildVocabulary(spec) {
  const header = `// Generated from the bundled spec by spec/scripts/vocabulary.mjs. Do not edit.\n`;
  const js = [header];
  const dts = [header];
  const constant = (name, value, type, doc) => {
    js.push(`export const ${name} = Object.freeze(${json(value)});\n`);
    dts.push(`/** ${doc} */\nexport declare const ${name}: ${type};\n`);
  };

  const kinds = executionKinds(spec);
  constant(
    'EXECUTION_KINDS',
    kinds,
    tuple(kinds),
    'Which execution: `{kind}` in `/executions/{kind}` and `/status/{kind}/{reference_id}`.',
  );
  dts.push('export type ExecutionKind = (typeof EXECUTION_KINDS)[number];\n');
  const sessions = sessionKinds(spec);
  constant(
    'SESSION_KINDS',
    sessions,
    tuple(sessions),
    'Which session: `{kind}` in `/sessions/{kind}`.',
  );
  dts.push('export type SessionKind = (typeof SESSION_KINDS)[number];\n');

  for (const { name, values, schema: source } of enums(spec)) {
    const constName = constantName(name);
    const doc = firstSentence(source.description ?? name);
    constant(constName, values, tuple(values), doc);
    dts.push(`export type ${name} = (typeof ${constName})[number];\n`);
    const final = source['x-final-statuses'];
    if (!final) continue;
    const unknown = final.filter((value) => !values.includes(value));
    if (unknown.length > 0) fail(`x-final-statuses of ${name} names ${unknown.join(', ')}`);
    constant(`FINAL_${constName}`, final, tuple(final), `The ${name} values nothing leaves.`);
    dts.push(`export type Final${name} = (typeof FINAL_${constName})[number];\n`);
    js.push(
      `export function isFinal${name}(value) {\n  return FINAL_${constName}.includes(value);\n}\n`,
    );
    dts.push(
      `/** True for a final ${name} (${final.join(', ')}). */\nexport declare function isFinal${name}(value: string): value is Final${name};\n`,
    );
  }

  const realtime = realtimeCollection(spec);
  constant(
    'REALTIME_COLLECTION',
    realtime,
    `{\n${Object.entries(realtime)
      .map(([key, value]) => `  readonly ${key}: ${json(value)};`)
      .join('\n')}\n}`,
    'Where a page follows a collection live: `x-realtime` of `POST /realtime-keys/collection` (`{session_id}` and `{reference_id}` are placeholders).',
  );

  const limits = inputLimits(spec);
  constant(
    'INPUT_LIMITS',
    limits,
    `{\n  readonly currencyLength: ${limits.currencyLength};\n  readonly minAmount: ${limits.minAmount};\n  readonly referenceIdPattern: string;\n  readonly phoneDigits: { readonly min: ${limits.phoneDigits.min}; readonly max: ${limits.phoneDigits.max} };\n}`,
    'What the schemas say about input: currency length, minimum amount, reference id pattern, phone digits.',
  );
  return { js: js.join(''), dts: dts.join('') };
}
