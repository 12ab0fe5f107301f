import fc from 'fast-check';
import { WorkloadSchema, canonicalJson, canonicalizeWorkload, irHash, normalizeWorkload, parseWorkload, validateWorkload } from '../src';
import { toText, validWorkload } from './arbitraries';

const parse = (text: string) => {
  const r = parseWorkload(text);
  if (!r.ok) throw new Error(`generated document did not parse: ${JSON.stringify(r.errors)}\n${text}`);
  return r.workload;
};

describe('properties over generated valid workloads', () => {
  it('the generator only builds valid IR', () => {
    fc.assert(
      fc.property(validWorkload, (doc) => {
        expect(validateWorkload(parse(toText(doc)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('normalize is idempotent and canonicalize(parse(canonicalize(x))) == canonicalize(x)', () => {
    fc.assert(
      fc.property(validWorkload, (doc) => {
        const w = parse(toText(doc));
        const c1 = canonicalizeWorkload(w);
        const w2 = parse(c1);
        expect(canonicalJson(normalizeWorkload(w2))).toBe(canonicalJson(normalizeWorkload(w)));
        expect(canonicalizeWorkload(w2)).toBe(c1);
        expect(w2).toEqual(w);
      }),
      { numRuns: 300 },
    );
  });

  it('whitespace and key order do not change the hash', () => {
    fc.assert(
      fc.property(validWorkload, (doc) => {
        expect(irHash(parse(toText(doc, 2)))).toBe(irHash(parse(toText(doc))));
      }),
      { numRuns: 150 },
    );
  });
});

/** Drops null/undefined members recursively: zod leaves an absent nullable field out, the model says null. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = withoutNulls(x);
  return out;
}

describe('the zod schemas and the model builder agree on every default', () => {
  // The defaults live twice — in the zod schemas (they feed the published JSON Schema) and in the
  // explicit model builder (which keeps `__proto__` keys intact). This keeps them from drifting.
  it('zod-filled defaults equal the typed model for generated valid workloads', () => {
    fc.assert(
      fc.property(validWorkload, (doc) => {
        const text = toText(doc);
        fc.pre(!text.includes('"__proto__"')); // zod drops such record keys (see parse.ts)
        const viaZod = WorkloadSchema.parse(JSON.parse(text));
        expect(withoutNulls(viaZod)).toEqual(withoutNulls(parse(text)));
      }),
      { numRuns: 200 },
    );
  });
});
