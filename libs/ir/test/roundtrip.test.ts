import { canonicalizeWorkload, parseWorkload, type Workload } from '../src';
import { functionDoc, helloDoc } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const secret = (mount: object, sigv4: object | null = null) => ({ kind: 'secret_ref', ref: { name: 'store/key', mount, auth_type: 'sigv4', allowed_hosts: ['*.amazonaws.com'], sigv4 } });
const hookSet = { before_build: [{ kind: 'shell', line: 'make' }], before_start: [{ kind: 'argv', argv: ['/bin/true', 'x'] }], after_start: [], before_stop: [{ kind: 'argv', argv: [] }] };

// One document per IR type / variant, each with non-default values so the type's fields must survive.
const withApp = (patch: (app: Doc, doc: Doc) => void, base: () => Doc = helloDoc) => {
  const d = base();
  patch(d.apps[0], d);
  return d;
};
const TYPES: [string, Doc, string[]][] = [
  ['Workload (volumes, extensions)', withApp((_a, d) => Object.assign(d, { volumes: [{ name: 'data', size_mb: 5, persist: false }], extensions: { 'x.vendor': { n: -5, l: [true, null] } } })), ['"volumes":[{"name":"data","persist":false,"size_mb":5}]', '"extensions":{"x.vendor":{"l":[true,null],"n":-5}}']],
  ['Resources', withApp((a) => (a.resources = { cpu_cores: 0, memory_mb: 0, rootfs_size_mb: 4294967295 })), ['"resources":{"cpu_cores":0,"memory_mb":0,"rootfs_size_mb":4294967295}']],
  ['MaterializedFile', withApp((a) => (a.files = [{ path: '/etc/x', bytes_b64: 'eA==', mode: '0600' }, { path: '/y', bytes_b64: '', mode: null }])), ['"files":[{"bytes_b64":"eA==","mode":"0600","path":"/etc/x"},{"bytes_b64":"","path":"/y"}]']],
  ['HealthCheck', withApp((a) => (a.health_check = { command: ['curl', '-f'], retries: 9 })), ['"health_check":{"command":["curl","-f"],"interval_secs":30,"retries":9,"start_period_secs":0,"timeout_secs":5}']],
  ['Source.local_path', withApp((a) => (a.source = { kind: 'local_path', path: 'src', include: ['b/**', 'a/**'], exclude: ['a/x', 'a/x'] })), ['"source":{"exclude":["a/x","a/x"],"include":["b/**","a/**"],"kind":"local_path","path":"src"}']],
  ['Source.nix_derivation', withApp((a) => (a.source = { kind: 'nix_derivation', expr: 'pkgs.hello' })), ['"source":{"expr":"pkgs.hello","kind":"nix_derivation"}']],
  ['Source.oci_image', withApp((a) => (a.source = { kind: 'oci_image', reference: 'r', digest: 'sha256:x' })), ['"source":{"digest":"sha256:x","kind":"oci_image","reference":"r"}']],
  ['Image.oci_base', withApp((a) => (a.image = { kind: 'oci_base', reference: 'r', digest: 'd' })), ['"image":{"digest":"d","kind":"oci_base","reference":"r"}']],
  ['CommandEntrypoint', withApp((a) => (a.entrypoints = [{ kind: 'command', command: [], working_dir: '/srv', env: { A: { kind: 'literal', value: '' } } }])), ['{"command":[],"env":{"A":{"kind":"literal","value":""}},"kind":"command","working_dir":"/srv"}']],
  [
    'FunctionEntrypoint + Concurrency',
    withApp((a) => (a.entrypoints[0] = { ...a.entrypoints[0], format: 'msgpack', args_schema: { type: 'object', properties: { '10': {}, '9': {} } }, return_schema: {}, extra_imports: ['numpy'], concurrency: { kind: 'warm_process', max_calls_per_worker: 9007199254740991, max_rss_mb: 1, pool_size: 2, in_process: 'serial', max_queue_depth: 0 } }), functionDoc),
    ['"args_schema":{"properties":{"10":{},"9":{}},"type":"object"}', '"return_schema":{}', '"extra_imports":["numpy"]', '"primary":false', '"concurrency":{"in_process":"serial","kind":"warm_process","max_calls_per_worker":9007199254740991,"max_queue_depth":0,"max_rss_mb":1,"pool_size":2}'],
  ],
  ['EnvValue.secret_ref + SecretMount.env + Sigv4', withApp((a) => (a.env = { K: secret({ kind: 'env', var: 'V' }, { access_key_id: 'ak', region: 'eu', service: 's3' }) })), ['"ref":{"allowed_hosts":["*.amazonaws.com"],"auth_type":"sigv4","mount":{"kind":"env","var":"V"},"name":"store/key","sigv4":{"access_key_id":"ak","region":"eu","service":"s3"}}']],
  ['SecretMount.file, sigv4 null', withApp((a) => (a.env = { K: secret({ kind: 'file', path: '/run/s' }) })), ['"mount":{"kind":"file","path":"/run/s"},"name":"store/key","sigv4":null']],
  [
    'Mount + every MountSource',
    withApp((a) => (a.mounts = [{ target: '/a', mode: 'ro', source: { kind: 'volume', name: 'v' } }, { target: '/b', mode: 'rw', source: { kind: 'host_path', path: '/h' } }, { target: '/c', mode: 'rw', source: { kind: 'tmpfs', size_mb: 64 } }, { target: '/d', mode: 'ro', source: { kind: 'external', provider: 'p', config: null } }])),
    ['{"mode":"ro","source":{"kind":"volume","name":"v"},"target":"/a"}', '{"kind":"host_path","path":"/h"}', '{"kind":"tmpfs","size_mb":64}', '{"config":null,"kind":"external","provider":"p"}'],
  ],
  ['Network (bridge, ports, egress, peers, dns resolver)', withApp((a) => (a.network = { mode: 'bridge', ports: [{ guest: 80, host: 65535, proto: 'udp' }], egress: { allowlist: [{ host: 'a.io', port: 443 }] }, peers: ['db'], dns: { kind: 'resolver', host: '1.1.1.1', port: 53 } })), ['"network":{"dns":{"host":"1.1.1.1","kind":"resolver","port":53},"egress":{"allowlist":[{"host":"a.io","port":443}]},"mode":"bridge","peers":["db"],"ports":[{"guest":80,"host":65535,"proto":"udp"}]}']],
  ['Network (custom mode, dns system, empty egress)', withApp((a) => (a.network = { mode: { custom: { provider: 'cni', config: { b: 1, a: [] } } }, egress: { allowlist: [] }, dns: { kind: 'system' } })), ['"network":{"dns":{"kind":"system"},"egress":{"allowlist":[]},"mode":{"custom":{"config":{"a":[],"b":1},"provider":"cni"}},"ports":[]}']],
  ['Network (host, dns none)', withApp((a) => (a.network = { mode: 'host', dns: { kind: 'none' }, peers: [] })), ['"network":{"dns":{"kind":"none"},"mode":"host","ports":[]}']],
  ['Dependencies.python', withApp((a) => (a.dependencies = { kind: 'python', lockfile: 'uv.lock', tool: 'pip_tools' })), ['"dependencies":{"kind":"python","lockfile":"uv.lock","tool":"pip_tools"}']],
  ['Dependencies.node', withApp((a) => (a.dependencies = { kind: 'node', lockfile: 'pnpm-lock.yaml', tool: 'yarn' })), ['"dependencies":{"kind":"node","lockfile":"pnpm-lock.yaml","tool":"yarn"}']],
  ['Hooks + HookCmd', withApp((a) => (a.hooks = hookSet)), ['"hooks":{"before_build":[{"kind":"shell","line":"make"}],"before_start":[{"argv":["/bin/true","x"],"kind":"argv"}],"before_stop":[{"argv":[],"kind":"argv"}]}']],
  [
    'AddonUse + AddonRef',
    withApp((a) => (a.addons = [{ name: 'pg', alias: 'main', tier: 'in_vm', ref: { kind: 'registry', url: 'u', version: '1' }, sha256: 'x', params: { PROTO_KEY: 1 }, hooks: { after_start: [{ kind: 'shell', line: 'x' }] } }, { name: 'pg', tier: 'separate', ref: { kind: 'local', path: './pg' }, sha256: 'y', params: {}, hooks: {} }])),
    ['"addons":[{"alias":"main","hooks":{"after_start":[{"kind":"shell","line":"x"}]},"name":"pg","params":{"__proto__":1},"ref":{"kind":"registry","url":"u","version":"1"},"sha256":"x","tier":"in_vm"},{"name":"pg","ref":{"kind":"local","path":"./pg"},"sha256":"y","tier":"separate"}]'],
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
