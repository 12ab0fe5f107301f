import { canonicalizeWorkload, parseWorkload, type Workload } from '../src';
import { functionDoc, helloDoc } from './helpers';

type Doc = any;
const secret = (mount: object, sigv4: object | null = null) => ({
  kind: 'secret_ref',
  ref: { name: 'store/key', mount, auth_type: 'sigv4', allowed_hosts: ['*.amazonaws.com'], sigv4 },
});
const hookSet = {
  before_build: [{ kind: 'shell', line: 'make' }],
  before_start: [{ kind: 'argv', argv: ['/bin/true', 'x'] }],
  after_start: [],
  before_stop: [{ kind: 'argv', argv: [] }],
};

// One document per IR type / variant, each with non-default values so the type's fields must survive.
const withApp = (patch: (app: Doc, doc: Doc) => void, base: () => Doc = helloDoc) => {
  const d = base();
  patch(d.apps[0], d);
  return d;
};
const TYPES: [string, Doc, string[]][] = [
  [
    'Workload (volumes, extensions)',
    withApp((_a, d) =>
      Object.assign(d, { volumes: [{ name: 'data', size_mb: 5, persist: false }], extensions: { 'x.vendor': { n: -5, l: [true, null] } } }),
    ),
    ['"volumes":[{"name":"data","persist":false,"size_mb":5}]', '"extensions":{"x.vendor":{"l":[true,null],"n":-5}}'],
  ],
  [
    'Resources',
    withApp((a) => (a.resources = { cpu_cores: 0, memory_mb: 0, rootfs_size_mb: 4294967295 })),
    ['"resources":{"cpu_cores":0,"memory_mb":0,"rootfs_size_mb":4294967295}'],
  ],
  [
    'MaterializedFile',
    withApp(
      (a) =>
        (a.files = [
          { path: '/etc/x', bytes_b64: 'eA==', mode: '0600' },
          { path: '/y', bytes_b64: '', mode: null },
        ]),
    ),
    ['"files":[{"bytes_b64":"eA==","mode":"0600","path":"/etc/x"},{"bytes_b64":"","path":"/y"}]'],
  ],
  [
    'HealthCheck',
    withApp((a) => (a.health_check = { command: ['curl', '-f'], retries: 9 })),
    ['"health_check":{"command":["curl","-f"],"interval_secs":30,"retries":9,"start_period_secs":0,"timeout_secs":5}'],
  ],
  [
    'Source.local_path',
    withApp((a) => (a.source = { kind: 'local_path', path: 'src', include: ['b/**', 'a/**'], exclude: ['a/x', 'a/x'] })),
    ['"source":{"exclude":["a/x","a/x"],"include":["b/**","a/**"],"kind":"local_path","path":"src"}'],
  ],
  [
    'Source.nix_derivation',
    withApp((a) => (a.source = { kind: 'nix_derivation', expr: 'pkgs.hello' })),
    ['"source":{"expr":"pkgs.hello","kind":"nix_derivation"}'],
  ],
  [
    'Source.oci_image',
    withApp((a) => (a.source = { kind: 'oci_image', reference: 'r', digest: 'sha256:x' })),
    ['"source":{"digest":"sha256:x","kind":"oci_image","reference":"r"}'],
  ],
  [
    'Image.oci_base',
    withApp((a) => (a.image = { kind: 'oci_base', reference: 'r', digest: 'd' })),
    ['"image":{"digest":"d","kind":"oci_base","reference":"r"}'],
  ],
  [
    'CommandEntrypoint',
    withApp((a) => (a.entrypoints = [{ kind: 'command', command: [], working_dir: '/srv', env: { A: { kind: 'literal', value: '' } } }])),
    ['{"command":[],"env":{"A":{"kind":"literal","value":""}},"kind":"command","working_dir":"/srv"}'],
  ],
  [
    'FunctionEntrypoint + Concurrency',
    withApp(
      (a) =>
        (a.entrypoints[0] = {
          ...a.entrypoints[0],
          format: 'msgpack',
          args_schema: { type: 'object', properties: { '10': {}, '9': {} } },
          return_schema: {},
          extra_imports: ['numpy'],
          concurrency: {
            kind: 'warm_process',
            max_calls_per_worker: 9007199254740991,
            max_rss_mb: 1,
            pool_size: 2,
            in_process: 'serial',
            max_queue_depth: 0,
          },
        }),
      functionDoc,
    ),
    [
      '"args_schema":{"properties":{"10":{},"9":{}},"type":"object"}',
      '"return_schema":{}',
      '"extra_imports":["numpy"]',
      '"primary":false',
      '"concurrency":{"in_process":"serial","kind":"warm_process","max_calls_per_worker":9007199254740991,"max_queue_depth":0,"max_rss_mb":1,"pool_size":2}',
    ],
  ],
  [
    'EnvValue.secret_ref + SecretMount.env + Sigv4',
    withApp((a) => (a.env = { K: secret({ kind: 'env', var: 'V' }, { access_key_id: 'ak', region: 'eu', service: 's3' }) })),
    [
      '"ref":{"allowed_hosts":["*.amazonaws.com"],"auth_type":"sigv4","mount":{"kind":"env","var":"V"},"name":"store/key","sigv4":{"access_key_id":"ak","region":"eu","service":"s3"}}',
    ],
  ],
  [
    'SecretMount.file, sigv4 null',
    withApp((a) => (a.env = { K: secret({ kind: 'file', path: '/run/s' }) })),
    ['"mount":{"kind":"file","path":"/run/s"},"name":"store/key","sigv4":null'],
  ],
  [
    'Mount + every MountSource',
    withApp(
      (a) =>
        (a.mounts = [
          { target: '/a', mode: 'ro', source: { kind: 'volume', name: 'v' } },
          { target: '/b', mode: 'rw', source: { kind: 'host_path', path: '/h' } },
          { target: '/c', mode: 'rw', source: { kind: 'tmpfs', size_mb: 64 } },
          { target: '/d', mode: 'ro', source: { kind: 'external', provider: 'p', config: null } },
        ]),
    ),
    [
      '{"mode":"ro","source":{"kind":"volume","name":"v"},"target":"/a"}',
      '{"kind":"host_path","path":"/h"}',
      '{"kind":"tmpfs","size_mb":64}',
      '{"config":null,"kind":"external","provider":"p"}',
    ],
  ],
  [
    'Network (bridge, ports, egress, peers, dns resolver)',
    withApp(
      (a) =>
        (a.network = {
          mode: 'bridge',
          ports: [{ guest: 80, host: 65535, proto: 'udp' }],
          egress: { allowlist: [{ host: 'a.io', port: 443 }] },
          peers: ['db'],
          dns: { kind: 'resolver', host: '1.1.1.1', port: 53 },
        }),
    ),
    [
      '"network":{"dns":{"host":"1.1.1.1","kind":"resolver","port":53},"egress":{"allowlist":[{"host":"a.io","port":443}]},"mode":"bridge","peers":["db"],"ports":[{"guest":80,"host":65535,"proto":"udp"}]}',
    ],
  ],
  [
    'Network (custom mode, dns system, empty egress)',
    withApp(
      (a) =>
        (a.network = {
          mode: { custom: { provider: 'cni', config: { b: 1, a: [] } } },
          egress: { allowlist: [] },
          dns: { kind: 'system' },
        }),
    ),
    [
      '"network":{"dns":{"kind":"system"},"egress":{"allowlist":[]},"mode":{"custom":{"config":{"a":[],"b":1},"provider":"cni"}},"ports":[]}',
    ],
  ],
  [
    'Network (host, dns none)',
    withApp((a) => (a.network = { mode: 'host', dns: { kind: 'none' }, peers: [] })),
    ['"network":{"dns":{"kind":"none"},"mode":"host","ports":[]}'],
  ],
  [
    'Dependencies.python',
    withApp((a) => (a.dependencies = { kind: 'python', lockfile: 'uv.lock', tool: 'pip_tools' })),
    ['"dependencies":{"kind":"python","lockfile":"uv.lock","tool":"pip_tools"}'],
  ],
  [
    'Dependencies.node',
    withApp((a) => (a.dependencies = { kind: 'node', lockfile: 'pnpm-lock.yaml', tool: 'yarn' })),
    ['"dependencies":{"kind":"node","lockfile":"pnpm-lock.yaml","tool":"yarn"}'],
  ],
  [
    'Hooks + HookCmd',
    withApp((a) => (a.hooks = hookSet)),
    [
      '"hooks":{"before_build":[{"kind":"shell","line":"make"}],"before_start":[{"argv":["/bin/true","x"],"kind":"argv"}],"before_stop":[{"argv":[],"kind":"argv"}]}',
    ],
  ],
  [
    'AddonUse + AddonRef',
    withApp(
      (a) =>
        (a.addons = [
          {
            name: 'pg',
            alias: 'main',
            tier: 'in_vm',
            ref: { kind: 'registry', url: 'u', version: '1' },
            sha256: 'x',
            params: { PROTO_KEY: 1 },
            hooks: { after_start: [{ kind: 'shell', line: 'x' }] },
          },
          { name: 'pg', tier: 'separate', ref: { kind: 'local', path: './pg' }, sha256: 'y', params: {}, hooks: {} },
        ]),
    ),
    [
      '"addons":[{"alias":"main","hooks":{"after_start":[{"kind":"shell","line":"x"}]},"name":"pg","params":{"__proto__":1},"ref":{"kind":"registry","url":"u","version":"1"},"sha256":"x","tier":"in_vm"},{"name":"pg","ref":{"kind":"local","path":"./pg"},"sha256":"y","tier":"separate"}]',
    ],
  ],
  ['threat_tier trusted', withApp((a) => (a.threat_tier = 'trusted')), ['"threat_tier":"trusted"']],
];

