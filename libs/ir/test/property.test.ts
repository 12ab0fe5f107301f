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

describe('the one schema declaration carries the model and the emit rules', () => {
  // parseWorkload returns zod's own output (no second builder), so there is nothing to drift
  // from; these check what the declaration itself must guarantee.
  it('every absent nullable field is null and every map is a null-prototype object', () => {
    fc.assert(
      fc.property(validWorkload, (doc) => {
        const w = parse(toText(doc));
        expect(Object.getPrototypeOf(w.extensions)).toBeNull();
        for (const app of w.apps) {
          expect(Object.getPrototypeOf(app.env)).toBeNull();
          for (const k of ['network', 'dependencies', 'health_check'] as const) expect(app[k]).not.toBeUndefined();
          for (const ep of app.entrypoints) expect(Object.getPrototypeOf(ep.env)).toBeNull();
          for (const addon of app.addons) expect(Object.getPrototypeOf(addon.params)).toBeNull();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('defaults are fresh per parse (no shared mutable default)', () => {
    const text =
      '{"schema_version":"0.1","id":"w","apps":[{"name":"a","source":{"kind":"local_path","path":"."},"image":{"kind":"nix_packages","packages":[]},"entrypoints":[{"kind":"command","command":["x"]}],"resources":{"cpu_cores":1,"memory_mb":1,"rootfs_size_mb":1}}]}';
    const a = parse(text);
    const b = parse(text);
    const appA = a.apps[0];
    const appB = b.apps[0];
    if (!appA || !appB) throw new Error('no app');
    appA.mounts.push({ target: '/t', source: { kind: 'tmpfs', size_mb: 1 }, mode: 'rw' });
    appA.hooks.before_start.push({ kind: 'argv', argv: ['y'] });
    appA.env.X = { kind: 'literal', value: 'v' };
    expect(appB.mounts).toEqual([]);
    expect(appB.hooks.before_start).toEqual([]);
    expect(Object.keys(appB.env)).toEqual([]);
  });

  it('a field is omitted from the normalized document only by its emit rule', () => {
    const text =
      '{"schema_version":"0.1","id":"w","apps":[{"name":"a","source":{"kind":"local_path","path":"."},"image":{"kind":"nix_packages","packages":[]},"entrypoints":[{"kind":"function","language":"python","module":"m","function":"f","format":"json"}],"resources":{"cpu_cores":1,"memory_mb":1,"rootfs_size_mb":1},"threat_tier":"untrusted","hooks":{"before_build":[]}}]}';
    const n = normalizeWorkload(parse(text));
    const app = (n.apps as Record<string, unknown>[])[0] as Record<string, unknown>;
    // always/null fields are written as null; omit-null, omit-empty and omit-default ones are not.
    expect(Object.keys(app).sort()).toEqual([
      'dependencies',
      'entrypoints',
      'env',
      'image',
      'mounts',
      'name',
      'network',
      'resources',
      'source',
    ]);
    expect(app.network).toBeNull();
    const ep = (app.entrypoints as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(Object.keys(ep).sort()).toEqual(['env', 'format', 'function', 'kind', 'language', 'module', 'primary', 'working_dir']);
  });
});
