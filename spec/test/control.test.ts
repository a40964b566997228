/** The sandbox control API: its own document, beside the Dollr one, reusing Dollr's schemas. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundle as dollr, type Json } from './bundle.js';
import { lint } from './redocly.js';

const control: Json = JSON.parse(
  readFileSync(new URL('../dist/control.json', import.meta.url), 'utf8'),
);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = Object.entries(control.paths as Record<string, Json>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, operation: item[m] })),
);

describe('control API', () => {
  it('lints without a problem', () => {
    const { ok, report } = lint('control/openapi.yaml');
    expect(ok, report).toBe(true);
    expect(report).not.toMatch(/warning|error/i);
  });

  it('lives under /_sandbox, which no Dollr path can reach', () => {
    for (const { path } of operations) expect(path).toMatch(/^\/_sandbox\//);
    for (const path of Object.keys(dollr.paths)) expect(path).not.toMatch(/^\/_sandbox/);
    expect(dollr.servers.every((s: Json) => s.url.endsWith('/v1'))).toBe(true);
  });

  it('is authorised by Dollr bearer tokens on every operation, with 401 like Dollr', () => {
    expect(control.security).toEqual(dollr.security);
    expect(control.components.securitySchemes.HTTPBearer.scheme).toBe('bearer');
    for (const { path, method, operation } of operations) {
      expect(operation.security, `${method} ${path}`).toBeUndefined();
      expect(operation.responses['401'], `${method} ${path}`).toEqual({
        $ref: '#/components/responses/Unauthorized',
      });
    }
    expect(control.components.responses.Unauthorized).toEqual(
      dollr.components.responses.Unauthorized,
    );
  });

  it('answers 422 HTTPValidationError wherever it takes input, and 404 where it takes an id', () => {
    for (const { path, method, operation } of operations) {
      const params = [...(control.paths[path].parameters ?? []), ...(operation.parameters ?? [])];
      if (operation.requestBody || params.length) {
        expect(operation.responses['422'], `${method} ${path}`).toEqual({
          $ref: '#/components/responses/ValidationFailed',
        });
      }
      const idInPath =
        /\{(reference_id|session_id|tenant_id|wallet_id|source_id|fault_id|payment_account_id)\}/;
      // setWallet creates the wallet it names when there is none.
      if (idInPath.test(path) && operation.operationId !== 'setWallet')
        expect(operation.responses['404'], `${method} ${path}`).toBeDefined();
    }
    expect(control.components.schemas.HTTPValidationError).toEqual(
      dollr.components.schemas.HTTPValidationError,
    );
  });

  it("restates none of Dollr's schemas: shared ones are the same, no enum is copied", () => {
    const ours = control.components.schemas as Record<string, Json>;
    const theirs = dollr.components.schemas as Record<string, Json>;
    const shared = Object.keys(ours).filter((name) => name in theirs);
    expect(shared).toEqual(
      expect.arrayContaining([
        'ExecutionStatus',
        'SourceStatus',
        'SessionStatus',
        'CheckoutSourceType',
        'ExecutionResponse',
      ]),
    );
    for (const name of shared) expect(ours[name], name).toEqual(theirs[name]);
    const dollrEnums = Object.values(theirs)
      .filter((s) => s.enum)
      .map((s) => JSON.stringify([...s.enum].sort()));
    for (const [name, schema] of Object.entries(ours)) {
      if (name in theirs || !schema.enum) continue;
      expect(dollrEnums, name).not.toContain(JSON.stringify([...schema.enum].sort()));
    }
  });

  it('has unique camelCase operationIds that do not clash with Dollr ones', () => {
    const ids = operations.map((o) => o.operation.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    const dollrIds = Object.values(dollr.paths as Record<string, Json>).flatMap((item) =>
      METHODS.filter((m) => item[m]).map((m) => item[m].operationId),
    );
    for (const id of ids) expect(dollrIds).not.toContain(id);
  });
});