function parse(text: string): Workload {
  const r = parseWorkload(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.workload;
}

// A "__proto__" key cannot be written in an object literal (it sets the prototype), so documents
// carry the placeholder PROTO_KEY, replaced in the JSON text.
const text = (d: Doc) => JSON.stringify(d).split('"PROTO_KEY"').join('"__proto__"');

describe('round trip per IR type: parse → normalize → canonical → parse → same', () => {
  it.each(TYPES)('%s', (_name, doc, fragments) => {
    const raw = text(doc);
    const w1 = parse(raw);
    const c1 = canonicalizeWorkload(w1);
    for (const f of fragments) expect(c1).toContain(f);
    const w2 = parse(c1);
    expect(w2).toEqual(w1);
    expect(canonicalizeWorkload(w2)).toBe(c1);
  });
});

describe('§5 emit rules: every default spelled out normalizes like leaving it out', () => {
  const base = (): Doc => {
    const d = functionDoc();
    const app = d.apps[0];
    app.entrypoints[0] = {
      ...app.entrypoints[0],
      primary: true,
      concurrency: { kind: 'warm_process', max_calls_per_worker: 100, max_rss_mb: 1, pool_size: 1, in_process: 'serial' },
    };
    app.entrypoints.push({ kind: 'command', command: ['python', '-m', 'x'] });
    app.env = {
      K: { kind: 'secret_ref', ref: { name: 'n', mount: { kind: 'env', var: 'K' }, auth_type: 'bearer', allowed_hosts: ['a.io'] } },
    };
    app.network = { mode: 'bridge' };
    app.addons = [{ name: 'pg', tier: 'separate', ref: { kind: 'local', path: './pg' }, sha256: 'a'.repeat(64) }];
    app.files = [{ path: '/etc/x', bytes_b64: '' }];
    app.health_check = { command: ['true'] };
    return d;
  };
  const spelled = (): Doc => {
    const d = base();
    d.volumes = [];
    d.extensions = {};
    const app = d.apps[0];
    Object.assign(app.source, { include: ['**'], exclude: [] });
    Object.assign(app.entrypoints[0], { working_dir: '/app', env: {}, args_schema: null, return_schema: null, extra_imports: [] });
    app.entrypoints[0].concurrency.max_queue_depth = null;
    Object.assign(app.entrypoints[1], { working_dir: '/app', env: {} });
    app.env.K.ref.sigv4 = null;
    app.mounts = [];
    Object.assign(app.network, { ports: [], egress: null, peers: [], dns: null });
    app.threat_tier = 'untrusted';
    Object.assign(app.addons[0], {
      alias: null,
      params: {},
      hooks: { before_build: [], before_start: [], after_start: [], before_stop: [] },
    });
    app.hooks = { before_build: [], before_start: [], after_start: [], before_stop: [] };
    app.files[0].mode = null;
    Object.assign(app.health_check, { interval_secs: 30, timeout_secs: 5, retries: 3, start_period_secs: 0 });
    return d;
  };

  it('the two documents have the same canonical bytes', () => {
    expect(canonicalizeWorkload(parse(JSON.stringify(spelled())))).toBe(canonicalizeWorkload(parse(JSON.stringify(base()))));
  });

  it('always fields are written, always/null as null, omit fields are absent', () => {
    const c = JSON.parse(canonicalizeWorkload(parse(JSON.stringify(spelled()))));
    const app = c.apps[0];
    expect(Object.keys(c).sort()).toEqual(['apps', 'extensions', 'id', 'schema_version', 'volumes']);
    expect(Object.keys(app).sort()).toEqual([
      'addons',
      'dependencies',
      'entrypoints',
      'env',
      'files',
      'health_check',
      'image',
      'mounts',
      'name',
      'network',
      'resources',
      'source',
    ]);
    expect(Object.keys(app.entrypoints[0]).sort()).toEqual([
      'concurrency',
      'env',
      'format',
      'function',
      'kind',
      'language',
      'module',
      'primary',
      'working_dir',
    ]);
    expect(Object.keys(app.entrypoints[0].concurrency).sort()).toEqual([
      'in_process',
      'kind',
      'max_calls_per_worker',
      'max_rss_mb',
      'pool_size',
    ]);
    expect(app.entrypoints[1]).toEqual({ command: ['python', '-m', 'x'], env: {}, kind: 'command', working_dir: '/app' });
    expect(app.env.K.ref.sigv4).toBeNull();
    expect(app.network).toEqual({ mode: 'bridge', ports: [] });
    expect(app.addons[0]).toEqual({ name: 'pg', ref: { kind: 'local', path: './pg' }, sha256: 'a'.repeat(64), tier: 'separate' });
    expect(app.files[0]).toEqual({ bytes_b64: '', path: '/etc/x' });
    expect(app.health_check).toEqual({ command: ['true'], interval_secs: 30, retries: 3, start_period_secs: 0, timeout_secs: 5 });
    expect(app.source).toEqual({ exclude: [], include: ['**'], kind: 'local_path', path: '.' });
  });

  it('primary: false is still written; each empty hook phase is omitted on its own', () => {
    const d = base();
    d.apps[0].entrypoints[0].primary = false;
    d.apps[0].hooks = { before_build: [], before_start: [{ kind: 'argv', argv: ['x'] }], after_start: [], before_stop: [] };
    d.apps[0].addons[0].hooks = { before_build: [], before_start: [], after_start: [], before_stop: [{ kind: 'shell', line: 'y' }] };
    const c = JSON.parse(canonicalizeWorkload(parse(JSON.stringify(d))));
    expect(c.apps[0].entrypoints[0].primary).toBe(false);
    expect(c.apps[0].hooks).toEqual({ before_start: [{ argv: ['x'], kind: 'argv' }] });
    expect(c.apps[0].addons[0].hooks).toEqual({ before_stop: [{ kind: 'shell', line: 'y' }] });
  });

  it('non-default values of omit-default fields are written (include of [] stays [], not ["**"])', () => {
    const d = base();
    d.apps[0].source.include = [];
    d.apps[0].network = { mode: 'none', egress: { allowlist: [] }, dns: { kind: 'none' } };
    d.apps[0].entrypoints[0].concurrency.max_queue_depth = 0;
    d.apps[0].files[0].mode = '';
    d.apps[0].addons[0].alias = '';
    const c = JSON.parse(canonicalizeWorkload(parse(JSON.stringify(d))));
    expect(c.apps[0].source.include).toEqual([]);
    expect(c.apps[0].network).toEqual({ dns: { kind: 'none' }, egress: { allowlist: [] }, mode: 'none', ports: [] });
    expect(c.apps[0].entrypoints[0].concurrency.max_queue_depth).toBe(0);
    expect(c.apps[0].files[0].mode).toBe('');
    expect(c.apps[0].addons[0].alias).toBe('');
  });

  it('arrays keep their order and duplicates (packages, command, allowed_hosts)', () => {
    const d = base();
    d.apps[0].image.packages = ['b', 'a', 'b'];
    d.apps[0].entrypoints[1].command = ['z', 'a', 'z'];
    d.apps[0].env.K.ref.allowed_hosts = ['b.io', 'a.io', 'b.io'];
    const c = JSON.parse(canonicalizeWorkload(parse(JSON.stringify(d))));
    expect(c.apps[0].image.packages).toEqual(['b', 'a', 'b']);
    expect(c.apps[0].entrypoints[1].command).toEqual(['z', 'a', 'z']);
    expect(c.apps[0].env.K.ref.allowed_hosts).toEqual(['b.io', 'a.io', 'b.io']);
  });
});
