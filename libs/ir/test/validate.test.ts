import { parseSchemaVersion, validateWorkload, checkSchemaVersion } from '../src';
import { codesAt, functionDoc, helloDoc, parseErrors, parseOk } from './helpers';

type Doc = any;
const validate = (d: Doc) => codesAt(validateWorkload(parseOk(d)));
const secret = (hosts: string[], v = 'API_KEY') => ({
  kind: 'secret_ref',
  ref: { name: 'api-key', mount: { kind: 'env', var: v }, auth_type: 'bearer', allowed_hosts: hosts },
});
const fn = (extra: object = {}) => ({ kind: 'function', language: 'python', module: 'app', function: 'add', format: 'json', ...extra });
const conc = (extra: object = {}) => ({
  kind: 'warm_process',
  max_calls_per_worker: 100,
  max_rss_mb: 256,
  pool_size: 1,
  in_process: 'serial',
  ...extra,
});
const addon = (extra: object = {}) => ({
  name: 'redis',
  tier: 'separate',
  ref: { kind: 'registry', url: 'https://r', version: '1' },
  sha256: 'a'.repeat(64),
  ...extra,
});

function hello(mutate: (d: Doc) => void): Doc {
  const d = helloDoc();
  mutate(d);
  return d;
}
function func(mutate: (d: Doc) => void): Doc {
  const d = functionDoc();
  mutate(d);
  return d;
}

