import fc from 'fast-check';
import { canonicalJson, canonicalizeWorkload, irHash, normalizeWorkload, parseWorkload, validateWorkload } from '../src';
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
