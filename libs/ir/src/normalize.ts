import { copyJson, jsonObject, type JsonObject, type JsonValue } from './json';
import {
  HOOK_PHASES,
  type AddonUse,
  type App,
  type Concurrency,
  type Entrypoint,
  type EnvMap,
  type EnvValue,
  type HealthCheck,
  type Hooks,
  type Image,
  type MaterializedFile,
  type Mount,
  type Network,
  type NetworkMode,
  type SecretRef,
  type Source,
  type Volume,
  type Workload,
} from './model';

/**
 * Normalization (ir-v0 §5) as an explicit serializer: each type writes exactly the fields its emit
 * rules allow — `always`, `always/null`, or omitted when empty/default/absent. Open values are
 * copied as parsed; key order is irrelevant because the canonical writer sorts keys.
 */

type Entry = [string, JsonValue];
const obj = (entries: (Entry | false | null | undefined)[]): JsonObject => jsonObject(entries.filter((e): e is Entry => !!e));
/** omit-null / omit-empty helper: the entry, or nothing. */
const when = (cond: boolean, key: string, value: () => JsonValue): Entry | null => (cond ? [key, value()] : null);
const strs = (xs: readonly string[]): JsonValue => [...xs];

export function normalizeWorkload(w: Workload): JsonObject {
  return obj([
    ['schema_version', w.schema_version],
    ['id', w.id],
    ['apps', w.apps.map(normalizeApp)],
    ['volumes', w.volumes.map(normalizeVolume)],
    ['extensions', copyJson(w.extensions)],
  ]);
}

export function normalizeVolume(v: Volume): JsonObject {
  return obj([
    ['name', v.name],
    ['size_mb', v.size_mb],
    ['persist', v.persist],
  ]);
}

export function normalizeApp(a: App): JsonObject {
  return obj([
    ['name', a.name],
    ['source', normalizeSource(a.source)],
    ['image', normalizeImage(a.image)],
    ['entrypoints', a.entrypoints.map(normalizeEntrypoint)],
    ['env', normalizeEnv(a.env)],
    ['mounts', a.mounts.map(normalizeMount)],
    ['network', a.network ? normalizeNetwork(a.network) : null],
    ['resources', obj([['cpu_cores', a.resources.cpu_cores], ['memory_mb', a.resources.memory_mb], ['rootfs_size_mb', a.resources.rootfs_size_mb]])],
    ['dependencies', a.dependencies ? (copyJson(a.dependencies as unknown as JsonValue) as JsonObject) : null],
    when(a.threat_tier !== 'untrusted', 'threat_tier', () => a.threat_tier),
    when(a.addons.length > 0, 'addons', () => a.addons.map(normalizeAddon)),
    when(!hooksEmpty(a.hooks), 'hooks', () => normalizeHooks(a.hooks)),
    when(a.files.length > 0, 'files', () => a.files.map(normalizeFile)),
    when(a.health_check !== null, 'health_check', () => normalizeHealthCheck(a.health_check as HealthCheck)),
  ]);
}

export function normalizeSource(s: Source): JsonObject {
  switch (s.kind) {
    case 'local_path':
      return obj([['kind', s.kind], ['path', s.path], ['include', strs(s.include)], ['exclude', strs(s.exclude)]]);
    case 'nix_derivation':
      return obj([['kind', s.kind], ['expr', s.expr]]);
    case 'oci_image':
      return obj([['kind', s.kind], ['reference', s.reference], ['digest', s.digest]]);
  }
}

export function normalizeImage(i: Image): JsonObject {
  if (i.kind === 'nix_packages') return obj([['kind', i.kind], ['packages', strs(i.packages)]]);
  return obj([['kind', i.kind], ['reference', i.reference], ['digest', i.digest]]);
}

export function normalizeEntrypoint(e: Entrypoint): JsonObject {
  if (e.kind === 'command') {
    return obj([['kind', 'command'], ['command', strs(e.command)], ['working_dir', e.working_dir], ['env', normalizeEnv(e.env)]]);
  }
  return obj([
    ['kind', 'function'],
    ['language', e.language],
    ['module', e.module],
    ['function', e.function],
    ['format', e.format],
    ['working_dir', e.working_dir],
    ['env', normalizeEnv(e.env)],
    when(e.args_schema !== null, 'args_schema', () => copyJson(e.args_schema as JsonObject)),
    when(e.return_schema !== null, 'return_schema', () => copyJson(e.return_schema as JsonObject)),
    when(e.extra_imports.length > 0, 'extra_imports', () => strs(e.extra_imports)),
    ['primary', e.primary],
    when(e.concurrency !== null, 'concurrency', () => normalizeConcurrency(e.concurrency as Concurrency)),
  ]);
}