describe('validateWorkload (ir-v0 §9)', () => {
  it('the §12.1 and §12.2-style documents are valid', () => {
    expect(validate(helloDoc())).toEqual([]);
    expect(validate(functionDoc())).toEqual([]);
  });

  // [name, code@path expected, triggering doc, near-miss doc (valid)]
  const cases: [string, string[], Doc, Doc][] = [
    [
      'V1 malformed version',
      ['E_MALFORMED_VERSION at .schema_version'],
      hello((d) => (d.schema_version = '0.1.0')),
      hello((d) => (d.schema_version = '00.01')),
    ],
    [
      'V1 major',
      ['E_UNSUPPORTED_MAJOR at .schema_version'],
      hello((d) => (d.schema_version = '1.0')),
      hello((d) => (d.schema_version = '0.0')),
    ],
    [
      'V1 minor',
      ['E_MINOR_TOO_HIGH at .schema_version'],
      hello((d) => (d.schema_version = '0.3')),
      hello((d) => (d.schema_version = '0.2')),
    ],
    ['V2 id', ['E_INVALID_ID at .id'], hello((d) => (d.id = 'a'.repeat(64))), hello((d) => (d.id = 'a'.repeat(63)))],
    ['V3 no apps', ['E_EMPTY_APPS at .apps'], hello((d) => (d.apps = [])), helloDoc()],
    ['V3′ two apps', ['E_MULTI_APP_DEFERRED at .apps'], hello((d) => d.apps.push({ ...d.apps[0], name: 'two' })), helloDoc()],
    [
      'V4 app name',
      ['E_INVALID_ID at .apps[0].name'],
      hello((d) => (d.apps[0].name = '9lives')),
      hello((d) => (d.apps[0].name = 'lives-9-')),
    ],
    [
      'V5 source kind',
      ['E_SOURCE_KIND_DEFERRED at .apps[0].source.kind'],
      hello((d) => (d.apps[0].source = { kind: 'nix_derivation', expr: 'x' })),
      hello((d) => (d.apps[0].source.exclude = ['x'])),
    ],
    [
      'V5 oci source',
      ['E_SOURCE_KIND_DEFERRED at .apps[0].source.kind'],
      hello((d) => (d.apps[0].source = { kind: 'oci_image', reference: 'r', digest: 'd' })),
      helloDoc(),
    ],
    [
      'V6 env name',
      ['E_INVALID_ENV_NAME at .apps[0].env["MY-VAR"]'],
      hello((d) => (d.apps[0].env = { 'MY-VAR': { kind: 'literal', value: 'x' } })),
      hello((d) => (d.apps[0].env = { _MY_VAR1: { kind: 'literal', value: 'x' } })),
    ],
    [
      'V6 env name digit',
      ['E_INVALID_ENV_NAME at .apps[0].env["1X"]'],
      hello((d) => (d.apps[0].env = { '1X': { kind: 'literal', value: 'x' } })),
      helloDoc(),
    ],
    [
      'V6 secret unbound',
      ['E_SECRET_WITHOUT_BINDING at .apps[0].env.API_KEY'],
      hello((d) => (d.apps[0].env = { API_KEY: secret([]) })),
      hello((d) => (d.apps[0].env = { API_KEY: secret(['api.example.com']) })),
    ],
    [
      'V6 bad host',
      ['E_SECRET_INVALID_ALLOWED_HOST at .apps[0].env.API_KEY.ref.allowed_hosts[1]'],
      hello((d) => (d.apps[0].env = { API_KEY: secret(['ok.com', '*.com']) })),
      hello((d) => (d.apps[0].env = { API_KEY: secret(['ok.com', '*.example.com']) })),
    ],
    [
      'V6 secret var',
      ['E_INVALID_ENV_NAME at .apps[0].env.API_KEY.ref.mount.var'],
      hello((d) => (d.apps[0].env = { API_KEY: secret(['a.com'], 'API KEY') })),
      hello((d) => (d.apps[0].env = { API_KEY: secret(['a.com'], 'OTHER_NAME') })),
    ],
    ['V7 no entrypoints', ['E_EMPTY_APPS at .apps[0].entrypoints'], hello((d) => (d.apps[0].entrypoints = [])), helloDoc()],
    [
      'V8 duplicate function',
      ['E_DUPLICATE_ENTRYPOINT_FUNCTION at .apps[0].entrypoints'],
      func((d) => (d.apps[0].entrypoints = [fn({ primary: true }), fn()])),
      func((d) => (d.apps[0].entrypoints = [fn({ primary: true }), fn({ function: 'sub' })])),
    ],
    [
      'V9 no primary',
      ['E_NO_PRIMARY_ENTRYPOINT at .apps[0].entrypoints'],
      func((d) => (d.apps[0].entrypoints = [fn(), fn({ function: 'sub' })])),
      func((d) => (d.apps[0].entrypoints = [fn(), fn({ function: 'sub', primary: true })])),
    ],
    [
      'V10 two primaries',
      ['E_MULTIPLE_PRIMARY_ENTRYPOINTS at .apps[0].entrypoints'],
      func((d) => (d.apps[0].entrypoints = [fn({ primary: true }), fn({ function: 'sub', primary: true })])),
      func((d) => (d.apps[0].entrypoints = [fn({ primary: true })])),
    ],
    [
      'V11 shell',
      ['E_SHELL_ENTRYPOINT_FORBIDDEN at .apps[0].entrypoint.command'],
      hello((d) => (d.apps[0].entrypoints[0].command = ['/usr/bin/env', 'bash', '-lc', 'x'])),
      hello((d) => (d.apps[0].entrypoints[0].command = ['/usr/bin/env', 'python3', 'x'])),
    ],
    [
      'V11 shell, two entrypoints',
      ['E_SHELL_ENTRYPOINT_FORBIDDEN at .apps[0].entrypoints[1].command'],
      hello((d) => d.apps[0].entrypoints.push({ kind: 'command', command: ['sh'] })),
      hello((d) => d.apps[0].entrypoints.push({ kind: 'command', command: ['shx'] })),
    ],
    [
      'V12 language',
      ['E_UNSUPPORTED_LANGUAGE at .apps[0].entrypoint.language'],
      func((d) => (d.apps[0].entrypoints[0].language = 'ruby')),
      func((d) => (d.apps[0].entrypoints[0].language = 'node')),
    ],
    [
      'V13 secret in args_schema',
      ['E_SECRET_IN_SCHEMA at .apps[0].entrypoint.args_schema.properties["auth-token"]'],
      func((d) => (d.apps[0].entrypoints[0].args_schema = { properties: { 'auth-token': {} } })),
      func((d) => (d.apps[0].entrypoints[0].args_schema = { properties: { auth_strategy_name: {} } })),
    ],
    [
      'V13 nested return_schema',
      [
        'E_SECRET_IN_SCHEMA at .apps[0].entrypoint.return_schema.items.properties.user.properties.customer_credit_card',
        'E_SECRET_IN_SCHEMA at .apps[0].entrypoint.return_schema.oneOf[1].properties.PASSWORD',
      ],
      func(
        (d) =>
          (d.apps[0].entrypoints[0].return_schema = {
            items: { properties: { user: { properties: { customer_credit_card: {} } } } },
            oneOf: [{}, { properties: { PASSWORD: {} } }],
          }),
      ),
      func(
        (d) =>
          (d.apps[0].entrypoints[0].return_schema = {
            items: [{ properties: { password: {} } }],
            allOf: [{ properties: { token: {} } }],
            properties: { tokenizer: {} },
          }),
      ),
    ],
    [
      'V14 wasm concurrency',
      ['E_UNSUPPORTED_CONCURRENCY_FOR_LANGUAGE at .apps[0].entrypoint.concurrency'],
      func((d) => Object.assign(d.apps[0].entrypoints[0], { language: 'wasm', concurrency: conc() })),
      func((d) => Object.assign(d.apps[0].entrypoints[0], { language: 'node', concurrency: conc() })),
    ],
    [
      'V15 pool size 0',
      ['E_INVALID_CONCURRENCY_POOL_SIZE at .apps[0].entrypoint.concurrency.pool_size'],
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ pool_size: 0 }))),
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ pool_size: 64 }))),
    ],
    [
      'V15 pool size 65',
      ['E_INVALID_CONCURRENCY_POOL_SIZE at .apps[0].entrypoint.concurrency.pool_size'],
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ pool_size: 65 }))),
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ pool_size: 1 }))),
    ],
    [
      'V16 max calls',
      ['E_INVALID_CONCURRENCY_MAX_CALLS_PER_WORKER at .apps[0].entrypoint.concurrency.max_calls_per_worker'],
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ max_calls_per_worker: 99 }))),
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ max_calls_per_worker: 100 }))),
    ],
    [
      'V17 max rss',
      ['E_INVALID_CONCURRENCY_MAX_RSS_MB at .apps[0].entrypoint.concurrency.max_rss_mb'],
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ max_rss_mb: 257 }))),
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ max_rss_mb: 256 }))),
    ],
    [
      'V18 concurrent',
      ['E_UNSUPPORTED_CONCURRENCY_IN_PROCESS_MODE at .apps[0].entrypoint.concurrency.in_process'],
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ in_process: 'concurrent' }))),
      func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ max_queue_depth: 5 }))),
    ],
    [
      'V19 working dir',
      ['E_INVALID_WORKING_DIR at .apps[0].entrypoint.working_dir'],
      hello((d) => (d.apps[0].entrypoints[0].working_dir = '/srv/')),
      hello((d) => (d.apps[0].entrypoints[0].working_dir = '/srv/app')),
    ],
    [
      'V19 function working dir',
      ['E_INVALID_WORKING_DIR at .apps[0].entrypoint.working_dir'],
      func((d) => (d.apps[0].entrypoints[0].working_dir = '/a/../b')),
      func((d) => (d.apps[0].entrypoints[0].working_dir = '/a/..b')),
    ],
    [
      'V20 entrypoint env',
      ['E_INVALID_ENV_NAME at .apps[0].entrypoint.env["a.b"]', 'E_SECRET_WITHOUT_BINDING at .apps[0].entrypoint.env["a.b"]'],
      hello((d) => (d.apps[0].entrypoints[0].env = { 'a.b': secret([]) })),
      hello((d) => (d.apps[0].entrypoints[0].env = { a_b: secret(['x.io']) })),
    ],
    [
      'V21 ports with none',
      ['E_NETWORK_PORTS_WITH_NONE at .apps[0].network.ports'],
      hello((d) => (d.apps[0].network = { mode: 'none', ports: [{ guest: 80, host: 8080, proto: 'tcp' }] })),
      hello((d) => (d.apps[0].network = { mode: 'bridge', ports: [{ guest: 80, host: 8080, proto: 'tcp' }] })),
    ],
    [
      'V22 function host net',
      ['E_FUNCTION_NETWORK_HOST_FORBIDDEN at .apps[0].network.mode'],
      func((d) => (d.apps[0].network = { mode: 'host' })),
      hello((d) => (d.apps[0].network = { mode: 'host' })),
    ],
    [
      'V23 wildcard egress',
      [
        'E_NETWORK_WILDCARD at .apps[0].network.egress.allowlist[1].host',
        'E_NETWORK_WILDCARD at .apps[0].network.egress.allowlist[2].host',
        'E_NETWORK_WILDCARD at .apps[0].network.egress.allowlist[3].host',
      ],
      hello(
        (d) =>
          (d.apps[0].network = {
            mode: 'bridge',
            egress: {
              allowlist: [
                { host: 'ok.com', port: 443 },
                { host: ' * ', port: 1 },
                { host: '10.0.0.0/0', port: 1 },
                { host: '\u00a0', port: 1 },
                { host: '\ufeff', port: 1 },
              ],
            },
          }),
      ),
      hello((d) => (d.apps[0].network = { mode: 'bridge', egress: { allowlist: [{ host: '10.0.0.0/8', port: 443 }] } })),
    ],
    [
      'V24 peers',
      ['E_INVALID_ID at .apps[0].network.peers[1]'],
      hello((d) => (d.apps[0].network = { mode: 'bridge', peers: ['db', 'DB'] })),
      hello((d) => (d.apps[0].network = { mode: 'bridge', peers: ['db', 'cache-2'] })),
    ],
    [
      'V25 deps',
      ['E_DEPS_REQUIRED_FOR_FUNCTION_WORKLOAD at .apps[0].dependencies'],
      func((d) => (d.apps[0].dependencies = null)),
      func((d) => (d.apps[0].dependencies = { kind: 'python', lockfile: 'uv.lock', tool: 'uv' })),
    ],
    [
      'V26 addon name',
      ['E_INVALID_ID at .apps[0].addons[0].name'],
      hello((d) => (d.apps[0].addons = [addon({ name: 'Redis' })])),
      hello((d) => (d.apps[0].addons = [addon()])),
    ],
    [
      'V27 addon alias',
      ['E_INVALID_ID at .apps[0].addons[0].alias'],
      hello((d) => (d.apps[0].addons = [addon({ alias: 'cache_1' })])),
      hello((d) => (d.apps[0].addons = [addon({ alias: 'cache-1' })])),
    ],
    [
      'V28 addon collision',
      ['E_ADDON_ENV_COLLISION at .apps[0].addons[1]'],
      hello((d) => (d.apps[0].addons = [addon({ alias: 'a' }), addon({ alias: 'a' })])),
      hello((d) => (d.apps[0].addons = [addon({ alias: 'a' }), addon()])),
    ],
    [
      'V29 in_vm',
      ['E_ADDON_TIER_NOT_IMPLEMENTED at .apps[0].addons[0].tier'],
      hello((d) => (d.apps[0].addons = [addon({ tier: 'in_vm' })])),
      hello((d) => (d.apps[0].addons = [addon({ tier: 'separate' })])),
    ],
    [
      'V30 sha',
      ['E_ADDON_SHA_MISMATCH at .apps[0].addons[0].sha256'],
      hello((d) => (d.apps[0].addons = [addon({ sha256: 'A'.repeat(64) })])),
      hello((d) => (d.apps[0].addons = [addon({ sha256: '0123456789abcdef'.repeat(4) })])),
    ],
    [
      'V31 registry ref',
      ['E_ADDON_NOT_FOUND at .apps[0].addons[0].ref.url', 'E_ADDON_NOT_FOUND at .apps[0].addons[0].ref.version'],
      hello((d) => (d.apps[0].addons = [addon({ ref: { kind: 'registry', url: '', version: '' } })])),
      hello((d) => (d.apps[0].addons = [addon({ ref: { kind: 'registry', url: 'u', version: 'v' } })])),
    ],
    [
      'V32 local ref',
      ['E_ADDON_LOCAL_PATH_DRIFT at .apps[0].addons[0].ref.path'],
      hello((d) => (d.apps[0].addons = [addon({ ref: { kind: 'local', path: '' } })])),
      hello((d) => (d.apps[0].addons = [addon({ ref: { kind: 'local', path: './a' } })])),
    ],
    [
      'V33 persist',
      ['E_PERSIST_DEFERRED at .volumes[1].persist'],
      hello(
        (d) =>
          (d.volumes = [
            { name: 'a', size_mb: 1, persist: false },
            { name: 'v', size_mb: 1, persist: true },
          ]),
      ),
      hello((d) => (d.volumes = [{ name: 'v', size_mb: 1, persist: false }])),
    ],
  ];

  it.each(cases)('%s: triggers at the right path; the near miss is valid', (_name, expected, bad, nearMiss) => {
    expect(validate(bad)).toEqual([...expected].sort());
    expect(validate(nearMiss)).toEqual([]);
  });

  it('reports every error, in rule order', () => {
    const d = hello((x) => {
      x.id = 'Bad';
      x.schema_version = '2.0';
      x.apps[0].entrypoints[0].working_dir = 'rel';
      x.volumes = [{ name: 'v', size_mb: 1, persist: true }];
    });
    expect(validateWorkload(parseOk(d)).map((e) => e.code)).toEqual([
      'E_UNSUPPORTED_MAJOR',
      'E_INVALID_ID',
      'E_INVALID_WORKING_DIR',
      'E_PERSIST_DEFERRED',
    ]);
  });

  it('env keys are checked in byte order', () => {
    const d = hello(
      (x) =>
        (x.apps[0].env = {
          'b-': { kind: 'literal', value: '' },
          'a-': { kind: 'literal', value: '' },
          '10-': { kind: 'literal', value: '' },
          '9-': { kind: 'literal', value: '' },
        }),
    );
    expect(validateWorkload(parseOk(d)).map((e) => e.path)).toEqual([
      '.apps[0].env["10-"]',
      '.apps[0].env["9-"]',
      '.apps[0].env["a-"]',
      '.apps[0].env["b-"]',
    ]);
  });
});

