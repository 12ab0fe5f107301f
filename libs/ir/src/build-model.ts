import { copyJson, hasJsonKey, jsonEntries, jsonObject, type JsonObject, type JsonValue } from './json';
import type {
  AddonUse,
  App,
  Concurrency,
  Entrypoint,
  EnvMap,
  EnvValue,
  HealthCheck,
  Hooks,
  Mount,
  Network,
  NetworkMode,
  SecretRef,
  Volume,
  Workload,
} from './model';

/**
 * Builds the typed model from a document that already passed the shape check (schema.ts): fills
 * every default (ir-v0 §4) and turns absent or `null` optional fields into `null`. Maps are copied
 * into null-prototype objects key by key, so any key (including `__proto__`) survives.
 */

type Raw = JsonObject;

const get = (o: Raw, k: string): JsonValue | undefined => (hasJsonKey(o, k) ? o[k] : undefined);
const opt = (o: Raw, k: string): JsonValue | null => get(o, k) ?? null;
const str = (o: Raw, k: string) => o[k] as string;
const num = (o: Raw, k: string) => o[k] as number;
const obj = (o: Raw, k: string) => o[k] as Raw;
const strs = (o: Raw, k: string, dflt: string[] = []): string[] => [...((get(o, k) as string[] | undefined) ?? dflt)];
const list = <T>(o: Raw, k: string, f: (x: Raw) => T): T[] => ((get(o, k) as Raw[] | undefined) ?? []).map(f);

function mapOf<T>(o: Raw, k: string, f: (x: Raw) => T): { [key: string]: T } {
  const out = Object.create(null) as { [key: string]: T };
  const src = get(o, k) as Raw | undefined;
  if (src) for (const [key, v] of jsonEntries(src)) Object.defineProperty(out, key, { value: f(v as Raw), enumerable: true, writable: true, configurable: true });
  return out;
}

function openMap(o: Raw, k: string): JsonObject {
  const src = get(o, k) as Raw | undefined;
  return src ? (copyJson(src) as JsonObject) : jsonObject();
}

export function buildWorkload(w: Raw): Workload {
  return {
    schema_version: str(w, 'schema_version'),
    id: str(w, 'id'),
    apps: list(w, 'apps', buildApp),
    volumes: list(w, 'volumes', buildVolume),
    extensions: openMap(w, 'extensions'),
  };
}

const buildVolume = (v: Raw): Volume => ({ name: str(v, 'name'), size_mb: num(v, 'size_mb'), persist: v.persist as boolean });

function buildApp(a: Raw): App {
  const network = opt(a, 'network') as Raw | null;
  const deps = opt(a, 'dependencies') as Raw | null;
  const hc = opt(a, 'health_check') as Raw | null;
  return {
    name: str(a, 'name'),
    source: buildSource(obj(a, 'source')),
    image: buildImage(obj(a, 'image')),
    entrypoints: list(a, 'entrypoints', buildEntrypoint),
    env: buildEnv(a, 'env'),
    mounts: list(a, 'mounts', buildMount),
    network: network ? buildNetwork(network) : null,
    resources: { cpu_cores: num(obj(a, 'resources'), 'cpu_cores'), memory_mb: num(obj(a, 'resources'), 'memory_mb'), rootfs_size_mb: num(obj(a, 'resources'), 'rootfs_size_mb') },
    dependencies: deps ? (copyJson(deps) as unknown as App['dependencies']) : null,
    threat_tier: ((get(a, 'threat_tier') as string | undefined) ?? 'untrusted') as App['threat_tier'],
    addons: list(a, 'addons', buildAddon),
    hooks: buildHooks(get(a, 'hooks') as Raw | undefined),
    files: list(a, 'files', (f) => ({ path: str(f, 'path'), bytes_b64: str(f, 'bytes_b64'), mode: opt(f, 'mode') as string | null })),
    health_check: hc ? buildHealthCheck(hc) : null,
  };
}

function buildSource(s: Raw): App['source'] {
  if (s.kind === 'local_path') return { kind: 'local_path', path: str(s, 'path'), include: strs(s, 'include', ['**']), exclude: strs(s, 'exclude') };
  if (s.kind === 'nix_derivation') return { kind: 'nix_derivation', expr: str(s, 'expr') };
  return { kind: 'oci_image', reference: str(s, 'reference'), digest: str(s, 'digest') };
}

function buildImage(i: Raw): App['image'] {
  if (i.kind === 'nix_packages') return { kind: 'nix_packages', packages: strs(i, 'packages') };
  return { kind: 'oci_base', reference: str(i, 'reference'), digest: str(i, 'digest') };
}