export function normalizeConcurrency(c: Concurrency): JsonObject {
  return obj([
    ['kind', c.kind],
    ['max_calls_per_worker', c.max_calls_per_worker],
    ['max_rss_mb', c.max_rss_mb],
    ['pool_size', c.pool_size],
    ['in_process', c.in_process],
    when(c.max_queue_depth !== null, 'max_queue_depth', () => c.max_queue_depth as number),
  ]);
}

export function normalizeEnv(env: EnvMap): JsonObject {
  return jsonObject(Object.keys(env).map((k) => [k, normalizeEnvValue(env[k] as EnvValue)]));
}

export function normalizeEnvValue(v: EnvValue): JsonObject {
  if (v.kind === 'literal') return obj([['kind', 'literal'], ['value', v.value]]);
  return obj([['kind', 'secret_ref'], ['ref', normalizeSecretRef(v.ref)]]);
}

export function normalizeSecretRef(r: SecretRef): JsonObject {
  return obj([
    ['name', r.name],
    ['mount', r.mount.kind === 'env' ? obj([['kind', 'env'], ['var', r.mount.var]]) : obj([['kind', 'file'], ['path', r.mount.path]])],
    ['auth_type', r.auth_type],
    ['allowed_hosts', strs(r.allowed_hosts)],
    ['sigv4', r.sigv4 ? obj([['access_key_id', r.sigv4.access_key_id], ['region', r.sigv4.region], ['service', r.sigv4.service]]) : null],
  ]);
}

export function normalizeMount(m: Mount): JsonObject {
  const s = m.source;
  let source: JsonObject;
  switch (s.kind) {
    case 'volume':
      source = obj([['kind', s.kind], ['name', s.name]]);
      break;
    case 'host_path':
      source = obj([['kind', s.kind], ['path', s.path]]);
      break;
    case 'tmpfs':
      source = obj([['kind', s.kind], ['size_mb', s.size_mb]]);
      break;
    case 'external':
      source = obj([['kind', s.kind], ['provider', s.provider], ['config', copyJson(s.config)]]);
      break;
  }
  return obj([['target', m.target], ['source', source], ['mode', m.mode]]);
}

export function normalizeNetworkMode(mode: NetworkMode): JsonValue {
  if (typeof mode === 'string') return mode;
  return obj([['custom', obj([['provider', mode.custom.provider], ['config', copyJson(mode.custom.config)]])]]);
}

export function normalizeNetwork(n: Network): JsonObject {
  return obj([
    ['mode', normalizeNetworkMode(n.mode)],
    ['ports', n.ports.map((p) => obj([['guest', p.guest], ['host', p.host], ['proto', p.proto]]))],
    when(n.egress !== null, 'egress', () => obj([['allowlist', (n.egress as NonNullable<Network['egress']>).allowlist.map((h) => obj([['host', h.host], ['port', h.port]]))]])),
    when(n.peers.length > 0, 'peers', () => strs(n.peers)),
    when(n.dns !== null, 'dns', () => copyJson(n.dns as unknown as JsonValue)),
  ]);
}

export function hooksEmpty(h: Hooks): boolean {
  return HOOK_PHASES.every((p) => h[p].length === 0);
}

export function normalizeHooks(h: Hooks): JsonObject {
  return obj(HOOK_PHASES.map((p) => when(h[p].length > 0, p, () => h[p].map((c) => (c.kind === 'shell' ? obj([['kind', 'shell'], ['line', c.line]]) : obj([['kind', 'argv'], ['argv', strs(c.argv)]]))))));
}

export function normalizeAddon(a: AddonUse): JsonObject {
  return obj([
    ['name', a.name],
    when(a.alias !== null, 'alias', () => a.alias as string),
    ['tier', a.tier],
    ['ref', a.ref.kind === 'registry' ? obj([['kind', 'registry'], ['url', a.ref.url], ['version', a.ref.version]]) : obj([['kind', 'local'], ['path', a.ref.path]])],
    ['sha256', a.sha256],
    when(Object.keys(a.params).length > 0, 'params', () => copyJson(a.params)),
    when(!hooksEmpty(a.hooks), 'hooks', () => normalizeHooks(a.hooks)),
  ]);
}

export function normalizeFile(f: MaterializedFile): JsonObject {
  return obj([['path', f.path], ['bytes_b64', f.bytes_b64], when(f.mode !== null, 'mode', () => f.mode as string)]);
}

export function normalizeHealthCheck(h: HealthCheck): JsonObject {
  return obj([
    ['command', strs(h.command)],
    ['interval_secs', h.interval_secs],
    ['timeout_secs', h.timeout_secs],
    ['retries', h.retries],
    ['start_period_secs', h.start_period_secs],
  ]);
}