describe('§12.3 parser and validator vectors', () => {
  const parseVectors: [string, Doc | string, string[]][] = [
    [
      'cpu_cores 1.0',
      JSON.stringify(helloDoc()).replace('"cpu_cores":1', '"cpu_cores":1.0'),
      ['E_MALFORMED_MANIFEST at .apps[0].resources.cpu_cores'],
    ],
    ['cpu_cores 65536', hello((d) => (d.apps[0].resources.cpu_cores = 65536)), ['E_MALFORMED_MANIFEST at .apps[0].resources.cpu_cores']],
    [
      'max_calls_per_worker 2^53',
      JSON.stringify(func((d) => (d.apps[0].entrypoints[0].concurrency = conc({ max_calls_per_worker: 1 })))).replace(
        '"max_calls_per_worker":1',
        '"max_calls_per_worker":9007199254740992',
      ),
      ['E_MALFORMED_MANIFEST at .apps[0].entrypoints[0].concurrency.max_calls_per_worker'],
    ],
    ['resources.cpus', hello((d) => (d.apps[0].resources.cpus = 2)), ['E_UNKNOWN_FIELD at .apps[0].resources.cpus']],
    ['id twice', JSON.stringify(helloDoc()).replace('"id":"hello"', '"id":"hello","id":"hello"'), ['E_MALFORMED_MANIFEST at .id']],
    ['source kind git', hello((d) => (d.apps[0].source = { kind: 'git', url: 'x' })), ['E_MALFORMED_MANIFEST at .apps[0].source.kind']],
    ['network.ai', hello((d) => (d.apps[0].network = { mode: 'none', ai: {} })), ['E_UNKNOWN_FIELD at .apps[0].network.ai']],
  ];
  it.each(parseVectors)('%s → parse error', (_n, doc, expected) => {
    expect(codesAt(parseErrors(doc))).toEqual(expected);
  });

  const validationVectors: [string, Doc, string[]][] = [
    ['id Hello', hello((d) => (d.id = 'Hello')), ['E_INVALID_ID at .id']],
    ['schema 0.3', hello((d) => (d.schema_version = '0.3')), ['E_MINOR_TOO_HIGH at .schema_version']],
    [
      'sh -c',
      hello((d) => (d.apps[0].entrypoints[0].command = ['/bin/sh', '-c', 'python -m hello'])),
      ['E_SHELL_ENTRYPOINT_FORBIDDEN at .apps[0].entrypoint.command'],
    ],
    [
      'working_dir app',
      hello((d) => (d.apps[0].entrypoints[0].working_dir = 'app')),
      ['E_INVALID_WORKING_DIR at .apps[0].entrypoint.working_dir'],
    ],
    [
      'MY-VAR',
      hello((d) => (d.apps[0].env = { 'MY-VAR': { kind: 'literal', value: 'x' } })),
      ['E_INVALID_ENV_NAME at .apps[0].env["MY-VAR"]'],
    ],
    ['API_KEY unbound', hello((d) => (d.apps[0].env = { API_KEY: secret([]) })), ['E_SECRET_WITHOUT_BINDING at .apps[0].env.API_KEY']],
    ['persist', hello((d) => (d.volumes = [{ name: 'v', size_mb: 1, persist: true }])), ['E_PERSIST_DEFERRED at .volumes[0].persist']],
    [
      'two apps, second Bad',
      hello((d) => d.apps.push({ ...d.apps[0], name: 'Bad' })),
      ['E_INVALID_ID at .apps[1].name', 'E_MULTI_APP_DEFERRED at .apps'],
    ],
  ];
  it.each(validationVectors)('%s → validation error', (_n, doc, expected) => {
    expect(validate(doc)).toEqual(expected);
  });
});

