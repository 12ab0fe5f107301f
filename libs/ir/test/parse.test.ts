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
    expect(f).toMatchObject({
      primary: false,
      extra_imports: [],
      args_schema: null,
      return_schema: null,
      concurrency: null,
      working_dir: '/app',
    });
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
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].source = { kind: 'git', url: 1, bogus: 2 }))))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].source.kind',
    ]);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].source = { kind: 7 }))))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].source.kind',
    ]);
  });

  it('rejects null on non-nullable fields and accepts it on nullable ones', () => {
    expect(codesAt(parseErrors(helloWith((d) => (d.volumes = null))))).toEqual(['E_MALFORMED_MANIFEST at .volumes']);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].hooks = { before_start: null }))))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].hooks.before_start',
    ]);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].hooks = { after_build: [] }))))).toEqual([
      'E_UNKNOWN_FIELD at .apps[0].hooks.after_build',
    ]);
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].threat_tier = null))))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].threat_tier',
    ]);
    expect(
      parseOk(helloWith((d) => Object.assign(d.apps[0], { network: null, dependencies: null, health_check: null }))).apps[0]!.network,
    ).toBeNull();
  });

  it('enforces unsigned integer widths', () => {
    const at = (mutate: (d: ReturnType<typeof helloDoc>) => void) => codesAt(parseErrors(helloWith(mutate)));
    expect(at((d) => (d.apps[0].resources.cpu_cores = -1))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.cpu_cores']);
    expect(at((d) => (d.apps[0].resources.memory_mb = 4294967296))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.memory_mb']);
    expect(at((d) => (d.apps[0].resources.memory_mb = '256'))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.memory_mb']);
    expect(
      parseOk(helloWith((d) => (d.apps[0].resources = { cpu_cores: 65535, memory_mb: 4294967295, rootfs_size_mb: 0 }))).apps[0]!.resources
        .cpu_cores,
    ).toBe(65535);
  });

  it('a missing enum field is a missing required field', () => {
    const d = functionDoc();
    delete d.apps[0].entrypoints[0].format;
    expect(parseErrors(d).map((e) => `${e.path}: ${e.detail}`)).toEqual(['.apps[0].entrypoints[0].format: missing required field']);
  });

  it('rejects unknown enum strings at the value', () => {
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].threat_tier = 'paranoid'))))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].threat_tier',
    ]);
  });

  it('rejects the newer upstream additions with E_UNKNOWN_FIELD', () => {
    const errs = parseErrors(
      helloWith((d) => {
        d.apps[0].network = {
          mode: 'bridge',
          ports: [{ guest: 1, host: 2, proto: 'tcp', mapping_id: 'x' }],
          preset: 'x',
          raw_ip_stack: true,
        };
        d.apps[0].env = {
          K: {
            kind: 'secret_ref',
            ref: { name: 'n', mount: { kind: 'env', var: 'K' }, auth_type: 'bearer', allowed_hosts: ['a.com'], inject: 'x', value: 'leak' },
          },
        };
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
    it.each([
      ['"weird"', 'weird'],
      ['{}', {}],
      ['custom plus another key', { custom: { provider: 'p', config: 1 }, x: 1 }],
      ['a number', 1],
      ['other key', { bridge: {} }],
    ])('rejects %s at .mode', (_n, mode) => {
      expect(modeErrors(mode)).toEqual(['E_MALFORMED_MANIFEST at .apps[0].network.mode']);
    });
    it('reports errors inside custom at their own path', () => {
      expect(modeErrors({ custom: { provider: 'p' } })).toEqual(['E_MALFORMED_MANIFEST at .apps[0].network.mode.custom.config']);
      expect(modeErrors({ custom: { provider: 'p', config: 1, extra: 2 } })).toEqual([
        'E_UNKNOWN_FIELD at .apps[0].network.mode.custom.extra',
      ]);
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
      expect(codesAt(parseErrors(raw('{"__proto__": {"kind": "literal"}}', '{}')))).toEqual([
        'E_MALFORMED_MANIFEST at .apps[0].env.__proto__.value',
      ]);
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

describe('§4 nullable and non-nullable fields', () => {
  type Doc = any;
  const fnEp = (extra: object = {}) => ({ kind: 'function', language: 'python', module: 'm', function: 'f', format: 'json', ...extra });
  const conc = (extra: object = {}) => ({
    kind: 'warm_process',
    max_calls_per_worker: 100,
    max_rss_mb: 1,
    pool_size: 1,
    in_process: 'serial',
    ...extra,
  });
  const secretRef = (extra: object = {}) => ({
    kind: 'secret_ref',
    ref: { name: 'n', mount: { kind: 'env', var: 'K' }, auth_type: 'bearer', allowed_hosts: ['a.io'], ...extra },
  });
  const addon = (extra: object = {}) => ({ name: 'pg', tier: 'separate', ref: { kind: 'local', path: 'x' }, sha256: 'x', ...extra });
  const at = (mutate: (d: Doc) => void) => helloWith(mutate);

  it.each([
    ['App.network', at((d) => (d.apps[0].network = null))],
    ['App.dependencies', at((d) => (d.apps[0].dependencies = null))],
    ['App.health_check', at((d) => (d.apps[0].health_check = null))],
    ['MaterializedFile.mode', at((d) => (d.apps[0].files = [{ path: '/x', bytes_b64: '', mode: null }]))],
    [
      'args_schema / return_schema / concurrency',
      at((d) => (d.apps[0].entrypoints = [fnEp({ args_schema: null, return_schema: null, concurrency: null })])),
    ],
    ['Concurrency.max_queue_depth', at((d) => (d.apps[0].entrypoints = [fnEp({ concurrency: conc({ max_queue_depth: null }) })]))],
    ['SecretRef.sigv4', at((d) => (d.apps[0].env = { K: secretRef({ sigv4: null }) }))],
    ['Network.egress / dns', at((d) => (d.apps[0].network = { mode: 'none', egress: null, dns: null }))],
    ['AddonUse.alias', at((d) => (d.apps[0].addons = [addon({ alias: null })]))],
    [
      'MountSource.external config',
      at((d) => (d.apps[0].mounts = [{ target: '/x', mode: 'ro', source: { kind: 'external', provider: 'p', config: null } }])),
    ],
  ])('%s accepts null', (_n, text) => {
    expect(parseWorkload(text).ok).toBe(true);
  });

  it.each([
    ['.volumes', at((d) => (d.volumes = null))],
    ['.extensions', at((d) => (d.extensions = null))],
    ['.apps[0].env', at((d) => (d.apps[0].env = null))],
    ['.apps[0].mounts', at((d) => (d.apps[0].mounts = null))],
    ['.apps[0].addons', at((d) => (d.apps[0].addons = null))],
    ['.apps[0].hooks', at((d) => (d.apps[0].hooks = null))],
    ['.apps[0].files', at((d) => (d.apps[0].files = null))],
    ['.apps[0].source.include', at((d) => (d.apps[0].source.include = null))],
    ['.apps[0].source.exclude', at((d) => (d.apps[0].source.exclude = null))],
    ['.apps[0].entrypoints[0].working_dir', at((d) => (d.apps[0].entrypoints[0].working_dir = null))],
    ['.apps[0].entrypoints[0].env', at((d) => (d.apps[0].entrypoints[0].env = null))],
    ['.apps[0].entrypoints[0].primary', at((d) => (d.apps[0].entrypoints = [fnEp({ primary: null })]))],
    ['.apps[0].entrypoints[0].extra_imports', at((d) => (d.apps[0].entrypoints = [fnEp({ extra_imports: null })]))],
    ['.apps[0].entrypoints[0].language', at((d) => (d.apps[0].entrypoints = [fnEp({ language: null })]))],
    ['.apps[0].network.ports', at((d) => (d.apps[0].network = { mode: 'none', ports: null }))],
    ['.apps[0].network.peers', at((d) => (d.apps[0].network = { mode: 'none', peers: null }))],
    ['.apps[0].network.mode', at((d) => (d.apps[0].network = { mode: null }))],
    ['.apps[0].health_check.interval_secs', at((d) => (d.apps[0].health_check = { command: [], interval_secs: null }))],
    ['.apps[0].addons[0].params', at((d) => (d.apps[0].addons = [addon({ params: null })]))],
    ['.apps[0].addons[0].hooks', at((d) => (d.apps[0].addons = [addon({ hooks: null })]))],
    ['.apps[0].env.K.ref.allowed_hosts', at((d) => (d.apps[0].env = { K: secretRef({ allowed_hosts: null }) }))],
    ['.apps[0].env.K', at((d) => (d.apps[0].env = { K: null }))],
    [
      '.apps[0].entrypoints[0].concurrency.pool_size',
      at((d) => (d.apps[0].entrypoints = [fnEp({ concurrency: conc({ pool_size: null }) })])),
    ],
  ])('null at %s is E_MALFORMED_MANIFEST there', (path, text) => {
    expect(codesAt(parseErrors(text))).toEqual([`E_MALFORMED_MANIFEST at ${path}`]);
  });

  it('HealthCheck and Concurrency defaults are filled', () => {
    const w = parseOk(at((d) => (d.apps[0].health_check = { command: ['true'] })));
    expect(w.apps[0]!.health_check).toEqual({ command: ['true'], interval_secs: 30, timeout_secs: 5, retries: 3, start_period_secs: 0 });
    const f = parseOk(at((d) => (d.apps[0].entrypoints = [fnEp({ concurrency: conc() })]))).apps[0]!.entrypoints[0] as FunctionEntrypoint;
    expect(f.concurrency?.max_queue_depth).toBeNull();
  });
});

describe('§3.5 tagged unions: missing kind at the object, unknown kind at .kind', () => {
  type Doc = any;
  // [union, puts the tagged object into the document, its path, the object without a kind]
  const cases: [string, (d: Doc, o: object) => void, string, object][] = [
    ['Image', (d, o) => (d.apps[0].image = o), '.apps[0].image', { packages: [] }],
    ['Entrypoint', (d, o) => (d.apps[0].entrypoints = [o]), '.apps[0].entrypoints[0]', { command: [] }],
    ['EnvValue', (d, o) => (d.apps[0].env = { A: o }), '.apps[0].env.A', { value: 'x' }],
    [
      'SecretMount',
      (d, o) => (d.apps[0].env = { A: { kind: 'secret_ref', ref: { name: 'n', mount: o, auth_type: 'hmac', allowed_hosts: [] } } }),
      '.apps[0].env.A.ref.mount',
      { var: 'A' },
    ],
    ['MountSource', (d, o) => (d.apps[0].mounts = [{ target: '/x', mode: 'ro', source: o }]), '.apps[0].mounts[0].source', { name: 'v' }],
    ['Dns', (d, o) => (d.apps[0].network = { mode: 'none', dns: o }), '.apps[0].network.dns', {}],
    ['Dependencies', (d, o) => (d.apps[0].dependencies = o), '.apps[0].dependencies', { tool: 'uv', lockfile: 'x' }],
    ['HookCmd', (d, o) => (d.apps[0].hooks = { before_stop: [o] }), '.apps[0].hooks.before_stop[0]', { line: 'x' }],
    [
      'AddonRef',
      (d, o) => (d.apps[0].addons = [{ name: 'a', tier: 'separate', ref: o, sha256: 'x' }]),
      '.apps[0].addons[0].ref',
      { path: 'x' },
    ],
    ['Source', (d, o) => (d.apps[0].source = o), '.apps[0].source', { path: '.' }],
  ];
  it.each(cases)('%s without kind → at the object', (_n, put, path, o) => {
    expect(codesAt(parseErrors(helloWith((d) => put(d, o))))).toEqual([`E_MALFORMED_MANIFEST at ${path}`]);
  });
  it.each(cases)('%s with an unknown kind → at .kind, other keys not examined', (_n, put, path, o) => {
    expect(codesAt(parseErrors(helloWith((d) => put(d, { kind: 'nope', ...o, zz: [], yy: null }))))).toEqual([
      `E_MALFORMED_MANIFEST at ${path}.kind`,
    ]);
  });
  it('Concurrency without kind → at the object; an unknown kind → at .kind', () => {
    const ep = (c: object) =>
      helloWith(
        (d) =>
          (d.apps[0].entrypoints = [{ kind: 'function', language: 'python', module: 'm', function: 'f', format: 'json', concurrency: c }]),
      );
    expect(codesAt(parseErrors(ep({ max_calls_per_worker: 100, max_rss_mb: 1, pool_size: 1, in_process: 'serial' })))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].entrypoints[0].concurrency',
    ]);
    expect(codesAt(parseErrors(ep({ kind: 'cold', pool_size: 'x' })))).toEqual([
      'E_MALFORMED_MANIFEST at .apps[0].entrypoints[0].concurrency.kind',
    ]);
  });
});

describe('closed objects: keys that are not part of v0', () => {
  it('App has no entrypoint, ports or functions key', () => {
    const errs = parseErrors(helloWith((d) => Object.assign(d.apps[0], { entrypoint: {}, ports: [], functions: [] })));
    expect(codesAt(errs)).toEqual([
      'E_UNKNOWN_FIELD at .apps[0].entrypoint',
      'E_UNKNOWN_FIELD at .apps[0].functions',
      'E_UNKNOWN_FIELD at .apps[0].ports',
    ]);
  });
  it('every newer upstream port-forward field is unknown', () => {
    const port = { guest: 1, host: 2, proto: 'tcp', mapping_id: 'm', host_addr: 'h', guest_addr: 'g', transform: 't', tls_secret: 's' };
    const errs = parseErrors(helloWith((d) => (d.apps[0].network = { mode: 'bridge', ports: [port], ai: {} })));
    expect(codesAt(errs)).toEqual(
      ['mapping_id', 'host_addr', 'guest_addr', 'transform', 'tls_secret']
        .map((k) => `E_UNKNOWN_FIELD at .apps[0].network.ports[0].${k}`)
        .concat('E_UNKNOWN_FIELD at .apps[0].network.ai')
        .sort(),
    );
  });
  it('a variant with no fields rejects any extra key', () => {
    expect(codesAt(parseErrors(helloWith((d) => (d.apps[0].dependencies = { kind: 'none', tool: 'uv' }))))).toEqual([
      'E_UNKNOWN_FIELD at .apps[0].dependencies.tool',
    ]);
  });
});

describe('§3.4 numbers in typed fields and open values', () => {
  const text = (raw: string) => fixture('hello.min.json').replace('"cpu_cores": 1', `"cpu_cores": ${raw}`);
  it.each(['1E+2', '1e2', '1.0', '-0', '0.5', '9007199254740992', '-1', '65536'])(
    'cpu_cores %s is E_MALFORMED_MANIFEST at the number',
    (raw) => {
      expect(codesAt(parseErrors(text(raw)))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.cpu_cores']);
    },
  );
  it('a leading zero is a syntax error at .', () => {
    expect(codesAt(parseErrors(text('01')))).toEqual(['E_MALFORMED_MANIFEST at .']);
  });
  it.each(['true', '"1"', '[]'])('cpu_cores %s is a wrong type', (raw) => {
    expect(codesAt(parseErrors(text(raw)))).toEqual(['E_MALFORMED_MANIFEST at .apps[0].resources.cpu_cores']);
  });
  it('open values accept negative integers and reject floats, -0 and duplicate keys inside', () => {
    const ext = (raw: string) =>
      fixture('hello.min.json').replace('"schema_version": "0.1",', `"schema_version": "0.1", "extensions": ${raw},`);
    expect(parseOk(ext('{"n": -9007199254740991}')).extensions.n).toBe(-9007199254740991);
    expect(codesAt(parseErrors(ext('{"a": [{"b": -0}], "c": 1E+2, "d": {"x": 1, "x": 1}, "e\\u0000": 1}')))).toEqual(
      [
        'E_MALFORMED_MANIFEST at .extensions.a[0].b',
        'E_MALFORMED_MANIFEST at .extensions.c',
        'E_MALFORMED_MANIFEST at .extensions.d.x',
        'E_MALFORMED_MANIFEST at .extensions["e\\u0000"]',
      ].sort(),
    );
  });
});

describe('§3.5 required keys: each missing one is reported at its own path', () => {
  type Doc = any;
  const fnEp = (extra: object = {}) => ({ kind: 'function', language: 'python', module: 'm', function: 'f', format: 'json', ...extra });
  it.each([
    [
      'Workload',
      (d: Doc) => {
        delete d.schema_version;
        delete d.id;
        delete d.apps;
      },
      ['.schema_version', '.id', '.apps'],
    ],
    [
      'App',
      (d: Doc) => {
        d.apps[0] = {};
      },
      ['name', 'source', 'image', 'entrypoints', 'resources'].map((k) => `.apps[0].${k}`),
    ],
    [
      'Resources',
      (d: Doc) => {
        d.apps[0].resources = {};
      },
      ['cpu_cores', 'memory_mb', 'rootfs_size_mb'].map((k) => `.apps[0].resources.${k}`),
    ],
    [
      'function entrypoint',
      (d: Doc) => {
        d.apps[0].entrypoints = [{ kind: 'function' }];
      },
      ['language', 'module', 'function', 'format'].map((k) => `.apps[0].entrypoints[0].${k}`),
    ],
    [
      'Concurrency',
      (d: Doc) => {
        d.apps[0].entrypoints = [fnEp({ concurrency: { kind: 'warm_process' } })];
      },
      ['max_calls_per_worker', 'max_rss_mb', 'pool_size', 'in_process'].map((k) => `.apps[0].entrypoints[0].concurrency.${k}`),
    ],
    [
      'SecretRef',
      (d: Doc) => {
        d.apps[0].env = { A: { kind: 'secret_ref', ref: {} } };
      },
      ['name', 'mount', 'auth_type', 'allowed_hosts'].map((k) => `.apps[0].env.A.ref.${k}`),
    ],
    [
      'Sigv4',
      (d: Doc) => {
        d.apps[0].env = {
          A: {
            kind: 'secret_ref',
            ref: { name: 'n', mount: { kind: 'file', path: '/s' }, auth_type: 'sigv4', allowed_hosts: [], sigv4: {} },
          },
        };
      },
      ['access_key_id', 'region', 'service'].map((k) => `.apps[0].env.A.ref.sigv4.${k}`),
    ],
    [
      'Mount',
      (d: Doc) => {
        d.apps[0].mounts = [{}];
      },
      ['target', 'source', 'mode'].map((k) => `.apps[0].mounts[0].${k}`),
    ],
    [
      'custom NetworkMode',
      (d: Doc) => {
        d.apps[0].network = { mode: { custom: {} } };
      },
      ['provider', 'config'].map((k) => `.apps[0].network.mode.custom.${k}`),
    ],
    [
      'PortForward / Egress',
      (d: Doc) => {
        d.apps[0].network = { mode: 'bridge', ports: [{}], egress: {} };
      },
      ['ports[0].guest', 'ports[0].host', 'ports[0].proto', 'egress.allowlist'].map((k) => `.apps[0].network.${k}`),
    ],
    [
      'HostPort / Dns.resolver',
      (d: Doc) => {
        d.apps[0].network = { mode: 'bridge', egress: { allowlist: [{}] }, dns: { kind: 'resolver' } };
      },
      ['egress.allowlist[0].host', 'egress.allowlist[0].port', 'dns.host', 'dns.port'].map((k) => `.apps[0].network.${k}`),
    ],
    [
      'AddonUse',
      (d: Doc) => {
        d.apps[0].addons = [{}];
      },
      ['name', 'tier', 'ref', 'sha256'].map((k) => `.apps[0].addons[0].${k}`),
    ],
    [
      'MaterializedFile / HealthCheck',
      (d: Doc) => {
        d.apps[0].files = [{}];
        d.apps[0].health_check = {};
      },
      ['files[0].path', 'files[0].bytes_b64', 'health_check.command'].map((k) => `.apps[0].${k}`),
    ],
    [
      'Volume',
      (d: Doc) => {
        d.volumes = [{}];
      },
      ['name', 'size_mb', 'persist'].map((k) => `.volumes[0].${k}`),
    ],
  ] as [string, (d: Doc) => void, string[]][])('%s', (_n, mutate, paths) => {
    expect(codesAt(parseErrors(helloWith(mutate)))).toEqual(paths.map((p) => `E_MALFORMED_MANIFEST at ${p}`).sort());
  });
});