function buildHealthCheck(h: Raw): HealthCheck {
  const n = (k: string, d: number) => (get(h, k) as number | undefined) ?? d;
  return { command: strs(h, 'command'), interval_secs: n('interval_secs', 30), timeout_secs: n('timeout_secs', 5), retries: n('retries', 3), start_period_secs: n('start_period_secs', 0) };
}

function buildEntrypoint(e: Raw): Entrypoint {
  const working_dir = (get(e, 'working_dir') as string | undefined) ?? '/app';
  if (e.kind === 'command') return { kind: 'command', command: strs(e, 'command'), working_dir, env: buildEnv(e, 'env') };
  const args = opt(e, 'args_schema') as Raw | null;
  const ret = opt(e, 'return_schema') as Raw | null;
  const conc = opt(e, 'concurrency') as Raw | null;
  return {
    kind: 'function',
    language: str(e, 'language'),
    module: str(e, 'module'),
    function: str(e, 'function'),
    format: e.format as 'json' | 'msgpack',
    working_dir,
    env: buildEnv(e, 'env'),
    args_schema: args ? (copyJson(args) as JsonObject) : null,
    return_schema: ret ? (copyJson(ret) as JsonObject) : null,
    extra_imports: strs(e, 'extra_imports'),
    primary: (get(e, 'primary') as boolean | undefined) ?? false,
    concurrency: conc ? buildConcurrency(conc) : null,
  };
}

function buildConcurrency(c: Raw): Concurrency {
  return {
    kind: 'warm_process',
    max_calls_per_worker: num(c, 'max_calls_per_worker'),
    max_rss_mb: num(c, 'max_rss_mb'),
    pool_size: num(c, 'pool_size'),
    in_process: c.in_process as Concurrency['in_process'],
    max_queue_depth: opt(c, 'max_queue_depth') as number | null,
  };
}

const buildEnv = (o: Raw, k: string): EnvMap => mapOf(o, k, buildEnvValue);

function buildEnvValue(v: Raw): EnvValue {
  if (v.kind === 'literal') return { kind: 'literal', value: str(v, 'value') };
  const r = obj(v, 'ref');
  const sigv4 = opt(r, 'sigv4') as Raw | null;
  const ref: SecretRef = {
    name: str(r, 'name'),
    mount: copyJson(obj(r, 'mount')) as unknown as SecretRef['mount'],
    auth_type: r.auth_type as SecretRef['auth_type'],
    allowed_hosts: strs(r, 'allowed_hosts'),
    sigv4: sigv4 ? { access_key_id: str(sigv4, 'access_key_id'), region: str(sigv4, 'region'), service: str(sigv4, 'service') } : null,
  };
  return { kind: 'secret_ref', ref };
}

function buildMount(m: Raw): Mount {
  return { target: str(m, 'target'), source: copyJson(obj(m, 'source')) as unknown as Mount['source'], mode: m.mode as Mount['mode'] };
}

function buildNetwork(n: Raw): Network {
  const mode = n.mode as JsonValue;
  const egress = opt(n, 'egress') as Raw | null;
  const dns = opt(n, 'dns') as Raw | null;
  return {
    mode: (typeof mode === 'string' ? mode : { custom: { provider: str(obj(mode as Raw, 'custom'), 'provider'), config: copyJson(obj(mode as Raw, 'custom').config as JsonValue) } }) as NetworkMode,
    ports: list(n, 'ports', (p) => ({ guest: num(p, 'guest'), host: num(p, 'host'), proto: p.proto as 'tcp' | 'udp' })),
    egress: egress ? { allowlist: list(egress, 'allowlist', (h) => ({ host: str(h, 'host'), port: num(h, 'port') })) } : null,
    peers: strs(n, 'peers'),
    dns: dns ? (copyJson(dns) as unknown as Network['dns']) : null,
  };
}

function buildHooks(h: Raw | undefined): Hooks {
  const phase = (k: string) => (h ? list(h, k, (c) => copyJson(c) as unknown as Hooks['before_build'][number]) : []);
  return { before_build: phase('before_build'), before_start: phase('before_start'), after_start: phase('after_start'), before_stop: phase('before_stop') };
}

function buildAddon(a: Raw): AddonUse {
  return {
    name: str(a, 'name'),
    alias: opt(a, 'alias') as string | null,
    tier: a.tier as AddonUse['tier'],
    ref: copyJson(obj(a, 'ref')) as unknown as AddonUse['ref'],
    sha256: str(a, 'sha256'),
    params: openMap(a, 'params'),
    hooks: buildHooks(get(a, 'hooks') as Raw | undefined),
  };
}