describe('§8 schema version table', () => {
  it.each(['0.1', '0.0', '0.2', '00.01', '+0.1'])('accepts %j', (v) => {
    expect(checkSchemaVersion(v)).toBeNull();
  });
  it.each(['', '0', '0.1.0', 'x.y', '0.x', '1.x', '0.-1', ' 0.1', '0.99999999999', '0.+', '++0.1', '0.4294967296'])(
    '%j → E_MALFORMED_VERSION',
    (v) => {
      expect(checkSchemaVersion(v)?.code).toBe('E_MALFORMED_VERSION');
      expect(checkSchemaVersion(v)?.path).toBe('.schema_version');
    },
  );
  it.each(['1.0', '2.5', '4294967295.0'])('%j → E_UNSUPPORTED_MAJOR', (v) => {
    expect(checkSchemaVersion(v)?.code).toBe('E_UNSUPPORTED_MAJOR');
  });
  it.each(['0.3', '0.9', '0.4294967295'])('%j → E_MINOR_TOO_HIGH', (v) => {
    expect(checkSchemaVersion(v)?.code).toBe('E_MINOR_TOO_HIGH');
  });
  it('parses values', () => {
    expect(parseSchemaVersion('+00.02')).toEqual({ major: 0, minor: 2 });
  });
  it('keeps the version string verbatim in the model', () => {
    expect(parseOk(hello((d) => (d.schema_version = '+0.1'))).schema_version).toBe('+0.1');
  });
});

