import { canonicalizeWorkload, parseWorkload, type FunctionEntrypoint } from '../src';
import { codesAt, fixture, functionDoc, helloDoc, parseErrors, parseOk } from './helpers';

/** Splices raw JSON text for `"<marker>"` into the hello document (for keys JSON.stringify cannot express). */
function helloWith(mutate: (d: ReturnType<typeof helloDoc>) => void): string {
  const d = helloDoc();
  mutate(d);
  return JSON.stringify(d);
}

describe('parseWorkload: shape errors (ir-v0 §3.5)', () => {
  it('fills every default and sets absent nullables to null', () => {
    const w = parseOk(fixture('hello.min.json'));
    const app = w.apps[0]!;
    expect(w.volumes).toEqual([]);
    expect(Object.keys(w.extensions)).toEqual([]);
    expect(app.network).toBeNull();
    expect(app.dependencies).toBeNull();
    expect(app.health_check).toBeNull();
    expect(app.threat_tier).toBe('untrusted');
    expect(app.hooks).toEqual({ before_build: [], before_start: [], after_start: [], before_stop: [] });
    expect(app.source).toEqual({ kind: 'local_path', path: '.', include: ['**'], exclude: [] });
    expect(app.entrypoints[0]).toMatchObject({ kind: 'command', working_dir: '/app' });
    const f = parseOk(functionDoc()).apps[0]!.entrypoints[0] as FunctionEntrypoint;
    expect(f).toMatchObject({ primary: false, extra_imports: [], args_schema: null, return_schema: null, concurrency: null, working_dir: '/app' });
  });

  it('reports every shape error, not just the first', () => {
    const errs = parseErrors(
      helloWith((d) => {
        d.apps[0].resources.cpus = 2;
        delete d.apps[0].resources.memory_mb;
        d.apps[0].image.packages = 'python312';
        d.volumes = [{ name: 'v', size_mb: -1, persist: 'yes' }];
        d.extra = true;
      }),
    );
    expect(codesAt(errs)).toEqual(
      [
        'E_UNKNOWN_FIELD at .apps[0].resources.cpus',
        'E_MALFORMED_MANIFEST at .apps[0].resources.memory_mb',
        'E_MALFORMED_MANIFEST at .apps[0].image.packages',
        'E_MALFORMED_MANIFEST at .volumes[0].size_mb',
        'E_MALFORMED_MANIFEST at .volumes[0].persist',
        'E_UNKNOWN_FIELD at .extra',
      ].sort(),
    );
  });

  it('missing kind is reported at the object; unknown kind at .kind without examining other keys', () => {
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].source = { path: '.' }))))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].source']);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].source = { kind: 'git', url: 1, bogus: 2 }))))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].source.kind']);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].source = { kind: 7 }))))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].source.kind']);
  });

  it('rejects null on non-nullable fields and accepts it on nullable ones', () => {
    expect(codesAt(parseErrors(helloWith((d) => (d.volumes = null))))).toEqual(['E_MALFORMED_MANIFEST at .volumes']);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].hooks = { before_start: null }))))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].hooks.before_start']);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].hooks = { after_build: [] }))))).toEqual(['E_UNKNOWN_FIELD at .apps[0].hooks.after_build']);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].threat_tier = null))))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].threat_tier']);
    expect(parseOk(helloWith((d) => Object.assign(d.apps[0], { network: null, dependencies: null, health_check: null }))).apps[0]!.network).toBeNull();
  });

  it('enforces unsigned integer widths', () => {
    const at = (mutate: (d: ReturnType<typeof helloDoc>) => void) => codesAt(parseErrors(helloWith(mutate)));
    expect(at((d) => (d.apps[0].resources.cpu_cores = -1))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.cpu_cores']);
    expect(at((d) => (d.apps[0].resources.memory_mb = 4294967296))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.memory_mb']);
    expect(at((d) => (d.apps[0].resources.memory_mb = '256'))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.memory_mb']);
    expect(parseOk(helloWith((d) => (d.apps[0].resources = { cpu_cores: 65535, memory_mb: 4294967295, rootfs_size_mb: 0 }))).apps[0]!.resources.cpu_cores).toBe(65535);
  });

  it('a missing enum field is a missing required field', () => {
    const d = functionDoc();
    delete d.apps[0].entrypoints[0].format;
    expect(parseErrors(d).map((e) => `${e.path}: ${e.detail}`)).toEqual(['.apps[0].entrypoints[0].format: missing required field']);
  });

  it('rejects unknown enum strings at the value', () => {
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].threat_tier = 'paranoid'))))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].threat_tier']);
  });

  it('rejects the newer upstream additions with E_UNKNOWN_FIELD', () => {
    const errs = parseErrors(
      helloWith((d) => {
        d.apps[0].network = { mode: 'bridge', ports: [{ guest: 1, host: 2, proto: 'tcp', mapping_id: 'x' }], preset: 'x', raw_ip_stack: true };
        d.apps[0].env = { K: { kind: 'secret_ref', ref: { name: 'n', mount: { kind: 'env', var: 'K' }, auth_type: 'bearer', allowed_hosts: ['a.com'], inject: 'x', value: 'leak' } } };
      }),
    );
    expect(codesAt(errs)).toEqual(
      [
        'E_UNKNOWN_FIELD at .apps[0].network.ports[0].mapping_id',
        'E_UNKNOWN_FIELD at .apps[0].network.preset',
        'E_UNKNOWN_FIELD at .apps[0].network.raw_ip_stack',
        'E_UNKNOWN_FIELD at .apps[0].env.K.ref.inject',
        'E_UNKNOWN_FIELD at .apps[0].env.K.ref.value',
      ].sort(),
    );
  });

  describe('NetworkMode (externally tagged)', () => {
    const modeErrors = (mode: unknown) => codesAt(parseErrors(helloWith((d) => (d.apps[0].network = { mode }))));
    it.each(['none', 'bridge', 'host'])('accepts "%s"', (mode) => {
      expect(parseOk(helloWith((d) => (d.apps[0].network = { mode }))).apps[0]!.network!.mode).toBe(mode);
    });
    it('accepts {"custom":{provider,config}} with any config, null included', () => {
      const n = parseOk(helloWith((d) => (d.apps[0].network = { mode: { custom: { provider: 'p', config: null } } }))).apps[0]!.network!;
      expect(n.mode).toEqual({ custom: { provider: 'p', config: null } });
    });
    it.each([['"weird"', 'weird'], ['{}', {}], ['custom plus another key', { custom: { provider: 'p', config: 1 }, x: 1 }], ['a number', 1], ['other key', { bridge: {} }]])(
      'rejects %s at .mode',
      (_n, mode) => {
        expect(modeErrors(mode)).toEqual(['E_MALFORMED_MANIFEST at .apps[0].network.mode']);
      },
    );
    it('reports errors inside custom at their own path', () => {
      expect(modeErrors({ custom: { provider: 'p' } })).toEqual(['E_MALFORMED_MANIFEST at .apps[0].network.mode.custom.config']);
      expect(modeErrors({ custom: { provider: 'p', config: 1, extra: 2 } })).toEqual(['E_UNKNOWN_FIELD at .apps[0].network.mode.custom.extra']);
    });
  });

  it('requires JsonSchema to be an object, and external config to be present', () => {
    const d = functionDoc();
    d.apps[0].entrypoints[0].args_schema = [1];
    expect(codesAt(parseErrors(d))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].entrypoints[0].args_schema']);
    const m = helloDoc();
    m.apps[0].mounts = [{ target: '/x', mode: 'rw', source: { kind: 'external', provider: 'p' } }];
    expect(codesAt(parseErrors(m))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].mounts[0].source.config']);
  });

  describe('a key named __proto__', () => {
    const raw = (envJson: string, extJson: string) =>
      fixture('hello.min.json')
        .replace('"resources"', `"env": ${envJson}, "resources"`)
        .replace('"schema_version": "0.1",', `"schema_version": "0.1", "extensions": ${extJson},`);

    it('survives into the model and the canonical bytes (env, extensions, params, config)', () => {
      const text = raw('{"__proto__": {"kind": "literal", "value": "x"}}', '{"__proto__": {"__proto__": 1}}')
        .replace('"mounts"', '"mounts"')
        .replace('"resources"', '"network": {"mode": {"custom": {"provider": "p", "config": {"__proto__": [1]}}}}, "resources"');
      const w = parseOk(text);
      const app = w.apps[0]!;
      expect(Object.keys(app.env)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(app.env)).toBeNull();
      expect(app.env['__proto__']).toEqual({ kind: 'literal', value: 'x' });
      const canon = canonicalizeWorkload(w);
      expect(canon).toContain('"env":{"__proto__":{"kind":"literal","value":"x"}}');
      expect(canon).toContain('"extensions":{"__proto__":{"__proto__":1}}');
      expect(canon).toContain('"config":{"__proto__":[1]}');
      expect(canonicalizeWorkload(parseOk(canon))).toBe(canon);
    });

    it('is shape-checked like any other map key', () => {
      expect(codesAt(parseErrors(raw('{"__proto__": {"kind": "literal"}}', '{}')))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].env.__proto__.value']);
    });

    it('is an unknown field in a closed object', () => {
      const text = fixture('hello.min.json').replace('"cpu_cores": 1', '"__proto__": {}, "cpu_cores": 1');
      expect(codesAt(parseErrors(text))).toEqual(['E_UNKNOWN_FIELD at .apps[0].resources.__proto__']);
    });
  });

  it('never returns a model when the JSON layer fails', () => {
    expect(parseWorkload('{"id":1.5}').ok).toBe(false);
  });
});
