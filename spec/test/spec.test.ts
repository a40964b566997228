import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { bundle, type Json, operations, resolve } from './bundle.js';
import { enumFacts, operationFacts, passcodeFacts, type SchemaFact } from './facts.js';

/** Reduces a schema to the coarse kind the facts table speaks in. */
function kindOf(node: Json): string {
  const schema = resolve(node);
  if (schema.anyOf) {
    const branches = schema.anyOf.map(resolve);
    const nonNull = branches.filter((branch: Json) => branch.type !== 'null');
    const nullable = nonNull.length < branches.length ? '?' : '';
    const types = nonNull
      .map((branch: Json) => branch.type)
      .sort()
      .join('|');
    if (types === 'integer|number') {
      const positive = nonNull.every((branch: Json) => branch.minimum > 0);
      return `${positive ? 'positive-amount' : 'amount'}${nullable}`;
    }
    if (nonNull.length === 1) return `${kindOf(nonNull[0])}${nullable}`;
    return `anyOf(${types})${nullable}`;
  }
  if (schema.enum) return 'enum';
  switch (schema.type) {
    case 'integer':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    case 'string':
      if (schema.format === 'date-time') return 'datetime';
      if (schema.minLength === 3 && schema.maxLength === 3) return 'currency';
      if (schema.format === 'uuid' && /-4\[/.test(schema.pattern ?? '')) return 'uuid4';
      return 'str';
    default:
      return JSON.stringify(schema);
  }
}

function expectSchemaToMatch(
  node: Json,
  fact: SchemaFact | { fields: Record<string, string>; required: string[] },
  where: string,
) {
  const schema = resolve(node);
  const kinds = Object.fromEntries(
    Object.entries(schema.properties as Record<string, Json>).map(([name, field]) => [
      name,
      kindOf(field),
    ]),
  );
  expect(kinds, `${where}: fields and their types`).toEqual(fact.fields);
  expect([...(schema.required ?? [])].sort(), `${where}: required`).toEqual(
    [...fact.required].sort(),
  );
}

const byId = new Map(operations().map((entry) => [entry.operation.operationId, entry]));

describe('the bundle against the facts of the real API', () => {
  it('holds exactly the 15 operations', () => {
    const found = operations().map(
      ({ method, path, operation }) => `${method} ${path} ${operation.operationId}`,
    );
    const expected = operationFacts.map(
      ({ method, path, operationId }) => `${method} ${path} ${operationId}`,
    );
    expect(found.sort()).toEqual(expected.sort());
    expect(found).toHaveLength(15);
  });

  it('serves production at https://api.heydollr.app/v1 and a local mock under the same /v1', () => {
    const urls = bundle.servers.map((server: Json) => server.url);
    expect(urls).toContain('https://api.heydollr.app/v1');
    expect(
      urls.some((url: string) => /^http:\/\/(127\.0\.0\.1|localhost):\d+\/v1$/.test(url)),
    ).toBe(true);
  });

  for (const fact of operationFacts) {
    describe(`${fact.method} ${fact.path}`, () => {
      const entry = () => {
        const found = byId.get(fact.operationId);
        if (!found) throw new Error(`operation ${fact.operationId} is missing`);
        return found.operation;
      };

      it('has its tag, a summary and a description', () => {
        const operation = entry();
        expect(operation.tags).toEqual([fact.tag]);
        expect(operation.summary).toBeTruthy();
        expect(operation.description?.length).toBeGreaterThan(40);
      });

      it(fact.authenticated ? 'requires the bearer token' : 'needs no token', () => {
        const security = entry().security ?? bundle.security;
        expect(security).toEqual(fact.authenticated ? [{ HTTPBearer: [] }] : []);
      });

      if (fact.request) {
        const request = fact.request;
        it('takes the request body the real API takes', () => {
          const body = entry().requestBody;
          expect(body.required).toBe(true);
          expectSchemaToMatch(body.content['application/json'].schema, request, 'request');
        });
      }

      it('answers 200 with the response the real API gives', () => {
        expectSchemaToMatch(
          resolve(entry().responses['200']).content['application/json'].schema,
          fact.response,
          'response',
        );
      });

      it('declares every error the real API gives', () => {
        const codes = Object.keys(entry().responses).sort();
        const expected = ['200', '401', '422', '429', '5XX'];
        if (fact.authenticated) expected.push('403');
        if (fact.tag === 'status' || fact.tag === 'sessions') expected.push('404');
        expect(codes).toEqual(expected.sort());
        const limited = resolve(entry().responses['429']);
        expect(Object.keys(limited.headers ?? {})).toContain('Retry-After');
        expectSchemaToMatch(
          resolve(entry().responses['422']).content['application/json'].schema,
          { fields: { detail: 'array' }, required: [] },
          '422',
        );
      });
    });
  }

  it('nests the payout passcode as token and device', () => {
    const payload = resolve(
      byId.get('payout')?.operation.requestBody.content['application/json'].schema,
    );
    const passcode = resolve(payload.properties.passcode);
    expect(passcode.required.sort()).toEqual(['device', 'token']);
    expectSchemaToMatch(passcode.properties.token, passcodeFacts.token, 'passcode.token');
    expectSchemaToMatch(passcode.properties.device, passcodeFacts.device, 'passcode.device');
  });

  it('names the status, operation and source values as enums', () => {
    for (const [name, values] of Object.entries(enumFacts)) {
      expect(bundle.components.schemas[name]?.enum, name).toEqual(values);
    }
  });

  it('writes the 422 body in FastAPI shape: detail[] of {loc, msg, type}', () => {
    const item = resolve(bundle.components.schemas.ValidationError);
    expect(item.required.sort()).toEqual(['loc', 'msg', 'type']);
    expect(item.properties.loc.items.anyOf.map((branch: Json) => branch.type).sort()).toEqual([
      'integer',
      'string',
    ]);
  });
});

describe('descriptions', () => {
  it('describe every operation, schema and field', () => {
    const missing: string[] = [];
    const visit = (node: Json, pointer: string) => {
      if (!node || typeof node !== 'object') return;
      if (node.properties) {
        for (const [name, field] of Object.entries(node.properties as Record<string, Json>)) {
          const described = field.description || resolve(field).description;
          if (!described) missing.push(`${pointer}/properties/${name}`);
          visit(field, `${pointer}/properties/${name}`);
        }
      }
      if (node.items) visit(node.items, `${pointer}/items`);
      for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
        for (const [i, child] of (node[key] ?? []).entries())
          visit(child, `${pointer}/${key}/${i}`);
      }
    };
    for (const [name, schema] of Object.entries(
      bundle.components.schemas as Record<string, Json>,
    )) {
      if (!schema.description) missing.push(`#/components/schemas/${name}`);
      visit(schema, `#/components/schemas/${name}`);
    }
    expect(missing, 'fields without a description (components/schemas/<Name>.yaml)').toEqual([]);
  });
});