describe('§9.2 evaluation details', () => {
  it('V8: one error per repeated (module, function) occurrence after the first', () => {
    const d = func((x) => (x.apps[0].entrypoints = [fn({ primary: true }), fn(), fn(), fn({ function: 'sub' })]));
    expect(validate(d)).toEqual([
      'E_DUPLICATE_ENTRYPOINT_FUNCTION at .apps[0].entrypoints',
      'E_DUPLICATE_ENTRYPOINT_FUNCTION at .apps[0].entrypoints',
    ]);
  });

  it('V8: the pair is compared as a pair, not as a joined string', () => {
    const d = func(
      (x) =>
        (x.apps[0].entrypoints = [
          fn({ primary: true, module: 'a', function: 'b:c' }),
          fn({ module: 'a:b', function: 'c' }),
          fn({ module: 'a.b', function: 'c' }),
        ]),
    );
    expect(validate(d)).toEqual([]);
  });

  it('V8–V10 count only function entrypoints: one function next to command entrypoints needs no primary', () => {
    const d = func((x) =>
      x.apps[0].entrypoints.push({ kind: 'command', command: ['python', '-m', 'x'] }, { kind: 'command', command: ['python', '-m', 'y'] }),
    );
    expect(validate(d)).toEqual([]);
  });

  it.each(['*', '0.0.0.0', '::', '0.0.0.0/0', '::/0', '[::]', '', ' \t', '\u3000::\u2028', '\u0085[::]\u00a0', 'a.com/0', 'x/0y'])(
    'V23: egress host %j is a wildcard',
    (host) => {
      const d = hello((x) => (x.apps[0].network = { mode: 'bridge', egress: { allowlist: [{ host, port: 443 }] } }));
      expect(validate(d)).toEqual(['E_NETWORK_WILDCARD at .apps[0].network.egress.allowlist[0].host']);
    },
  );

  it.each(['**', '0.0.0.1', ':::', '10.0.0.0/8', '::/1', '[::1]', '\u180e', '\ufeff*', 'a*'])(
    'V23: egress host %j is not a wildcard',
    (host) => {
      const d = hello((x) => (x.apps[0].network = { mode: 'bridge', egress: { allowlist: [{ host, port: 443 }] } }));
      expect(validate(d)).toEqual([]);
    },
  );

  it('V23 and V21 need a network; V23 is skipped when egress is null', () => {
    expect(validate(hello((x) => (x.apps[0].network = { mode: 'none', egress: null })))).toEqual([]);
  });

  it('V28: two addon uses with the same name and no alias collide; each repeat is reported', () => {
    const d = hello((x) => (x.apps[0].addons = [addon(), addon(), addon(), addon({ alias: 'b' })]));
    expect(validate(d)).toEqual(['E_ADDON_ENV_COLLISION at .apps[0].addons[1]', 'E_ADDON_ENV_COLLISION at .apps[0].addons[2]']);
  });

  it('V13: anyOf is walked like oneOf; allOf, additionalProperties, $defs and not are not examined', () => {
    const d = func(
      (x) =>
        (x.apps[0].entrypoints[0].args_schema = {
          anyOf: [{}, {}, { properties: { x_token: {} } }],
          allOf: [{ properties: { token: {} } }],
          additionalProperties: { properties: { token: {} } },
          $defs: { t: { properties: { token: {} } } },
          not: { properties: { token: {} } },
        }),
    );
    expect(validate(d)).toEqual(['E_SECRET_IN_SCHEMA at .apps[0].entrypoint.args_schema.anyOf[2].properties.x_token']);
  });

  it('V13: a non-object properties member, or non-object property values, end the walk', () => {
    const d = func(
      (x) => (x.apps[0].entrypoints[0].args_schema = { properties: [{ token: {} }], items: { properties: { user: true, ssn: 1 } } }),
    );
    expect(validate(d)).toEqual(['E_SECRET_IN_SCHEMA at .apps[0].entrypoint.args_schema.items.properties.ssn']);
  });

  it('V13: args_schema is reported before return_schema, properties in byte order, with the entrypoint alias', () => {
    const d = func((x) => {
      x.apps[0].entrypoints[0].return_schema = { properties: { cvv: {} } };
      x.apps[0].entrypoints[0].args_schema = { properties: { b_token: {}, a_token: {}, '10-iban': {}, '9-iban': {} } };
    });
    expect(validateWorkload(parseOk(d)).map((e) => e.path)).toEqual([
      '.apps[0].entrypoint.args_schema.properties["10-iban"]',
      '.apps[0].entrypoint.args_schema.properties["9-iban"]',
      '.apps[0].entrypoint.args_schema.properties.a_token',
      '.apps[0].entrypoint.args_schema.properties.b_token',
      '.apps[0].entrypoint.return_schema.properties.cvv',
    ]);
  });

  it('paths inside the second of two entrypoints use .entrypoints[k] for every entrypoint rule', () => {
    const d = func((x) => {
      x.apps[0].entrypoints = [
        fn({ primary: true }),
        fn({
          function: 'sub',
          language: 'wasm',
          working_dir: '/',
          env: { 'A-B': { kind: 'literal', value: '' } },
          args_schema: { properties: { token: {} } },
          concurrency: conc({ pool_size: 0 }),
        }),
      ];
    });
    expect(validate(d)).toEqual(
      [
        'E_SECRET_IN_SCHEMA at .apps[0].entrypoints[1].args_schema.properties.token',
        'E_UNSUPPORTED_CONCURRENCY_FOR_LANGUAGE at .apps[0].entrypoints[1].concurrency',
        'E_INVALID_CONCURRENCY_POOL_SIZE at .apps[0].entrypoints[1].concurrency.pool_size',
        'E_INVALID_WORKING_DIR at .apps[0].entrypoints[1].working_dir',
        'E_INVALID_ENV_NAME at .apps[0].entrypoints[1].env["A-B"]',
      ].sort(),
    );
  });

  it('§9.3: per key, name, binding, hosts, then mount var', () => {
    const d = hello((x) => (x.apps[0].env = { 'X-Y': secret([], 'B-AD'), Z: secret(['ok.com', 'bad host', '*.']) }));
    expect(validateWorkload(parseOk(d)).map((e) => `${e.code} at ${e.path}`)).toEqual([
      'E_INVALID_ENV_NAME at .apps[0].env["X-Y"]',
      'E_SECRET_WITHOUT_BINDING at .apps[0].env["X-Y"]',
      'E_INVALID_ENV_NAME at .apps[0].env["X-Y"].ref.mount.var',
      'E_SECRET_INVALID_ALLOWED_HOST at .apps[0].env.Z.ref.allowed_hosts[1]',
      'E_SECRET_INVALID_ALLOWED_HOST at .apps[0].env.Z.ref.allowed_hosts[2]',
    ]);
  });

  it('a file secret mount has no var to check', () => {
    const d = hello(
      (x) =>
        (x.apps[0].env = {
          K: {
            kind: 'secret_ref',
            ref: { name: 'n', mount: { kind: 'file', path: 'not a var' }, auth_type: 'hmac', allowed_hosts: ['a.io'] },
          },
        }),
    );
    expect(validate(d)).toEqual([]);
  });

  it('all apps are checked even when V3′ fires, each at its own index', () => {
    const d = hello((x) => x.apps.push({ ...x.apps[0], name: 'two', entrypoints: [], source: { kind: 'nix_derivation', expr: 'x' } }));
    expect(validate(d)).toEqual([
      'E_EMPTY_APPS at .apps[1].entrypoints',
      'E_MULTI_APP_DEFERRED at .apps',
      'E_SOURCE_KIND_DEFERRED at .apps[1].source.kind',
    ]);
  });

  it('zero resources parse and validate (no minimums at IR level)', () => {
    expect(validate(hello((x) => (x.apps[0].resources = { cpu_cores: 0, memory_mb: 0, rootfs_size_mb: 0 })))).toEqual([]);
  });

  it('an empty command is not a validation error (§10.4 step 1)', () => {
    expect(validate(hello((x) => (x.apps[0].entrypoints[0].command = [])))).toEqual([]);
  });
});
