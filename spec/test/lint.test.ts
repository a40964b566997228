import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from './redocly.js';

const specRoot = fileURLToPath(new URL('..', import.meta.url));

describe('redocly lint', () => {
  it('reports no problem on the spec', () => {
    const { ok, report } = lint();
    expect(ok, report).toBe(true);
    expect(report).not.toMatch(/warning|error/i);
  });

  describe('on a broken copy of the spec', () => {
    let copy: string;
    const broken = (file: string, edit: (text: string) => string) => {
      copy = mkdtempSync(join(tmpdir(), 'dollr-spec-'));
      for (const entry of ['openapi.yaml', 'redocly.yaml', 'paths', 'components']) {
        cpSync(join(specRoot, entry), join(copy, entry), { recursive: true });
      }
      const path = join(copy, file);
      writeFileSync(path, edit(readFileSync(path, 'utf8')));
      return lint('openapi.yaml', copy);
    };
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    it('names the file and line of an example that does not match its schema', () => {
      const { ok, report } = broken('components/examples/CheckoutSessionActive.yaml', (text) =>
        text.replace('source_id: 101', "source_id: 'one hundred and one'"),
      );
      expect(ok).toBe(false);
      expect(report).toMatch(/paths\/sessions_checkout\.yaml|CheckoutSessionActive\.yaml/);
      expect(report).toMatch(/\d+:\d+\s+error\s+no-invalid-media-type-examples/);
    });

    it('rejects an operationId that is not camelCase', () => {
      const { ok, report } = broken('paths/sessions_checkout.yaml', (text) =>
        text.replace('operationId: createCheckoutSession', 'operationId: create_checkout_session'),
      );
      expect(ok).toBe(false);
      expect(report).toContain('rule/operation-id-camel-case');
    });

    it('rejects a component nobody uses', () => {
      const { ok, report } = broken('openapi.yaml', (text) =>
        text.replace(
          'components:\n  schemas:\n',
          'components:\n  schemas:\n    Orphan:\n      description: unused\n      type: string\n',
        ),
      );
      expect(ok).toBe(false);
      expect(report).toContain('no-unused-components');
    });
  });
});