describe('examples', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...bundle, $id: 'dollr' }, 'dollr');

  const media = operations().flatMap(({ method, path, operation }) => {
    const entries: { where: string; schema: Json; examples: Record<string, Json> }[] = [];
    const body = operation.requestBody?.content?.['application/json'];
    if (body)
      entries.push({
        where: `${method} ${path} request`,
        schema: body.schema,
        examples: body.examples ?? {},
      });
    for (const [code, response] of Object.entries(operation.responses as Record<string, Json>)) {
      const content = resolve(response).content?.['application/json'];
      if (content)
        entries.push({
          where: `${method} ${path} ${code}`,
          schema: content.schema,
          examples: content.examples ?? {},
        });
    }
    return entries;
  });

  it('exist for every request and every response code', () => {
    const bare = media
      .filter((entry) => Object.keys(entry.examples).length === 0)
      .map((entry) => entry.where);
    expect(bare).toEqual([]);
  });

  it('validate against their schemas', () => {
    const invalid: string[] = [];
    for (const { where, schema, examples } of media) {
      const validate = ajv.compile(schema.$ref ? { $ref: `dollr${schema.$ref}` } : schema);
      for (const [name, example] of Object.entries(examples)) {
        if (!validate(resolve(example).value)) {
          invalid.push(`${where} example ${name}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(invalid).toEqual([]);
  });

  it('let a Prism user pick a completed, processing, failed and 3-D Secure execution', () => {
    const names = Object.keys(
      resolve(byId.get('getCollectionStatus')?.operation.responses['200']).content[
        'application/json'
      ].examples,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'CollectionCompleted',
        'CollectionProcessing',
        'CollectionFailed',
        'CollectionRequiresAction',
      ]),
    );
    const secure = bundle.components.examples.CollectionRequiresAction.value;
    expect(secure).toMatchObject({ requires_action: true, client_secret: expect.any(String) });
  });
});
