// Rewrites nullable unions into the equivalent type arrays before diffing.
//
// The spec writes optional values as `anyOf: [{ type: string }, { type: 'null' }]` (OpenAPI 3.1).
// Optic treats every anyOf/oneOf property as a polymorphic union and skips the property rules for
// it, so removing such a field or making it required would pass unnoticed. `{ type: [string, null] }`
// accepts exactly the same values and Optic checks it like any other property.

/** @param {unknown} value */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** @param {any} root @param {string} ref */
function resolveLocalRef(root, ref) {
  if (!ref.startsWith('#/')) return undefined;
  let node = root;
  for (const part of ref.slice(2).split('/')) {
    node = node?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return isObject(node) ? node : undefined;
}

const isNullSchema = (/** @type {any} */ s) =>
  isObject(s) && s.type === 'null' && Object.keys(s).length === 1;

/**
 * One member of a nullable union, folded with null, or undefined when that cannot be done exactly.
 * @param {any} root @param {any} member
 */
function foldWithNull(root, member) {
  const schema = typeof member?.$ref === 'string' ? resolveLocalRef(root, member.$ref) : member;
  if (!isObject(schema) || typeof schema.type !== 'string') return undefined;
  if ('$ref' in schema || 'anyOf' in schema || 'oneOf' in schema || 'allOf' in schema)
    return undefined;
  const folded = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) folded.enum = [...schema.enum, null];
  if ('const' in schema) return undefined;
  return folded;
}

/**
 * A deep copy of an OpenAPI document with every nullable union `anyOf|oneOf: [S, {type: null}]`
 * (S a single-typed schema or a local $ref to one) and every anyOf of bare types
 * `anyOf: [{type: a}, {type: b}, …]` replaced by the equivalent `type: [...]` schema. (A oneOf of
 * bare types is left alone: `number` and `integer` overlap, so it is not a type array.)
 * @param {any} document
 */
export function normalizeNullableUnions(document) {
  const root = structuredClone(document);
  /** @type {(node: any) => any} */
  const visit = (node) => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isObject(node)) return node;
    /** @type {any} */
    let out = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    for (const keyword of ['anyOf', 'oneOf']) {
      const members = out[keyword];
      if (!Array.isArray(members)) continue;
      const bareTypes =
        keyword === 'anyOf' &&
        members.every(
          (m) => isObject(m) && typeof m.type === 'string' && Object.keys(m).length === 1,
        );
      if (bareTypes && new Set(members.map((m) => m.type)).size === members.length) {
        const { [keyword]: _, ...rest } = out;
        out = { ...rest, type: members.map((m) => m.type) };
        continue;
      }
      if (members.length === 2 && members.some(isNullSchema)) {
        const other = members.find((m) => !isNullSchema(m));
        const folded = foldWithNull(document, other);
        if (!folded || 'type' in out) continue;
        const { [keyword]: _, ...rest } = out;
        out = { ...folded, ...rest };
      }
    }
    return out;
  };
  return visit(root);
}
