import { describe, expect, it } from 'vitest';
import { normalizeNullableUnions } from '../src/normalize.mjs';

describe('normalizeNullableUnions', () => {
  it('folds [S, null] into a type array, keeping the property keywords', () => {
    const doc = {
      components: {
        schemas: {
          A: {
            properties: {
              reason: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Why.' },
            },
          },
        },
      },
    };
    expect(normalizeNullableUnions(doc).components.schemas.A.properties.reason).toEqual({
      type: ['string', 'null'],
      description: 'Why.',
    });
  });

  it('inlines a local $ref member and adds null to its enum', () => {
    const doc = {
      components: {
        schemas: {
          Status: { type: 'string', enum: ['A', 'B'] },
          X: { oneOf: [{ $ref: '#/components/schemas/Status' }, { type: 'null' }] },
        },
      },
    };
    expect(normalizeNullableUnions(doc).components.schemas.X).toEqual({
      type: ['string', 'null'],
      enum: ['A', 'B', null],
    });
  });

  it('folds an anyOf of bare types, but leaves oneOf of overlapping types and real unions alone', () => {
    const doc = {
      a: { anyOf: [{ type: 'number' }, { type: 'integer' }, { type: 'null' }] },
      b: { oneOf: [{ type: 'number' }, { type: 'integer' }] },
      c: { anyOf: [{ type: 'object', properties: {} }, { type: 'string' }] },
      d: { anyOf: [{ type: 'number', minimum: 1 }, { type: 'integer' }] },
    };
    const out = normalizeNullableUnions(doc);
    expect(out.a).toEqual({ type: ['number', 'integer', 'null'] });
    expect(out.b).toEqual(doc.b);
    expect(out.c).toEqual(doc.c);
    expect(out.d).toEqual(doc.d);
  });

  it('does not modify its input', () => {
    const doc = { x: { anyOf: [{ type: 'string' }, { type: 'null' }] } };
    normalizeNullableUnions(doc);
    expect(doc.x.anyOf).toHaveLength(2);
  });
});
