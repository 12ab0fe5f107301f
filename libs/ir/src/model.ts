import type { JsonObject, JsonValue } from './json';

/**
 * The typed Workload IR v0 model (ir-v0 §4) as `parseWorkload` returns it: field names are the
 * JSON keys, every default is filled, and every nullable or optional-without-default field is
 * `null` when absent. Maps (`env`, `extensions`, `params`) are null-prototype objects so that any
 * key, `__proto__` included, is an ordinary entry.
 */

/** A map keyed by arbitrary strings (a null-prototype object in parsed models). */
export type StringMap<T> = { [key: string]: T };

export interface Workload {
  schema_version: string;
  id: string;
  apps: App[];
  volumes: Volume[];
  extensions: JsonObject;
}

export interface Volume {
  name: string;
  size_mb: number;
  persist: boolean;
}

export type ThreatTier = 'untrusted' | 'trusted';

export interface App {
  name: string;
  source: Source;
  image: Image;
  entrypoints: Entrypoint[];
  env: EnvMap;
  mounts: Mount[];
  network: Network | null;
  resources: Resources;
  dependencies: Dependencies | null;
  threat_tier: ThreatTier;
  addons: AddonUse[];
  hooks: Hooks;
  files: MaterializedFile[];
  health_check: HealthCheck | null;
}

export interface Resources {
  cpu_cores: number;
  memory_mb: number;
  rootfs_size_mb: number;
}

export interface MaterializedFile {
  path: string;
  bytes_b64: string;
  mode: string | null;
}

export interface HealthCheck {
  command: string[];
  interval_secs: number;
  timeout_secs: number;
  retries: number;
  start_period_secs: number;
}

export interface LocalPathSource {
  kind: 'local_path';
  path: string;
  include: string[];
  exclude: string[];
}
export interface NixDerivationSource {
  kind: 'nix_derivation';
  expr: string;
}
export interface OciImageSource {
  kind: 'oci_image';
  reference: string;
  digest: string;
}
export type Source = LocalPathSource | NixDerivationSource | OciImageSource;

export interface NixPackagesImage {
  kind: 'nix_packages';
  packages: string[];
}
export interface OciBaseImage {
  kind: 'oci_base';
  reference: string;
  digest: string;
}
export type Image = NixPackagesImage | OciBaseImage;

export interface CommandEntrypoint {
  kind: 'command';
  command: string[];
  working_dir: string;
  env: EnvMap;
}

export type FunctionFormat = 'json' | 'msgpack';

export interface FunctionEntrypoint {
  kind: 'function';
  language: string;
  module: string;
  function: string;
  format: FunctionFormat;
  working_dir: string;
  env: EnvMap;
  args_schema: JsonObject | null;
  return_schema: JsonObject | null;
  extra_imports: string[];
  primary: boolean;
  concurrency: Concurrency | null;
}

export type Entrypoint = CommandEntrypoint | FunctionEntrypoint;

export interface Concurrency {
  kind: 'warm_process';
  max_calls_per_worker: number;
  max_rss_mb: number;
  pool_size: number;
  in_process: 'serial' | 'concurrent';
  max_queue_depth: number | null;
}

export interface LiteralEnvValue {
  kind: 'literal';
  value: string;
}
export interface SecretRefEnvValue {
  kind: 'secret_ref';
  ref: SecretRef;
}
export type EnvValue = LiteralEnvValue | SecretRefEnvValue;
export type EnvMap = StringMap<EnvValue>;

export type SecretAuthType = 'sigv4' | 'hmac' | 'bearer' | 'basic';

export interface SecretRef {
  name: string;
  mount: SecretMount;
  auth_type: SecretAuthType;
  allowed_hosts: string[];
  sigv4: Sigv4 | null;
}

export type SecretMount = { kind: 'env'; var: string } | { kind: 'file'; path: string };

export interface Sigv4 {
  access_key_id: string;
  region: string;
  service: string;
}

export type MountMode = 'ro' | 'rw';

export interface Mount {
  target: string;
  source: MountSource;
  mode: MountMode;
}

export type MountSource =
  | { kind: 'volume'; name: string }
  | { kind: 'host_path'; path: string }
  | { kind: 'tmpfs'; size_mb: number }
  | { kind: 'external'; provider: string; config: JsonValue };

export interface CustomNetworkMode {
  custom: { provider: string; config: JsonValue };
}
export type NetworkMode = 'none' | 'bridge' | 'host' | CustomNetworkMode;

export interface Network {
  mode: NetworkMode;
  ports: PortForward[];
  egress: Egress | null;
  peers: string[];
  dns: Dns | null;
}

export interface PortForward {
  guest: number;
  host: number;
  proto: 'tcp' | 'udp';
}

export interface HostPort {
  host: string;
  port: number;
}

export interface Egress {
  allowlist: HostPort[];
}

export type Dns = { kind: 'none' } | { kind: 'system' } | { kind: 'resolver'; host: string; port: number };

export type Dependencies =
  | { kind: 'python'; lockfile: string; tool: 'uv' | 'pip_tools' }
  | { kind: 'node'; lockfile: string; tool: 'pnpm' | 'npm' | 'yarn' }
  | { kind: 'none' };

export type HookCmd = { kind: 'shell'; line: string } | { kind: 'argv'; argv: string[] };

export interface Hooks {
  before_build: HookCmd[];
  before_start: HookCmd[];
  after_start: HookCmd[];
  before_stop: HookCmd[];
}

export const HOOK_PHASES = ['before_build', 'before_start', 'after_start', 'before_stop'] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

export type AddonTier = 'separate' | 'in_vm';

export type AddonRef = { kind: 'registry'; url: string; version: string } | { kind: 'local'; path: string };

export interface AddonUse {
  name: string;
  alias: string | null;
  tier: AddonTier;
  ref: AddonRef;
  sha256: string;
  params: JsonObject;
  hooks: Hooks;
}
