/**
 * IR constructors (python-sdk.md §3.4–§3.10, camelCase). Each constructor checks its arguments at
 * once and returns an opaque Spec holding the **normalized** IR fragment (ir-v0 §5: defaults filled,
 * emit rules applied), so building the document later is plain assembly. Fragments are deep-copied
 * when read; a Spec is never mutated.
 */
import * as check from './check';
import type { JsonObject, JsonValue } from './check';
import { fail } from './errors';

/** An IR fragment as plain JSON data. */
export type IrObject = { [key: string]: unknown };

const IR = Symbol('mvmforge.ir');

/** An IR fragment of one category (`'image'`, `'mount'`, …); opaque to authors. */
export class Spec<C extends string = string> {
  /** What the fragment is; used to reject a value passed in the wrong place. */
  readonly category: C;
  /** @internal */
  readonly [IR]: IrObject;

  /** @internal Created by the SDK's constructors only. */
  constructor(category: C, ir: IrObject) {
    this.category = category;
    this[IR] = ir;
  }

  /** @internal A deep copy of the normalized IR fragment. */
  ir(): IrObject {
    return structuredClone(this[IR]);
  }
}

/** A secret reference whose env-mount `var` may default to the env key it is placed under. */
export class SecretSpec extends Spec<'secret'> {
  /** @internal */
  readonly varDefault: boolean;

  /** @internal */
  constructor(ir: IrObject, varDefault: boolean) {
    super('secret', ir);
    this.varDefault = varDefault;
  }

  /** @internal The IR of this secret placed under env key `key`. */
  underKey(key: string): IrObject {
    const ir = this.ir() as { ref: { mount: { var?: string | null } } };
    if (this.varDefault) ir.ref.mount.var = key;
    return ir as unknown as IrObject;
  }
}

/** `localPath`, `nixDerivation` or `ociImage`. */
export type Source = Spec<'source'>;
/** `nixPackages`, `pythonImage`, `nodeImage` or `ociBase`. */
export type Image = Spec<'image'>;
/** `entrypoint` (command) or `entrypointFunction`. */
export type Entrypoint = Spec<'entrypoint'>;
/** `resources(...)`. */
export type Resources = Spec<'resources'>;
/** `warmProcess(...)`. */
export type Concurrency = Spec<'concurrency'>;
/** `literal(...)`. */
export type Literal = Spec<'literal'>;
/** `secret(...)`. */
export type Secret = SecretSpec;
/** `sigv4(...)`. */
export type Sigv4 = Spec<'sigv4'>;
/** `volume`, `hostPath`, `tmpfs` or `externalMount`. */
export type Mount = Spec<'mount'>;
/** `volumeDef(...)`. */
export type VolumeDef = Spec<'volume_def'>;
/** `network(...)`. */
export type Network = Spec<'network'>;
/** `customNetwork(...)`. */
export type CustomNetworkMode = Spec<'network_mode'>;
/** `port(...)`. */
export type Port = Spec<'port'>;
/** `egress(...)`. */
export type Egress = Spec<'egress'>;
/** `hostPort(...)`. */
export type HostPort = Spec<'host_port'>;
/** `dnsNone()`, `dnsSystem()` or `dnsResolver(...)`. */
export type Dns = Spec<'dns'>;
/** `pythonDeps`, `nodeDeps` or `noDeps`. */
export type Dependencies = Spec<'dependencies'>;
/** `hook(...)`. */
export type Hook = Spec<'hook'>;
/** `file(...)`. */
export type MaterializedFile = Spec<'file'>;
/** `healthCheck(...)`. */
export type HealthCheck = Spec<'health_check'>;
/** `addonUse(...)`. */
export type AddonUse = Spec<'addon_use'>;

/** An env map value: a plain string (a literal), `literal(...)` or `secret(...)`. */
export type EnvValue = string | Literal | Secret;
/** An env map: key (`^[A-Za-z_][A-Za-z0-9_]*$`) → value. */
export type Env = { readonly [key: string]: EnvValue };
/** One hook command: a string (a shell line), an argv array, or `hook(...)`. */
export type HookCommand = string | readonly string[] | Hook;
/** A hook phase: one shell line, one `hook(...)`, or an array with one command per element. */
export type HookPhase = string | Hook | readonly HookCommand[];
/** The four hook phases. */
export interface Hooks {
  beforeBuild?: HookPhase;
  beforeStart?: HookPhase;
  afterStart?: HookPhase;
  beforeStop?: HookPhase;
}

export function expect<C extends string>(value: unknown, category: C, what: string, constructor: string): Spec<C> {
  if (!(value instanceof Spec) || value.category !== category) {
    fail(`${what} must be the result of ${constructor}, got ${describe(value)}`);
  }
  return value as Spec<C>;
}

export function describe(value: unknown): string {
  if (value instanceof Spec) return `mv.${camel(value.category)}(...)`;
  return check.typeName(value);
}

function camel(category: string): string {
  return category.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function options(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!check.isPlainObject(value)) fail(`${what} options must be an object, got ${check.typeName(value)}`);
  return value;
}

// --- §3.4 source and image -----------------------------------------------------------------------

/** Options of {@link localPath}. */
export interface LocalPathOptions {
  /** Globs of files to bundle (default `["**"]`). */
  include?: readonly string[];
  /** Globs of files to leave out (default `[]`). */
  exclude?: readonly string[];
}

/**
 * A source bundle from a directory, relative to the entry file's directory (default `"."`).
 * An empty `include` means everything (`["**"]`).
 */
export function localPath(path = '.', opts?: LocalPathOptions): Source {
  check.string(path, 'localPath path');
  const o = options(opts, 'localPath');
  const include = o.include !== undefined ? check.stringList(o.include, 'include') : [];
  const exclude = o.exclude !== undefined ? check.stringList(o.exclude, 'exclude') : [];
  return new Spec('source', { kind: 'local_path', path, include: include.length ? include : ['**'], exclude });
}

/** A Nix-derivation source (reserved: valid IR, refused by validation with E_SOURCE_KIND_DEFERRED). */
export function nixDerivation(expr: string): Source {
  return new Spec('source', { kind: 'nix_derivation', expr: check.string(expr, 'nixDerivation expr') });
}

/** An OCI-image source (reserved: valid IR, refused by validation with E_SOURCE_KIND_DEFERRED). */
export function ociImage(reference: string, digest: string): Source {
  return new Spec('source', {
    kind: 'oci_image',
    reference: check.string(reference, 'ociImage reference'),
    digest: check.string(digest, 'ociImage digest'),
  });
}

/** An image made of nixpkgs attribute names (a non-empty list). */
export function nixPackages(packages: readonly string[]): Image {
  return new Spec('image', { kind: 'nix_packages', packages: check.stringList(packages, 'packages', true) });
}

/** Options of {@link pythonImage} and {@link nodeImage}. */
export interface ImageOptions {
  /** Extra nixpkgs attribute names after the interpreter. */
  packages?: readonly string[];
}

/** A Python image: `pythonImage("3.12")` → nix packages `["python312", ...packages]`. */
export function pythonImage(python = '3.12', opts?: ImageOptions): Image {
  check.string(python, 'python version');
  if (!/^[0-9]+(\.[0-9]+)?$/.test(python)) fail(`python version ${check.repr(python)} must match ^[0-9]+(\\.[0-9]+)?$ (e.g. "3.12")`);
  const o = options(opts, 'pythonImage');
  const extra = o.packages !== undefined ? check.stringList(o.packages, 'packages') : [];
  return new Spec('image', { kind: 'nix_packages', packages: ['python' + python.replace('.', ''), ...extra] });
}

/** A Node.js image: `nodeImage("22")` → nix packages `["nodejs_22", ...packages]`. */
export function nodeImage(node = '22', opts?: ImageOptions): Image {
  check.string(node, 'node version');
  if (!/^[0-9]+$/.test(node)) fail(`node version ${check.repr(node)} must match ^[0-9]+$ (e.g. "22")`);
  const o = options(opts, 'nodeImage');
  const extra = o.packages !== undefined ? check.stringList(o.packages, 'packages') : [];
  return new Spec('image', { kind: 'nix_packages', packages: ['nodejs_' + node, ...extra] });
}

/** An OCI base image (valid IR, but compile refuses it with E_IMAGE_KIND_UNSUPPORTED). */
export function ociBase(reference: string, digest: string): Image {
  return new Spec('image', {
    kind: 'oci_base',
    reference: check.string(reference, 'ociBase reference'),
    digest: check.string(digest, 'ociBase digest'),
  });
}

// --- §3.6 environment and secrets ----------------------------------------------------------------

/** A literal env value (a plain string in an env map means the same). */
export function literal(value: string): Literal {
  return new Spec('literal', { kind: 'literal', value: check.string(value, 'literal value') });
}

/** SigV4 signing parameters for a `sigv4` secret. */
export function sigv4(accessKeyId: string, region: string, service: string): Sigv4 {
  return new Spec('sigv4', {
    access_key_id: check.string(accessKeyId, 'sigv4 accessKeyId'),
    region: check.string(region, 'sigv4 region'),
    service: check.string(service, 'sigv4 service'),
  });
}

/** How a secret authenticates. */
export type AuthType = 'sigv4' | 'hmac' | 'bearer' | 'basic';
const AUTH_TYPES: readonly AuthType[] = ['sigv4', 'hmac', 'bearer', 'basic'];

/** Options of {@link secret}. */
export interface SecretOptions {
  /** The auth type. */
  type: AuthType;
  /** The destinations the secret may be sent to (non-empty). */
  hosts: readonly string[];
  /** Env var the guest sees (default: the env key the secret is placed under); exclusive with `file`. */
  var?: string;
  /** Mount the secret as a file at this path instead of an env var. */
  file?: string;
  /** SigV4 parameters (`sigv4(...)`). */
  sigv4?: Sigv4;
}

/** A secret reference: never a value, only its name, where it goes and which hosts may see it. */
export function secret(name: string, opts: SecretOptions): Secret {
  check.string(name, 'secret name');
  const o = options(opts, 'secret');
  const type = check.oneOf(o.type, 'secret type', AUTH_TYPES);
  const hosts = check.stringList(o.hosts, 'secret hosts');
  if (hosts.length === 0) fail(`secret ${check.repr(name)} needs a non-empty hosts list (the destinations it may be sent to)`);
  if (o.var !== undefined && o.file !== undefined) fail(`secret ${check.repr(name)}: var and file are mutually exclusive`);
  const mount =
    o.file !== undefined
      ? { kind: 'file', path: check.string(o.file, 'secret file') }
      : { kind: 'env', var: o.var !== undefined ? check.envName(o.var, 'secret var') : null };
  const sig = o.sigv4 !== undefined ? expect(o.sigv4, 'sigv4', 'secret sigv4', 'mv.sigv4(...)').ir() : null;
  const ir = { kind: 'secret_ref', ref: { name, mount, auth_type: type, allowed_hosts: hosts, sigv4: sig } };
  return new SecretSpec(ir, o.file === undefined && o.var === undefined);
}

/** @internal An env map: string → literal, literal(...), secret(...) (var defaults to the key). */
export function envMap(env: unknown, what: string): IrObject {
  if (env === undefined) return {};
  if (!check.isPlainObject(env)) fail(`${what} must be an object, got ${check.typeName(env)}`);
  const result: IrObject = {};
  for (const [key, value] of Object.entries(env)) {
    check.envName(key, 'env key');
    if (typeof value === 'string') result[key] = { kind: 'literal', value: check.string(value, `env value of ${check.repr(key)}`) };
    else if (value instanceof SecretSpec) result[key] = value.underKey(key);
    else if (value instanceof Spec && value.category === 'literal') result[key] = value.ir();
    else {
      fail(
        `env value of ${check.repr(key)} must be a string, mv.literal(...) or mv.secret(...), got ${describe(value)} (no implicit String() conversion)`,
      );
    }
  }
  return result;
}

// --- §3.5 entrypoints and resources --------------------------------------------------------------

/** Options of {@link entrypoint}. */
export interface EntrypointOptions {
  /** The guest working directory (default `/app`). */
  workingDir?: string;
  /** Entrypoint-level env. */
  env?: Env;
}

/** A command entrypoint: argv (non-empty), no shell. */
export function entrypoint(command: readonly string[], opts?: EntrypointOptions): Entrypoint {
  const argv = check.stringList(command, 'command');
  if (argv.length === 0) fail('command must be a non-empty array of strings');
  const o = options(opts, 'entrypoint');
  return new Spec('entrypoint', {
    kind: 'command',
    command: argv,
    working_dir: check.workingDir(o.workingDir ?? '/app'),
    env: envMap(o.env, 'entrypoint env'),
  });
}

/** How a function's arguments and result are encoded. */
export type Format = 'json' | 'msgpack';
const FORMATS: readonly Format[] = ['json', 'msgpack'];

/** Entry-level options of a function entrypoint (shared by {@link entrypointFunction} and `func`). */
export interface FunctionEntryOptions {
  /** The function's language (default `"python"`; `func` in a Node entry still defaults to `"python"` unless given). */
  language?: string;
  /** Wire format (default `"json"`). */
  format?: Format;
  /** The guest working directory (default `/app`). */
  workingDir?: string;
  /** JSON Schema of the arguments. */
  argsSchema?: JsonObject;
  /** JSON Schema of the result. */
  returnSchema?: JsonObject;
  /** Extra modules the runtime imports. */
  extraImports?: readonly string[];
  /** Warm-process concurrency (`warmProcess(...)`). */
  concurrency?: Concurrency;
}

/** Options of {@link entrypointFunction}. */
export interface EntrypointFunctionOptions extends FunctionEntryOptions {
  /** Entrypoint-level env. */
  env?: Env;
  /** Whether this is the app's primary entrypoint (default `false`). */
  primary?: boolean;
}

/** A function entrypoint: `module` and `function` name the callable in the guest. */
export function entrypointFunction(module: string, fn: string, opts?: EntrypointFunctionOptions): Entrypoint {
  const o = options(opts, 'entrypointFunction');
  const ir: IrObject = {
    kind: 'function',
    language: check.string(o.language ?? 'python', 'language'),
    module: check.string(module, 'module'),
    function: check.string(fn, 'function'),
    format: check.oneOf(o.format ?? 'json', 'format', FORMATS),
    working_dir: check.workingDir(o.workingDir ?? '/app'),
    env: envMap(o.env, 'entrypoint env'),
    primary: check.boolean(o.primary ?? false, 'primary'),
  };
  if (o.argsSchema !== undefined) ir.args_schema = check.jsonObject(o.argsSchema, 'argsSchema');
  if (o.returnSchema !== undefined) ir.return_schema = check.jsonObject(o.returnSchema, 'returnSchema');
  const imports = o.extraImports !== undefined ? check.stringList(o.extraImports, 'extraImports') : [];
  if (imports.length) ir.extra_imports = imports;
  if (o.concurrency !== undefined) ir.concurrency = expect(o.concurrency, 'concurrency', 'concurrency', 'mv.warmProcess(...)').ir();
  return new Spec('entrypoint', ir);
}

/** Options of {@link resources}. */
export interface ResourcesOptions {
  /** vCPUs (default 1). */
  cpuCores?: number;
  /** Memory in MiB (default 256). */
  memoryMb?: number;
  /** Root filesystem size in MiB (default 512). */
  rootfsSizeMb?: number;
}

/** VM resources; defaults 1 core / 256 MiB / 512 MiB rootfs. */
export function resources(opts?: ResourcesOptions): Resources {
  const o = options(opts, 'resources');
  return new Spec('resources', {
    cpu_cores: check.u16(o.cpuCores ?? 1, 'cpuCores'),
    memory_mb: check.u32(o.memoryMb ?? 256, 'memoryMb'),
    rootfs_size_mb: check.u32(o.rootfsSizeMb ?? 512, 'rootfsSizeMb'),
  });
}

/** Options of {@link warmProcess}. */
export interface WarmProcessOptions {
  /** Workers kept warm (default 1). */
  poolSize?: number;
  /** `"serial"` (default) or `"concurrent"` calls inside one worker. */
  inProcess?: 'serial' | 'concurrent';
  /** Queue bound (default: none). */
  maxQueueDepth?: number;
}

/** Warm-process concurrency for a function entrypoint. */
export function warmProcess(maxCallsPerWorker: number, maxRssMb: number, opts?: WarmProcessOptions): Concurrency {
  const o = options(opts, 'warmProcess');
  const ir: IrObject = {
    kind: 'warm_process',
    max_calls_per_worker: check.u64(maxCallsPerWorker, 'maxCallsPerWorker'),
    max_rss_mb: check.u64(maxRssMb, 'maxRssMb'),
    pool_size: check.u64(o.poolSize ?? 1, 'poolSize'),
    in_process: check.oneOf(o.inProcess ?? 'serial', 'inProcess', ['serial', 'concurrent'] as const),
  };
  if (o.maxQueueDepth !== undefined) ir.max_queue_depth = check.u64(o.maxQueueDepth, 'maxQueueDepth');
  return new Spec('concurrency', ir);
}

// --- §3.6 mounts and volumes ---------------------------------------------------------------------

/** `"ro"` or `"rw"`. */
export type MountMode = 'ro' | 'rw';

/** Options of every mount constructor. */
export interface MountOptions {
  /** Where the mount appears in the guest. */
  target: string;
  /** Access mode (default depends on the kind). */
  mode?: MountMode;
}

function mount(source: IrObject, opts: unknown, kind: string, defaultMode: MountMode): Mount {
  const o = options(opts, kind);
  return new Spec('mount', {
    target: check.string(o.target, 'mount target'),
    source,
    mode: check.oneOf(o.mode ?? defaultMode, 'mount mode', ['ro', 'rw'] as const),
  });
}

/** Mount a declared volume (mode default `rw`). */
export function volume(name: string, opts: MountOptions): Mount {
  return mount({ kind: 'volume', name: check.string(name, 'volume name') }, opts, 'volume', 'rw');
}

/** Mount a host directory (mode default `ro`). */
export function hostPath(path: string, opts: MountOptions): Mount {
  return mount({ kind: 'host_path', path: check.string(path, 'hostPath path') }, opts, 'hostPath', 'ro');
}

/** Mount a tmpfs of `sizeMb` MiB (mode default `rw`). */
export function tmpfs(sizeMb: number, opts: MountOptions): Mount {
  return mount({ kind: 'tmpfs', size_mb: check.u32(sizeMb, 'tmpfs sizeMb') }, opts, 'tmpfs', 'rw');
}

/** Mount from an external provider with its own JSON config (mode default `ro`). */
export function externalMount(provider: string, config: JsonValue, opts: MountOptions): Mount {
  return mount(
    {
      kind: 'external',
      provider: check.string(provider, 'externalMount provider'),
      config: check.jsonValue(config, 'externalMount config'),
    },
    opts,
    'externalMount',
    'ro',
  );
}

/** Options of {@link volumeDef}. */
export interface VolumeDefOptions {
  /** Keep the volume across runs (valid IR, rejected by validation for now). */
  persist?: boolean;
}

/** A workload-level volume definition. */
export function volumeDef(name: string, sizeMb: number, opts?: VolumeDefOptions): VolumeDef {
  const o = options(opts, 'volumeDef');
  return new Spec('volume_def', {
    name: check.string(name, 'volumeDef name'),
    size_mb: check.u32(sizeMb, 'volumeDef sizeMb'),
    persist: check.boolean(o.persist ?? false, 'volumeDef persist'),
  });
}

// --- §3.7 network --------------------------------------------------------------------------------

/** A custom network mode handled by `provider`. */
export function customNetwork(provider: string, config: JsonValue): CustomNetworkMode {
  return new Spec('network_mode', {
    custom: { provider: check.string(provider, 'customNetwork provider'), config: check.jsonValue(config, 'customNetwork config') },
  });
}

/** Options of {@link port}. */
export interface PortOptions {
  /** `"tcp"` (default) or `"udp"`. */
  proto?: 'tcp' | 'udp';
}

/** A port forward; `host` defaults to `guest`. */
export function port(guest: number, host?: number, opts?: PortOptions): Port {
  const guestPort = check.port(guest, 'port guest');
  const hostPortNumber = host === undefined ? guestPort : check.port(host, 'port host');
  const o = options(opts, 'port');
  return new Spec('port', {
    guest: guestPort,
    host: hostPortNumber,
    proto: check.oneOf(o.proto ?? 'tcp', 'proto', ['tcp', 'udp'] as const),
  });
}

/** A host and port (an egress allowlist entry). */
export function hostPort(host: string, port: number): HostPort {
  return new Spec('host_port', { host: check.string(host, 'hostPort host'), port: check.port(port, 'hostPort port') });
}

/** Egress allowlist; an empty list means "no egress". */
export function egress(allowlist: readonly HostPort[]): Egress {
  const entries = check.sequence(allowlist, 'egress allowlist');
  return new Spec('egress', {
    allowlist: entries.map((entry, i) => expect(entry, 'host_port', `egress allowlist[${i}]`, 'mv.hostPort(...)').ir()),
  });
}

/** No DNS in the guest. */
export function dnsNone(): Dns {
  return new Spec('dns', { kind: 'none' });
}

/** The host's DNS. */
export function dnsSystem(): Dns {
  return new Spec('dns', { kind: 'system' });
}

/** A specific resolver (port default 53). */
export function dnsResolver(host: string, port = 53): Dns {
  return new Spec('dns', { kind: 'resolver', host: check.string(host, 'dnsResolver host'), port: check.u16(port, 'dnsResolver port') });
}

/** The network mode of {@link network}. */
export type NetworkModeName = 'none' | 'bridge' | 'host';

/** Options of {@link network}. */
export interface NetworkOptions {
  /** Port forwards (`port(...)`). */
  ports?: readonly Port[];
  /** Egress allowlist (`egress(...)`). */
  egress?: Egress;
  /** App ids this app may reach. */
  peers?: readonly string[];
  /** DNS (`dnsNone()`, `dnsSystem()`, `dnsResolver(...)`). */
  dns?: Dns;
}

/** App networking; mode `"none"` (default), `"bridge"`, `"host"` or `customNetwork(...)`. */
export function network(mode: NetworkModeName | CustomNetworkMode = 'none', opts?: NetworkOptions): Network {
  const modeIr =
    mode instanceof Spec
      ? expect(mode, 'network_mode', 'network mode', 'mv.customNetwork(...)').ir()
      : check.oneOf(mode, 'network mode', ['none', 'bridge', 'host'] as const);
  const o = options(opts, 'network');
  const ports = o.ports !== undefined ? check.sequence(o.ports, 'ports') : [];
  const ir: IrObject = { mode: modeIr, ports: ports.map((p, i) => expect(p, 'port', `ports[${i}]`, 'mv.port(...)').ir()) };
  if (o.egress !== undefined) ir.egress = expect(o.egress, 'egress', 'egress', 'mv.egress(...)').ir();
  const peers = o.peers !== undefined ? check.sequence(o.peers, 'peers') : [];
  if (peers.length) ir.peers = peers.map((p, i) => check.identifier(p, `peers[${i}]`));
  if (o.dns !== undefined) ir.dns = expect(o.dns, 'dns', 'dns', 'mv.dnsNone(), mv.dnsSystem() or mv.dnsResolver(...)').ir();
  return new Spec('network', ir);
}

// --- §3.8 dependencies ---------------------------------------------------------------------------

/** Options of {@link pythonDeps}. */
export interface PythonDepsOptions {
  /** `"uv"` (default) or `"pip_tools"` (`"pip-tools"` is accepted). */
  tool?: 'uv' | 'pip_tools' | 'pip-tools';
}

/** Python dependencies from a lockfile. */
export function pythonDeps(lockfile: string, opts?: PythonDepsOptions): Dependencies {
  check.string(lockfile, 'lockfile');
  const o = options(opts, 'pythonDeps');
  const tool = o.tool === 'pip-tools' ? 'pip_tools' : (o.tool ?? 'uv');
  return new Spec('dependencies', { kind: 'python', lockfile, tool: check.oneOf(tool, 'tool', ['uv', 'pip_tools'] as const) });
}

/** Options of {@link nodeDeps}. */
export interface NodeDepsOptions {
  /** `"pnpm"` (default), `"npm"` or `"yarn"`. */
  tool?: 'pnpm' | 'npm' | 'yarn';
}

/** Node dependencies from a lockfile. */
export function nodeDeps(lockfile: string, opts?: NodeDepsOptions): Dependencies {
  check.string(lockfile, 'lockfile');
  const o = options(opts, 'nodeDeps');
  return new Spec('dependencies', {
    kind: 'node',
    lockfile,
    tool: check.oneOf(o.tool ?? 'pnpm', 'tool', ['pnpm', 'npm', 'yarn'] as const),
  });
}

/** No dependencies. */
export function noDeps(): Dependencies {
  return new Spec('dependencies', { kind: 'none' });
}

// --- §3.9 hooks ----------------------------------------------------------------------------------

/** The IR names of the hook phases, in order. */
export const HOOK_PHASES = ['before_build', 'before_start', 'after_start', 'before_stop'] as const;
/** The SDK option names of the hook phases, in the same order. */
export const HOOK_OPTIONS = ['beforeBuild', 'beforeStart', 'afterStart', 'beforeStop'] as const;

/** One hook command: a string is a shell line, a non-empty array of strings is an argv. */
export function hook(cmd: string | readonly string[]): Hook {
  return new Spec('hook', hookCmd(cmd, 'hook'));
}

function hookCmd(cmd: unknown, what: string): IrObject {
  if (typeof cmd === 'string') return { kind: 'shell', line: check.string(cmd, what) };
  if (Array.isArray(cmd)) {
    const argv = check.stringList(cmd, what);
    if (argv.length === 0) fail(`${what} argv must be a non-empty array of strings`);
    return { kind: 'argv', argv };
  }
  return fail(`${what} must be a string (shell line) or a non-empty array of strings (argv), got ${describe(cmd)}`);
}

function phaseCommands(value: unknown, what: string): IrObject[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [hookCmd(value, what)];
  if (value instanceof Spec && value.category === 'hook') return [value.ir()];
  if (Array.isArray(value)) {
    return value.map((element, i) =>
      element instanceof Spec && element.category === 'hook' ? element.ir() : hookCmd(element, `${what}[${i}]`),
    );
  }
  return fail(`${what} must be a string, an array or mv.hook(...), got ${describe(value)}`);
}

/** @internal Hooks with every empty phase omitted (keys: the camelCase option names). */
export function hooksObject(phases: Record<string, unknown>): IrObject {
  const result: IrObject = {};
  HOOK_OPTIONS.forEach((option, i) => {
    const commands = phaseCommands(phases[option], option);
    if (commands.length) result[HOOK_PHASES[i]!] = commands;
  });
  return result;
}

// --- §3.10 files, health checks, addons ----------------------------------------------------------

/** Options of {@link file}. */
export interface FileOptions {
  /** An octal string (`"0644"`) or a number (`0o644`, written as 4-digit octal). */
  mode?: string | number;
}

/** A file materialized in the guest; a string `content` is UTF-8 encoded. */
export function file(path: string, content: string | Uint8Array, opts?: FileOptions): MaterializedFile {
  check.string(path, 'file path');
  let data: Uint8Array;
  if (typeof content === 'string') data = new TextEncoder().encode(check.string(content, 'file content'));
  else if (content instanceof Uint8Array) data = content;
  else return fail(`file content must be a Uint8Array or string, got ${check.typeName(content)}`);
  const ir: IrObject = { path, bytes_b64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') };
  const o = options(opts, 'file');
  if (o.mode !== undefined) {
    if (typeof o.mode === 'string') {
      if (!/^[0-7]{3,4}$/.test(o.mode)) fail(`file mode ${check.repr(o.mode)} must be an octal string matching ^[0-7]{3,4}$`);
      ir.mode = o.mode;
    } else {
      ir.mode = check.integer(o.mode, 'file mode', 0, 0o7777).toString(8).padStart(4, '0');
    }
  }
  return new Spec('file', ir);
}

/** Options of {@link healthCheck}. */
export interface HealthCheckOptions {
  /** Seconds between checks (default 30). */
  intervalSecs?: number;
  /** Seconds before a check fails (default 5). */
  timeoutSecs?: number;
  /** Failures before unhealthy (default 3). */
  retries?: number;
  /** Grace period in seconds (default 0). */
  startPeriodSecs?: number;
}

/** A health check command (argv, non-empty). */
export function healthCheck(command: readonly string[], opts?: HealthCheckOptions): HealthCheck {
  const o = options(opts, 'healthCheck');
  return new Spec('health_check', {
    command: check.stringList(command, 'healthCheck command', true),
    interval_secs: check.u32(o.intervalSecs ?? 30, 'intervalSecs'),
    timeout_secs: check.u32(o.timeoutSecs ?? 5, 'timeoutSecs'),
    retries: check.u32(o.retries ?? 3, 'retries'),
    start_period_secs: check.u32(o.startPeriodSecs ?? 0, 'startPeriodSecs'),
  });
}

/** Options of {@link addonUse}: exactly one of `version` (registry) and `path` (local). */
export interface AddonUseOptions {
  /** The addon's sha256. */
  sha256: string;
  /** Registry version. */
  version?: string;
  /** Local addon path. */
  path?: string;
  /** Registry URL (default `addons.mvm.io/<name>`; registry addons only). */
  url?: string;
  /** An alias id. */
  alias?: string;
  /** `"separate"` (default) or `"in_vm"`. */
  tier?: 'separate' | 'in_vm';
  /** Addon parameters (JSON). */
  params?: JsonObject;
  /** Addon hooks by phase. */
  hooks?: Hooks;
}

/** An addon used by the app. */
export function addonUse(name: string, opts: AddonUseOptions): AddonUse {
  check.identifier(name, 'addon name');
  const o = options(opts, 'addonUse');
  if ((o.version === undefined) === (o.path === undefined))
    fail(`addon ${check.repr(name)} needs exactly one of version (registry) or path (local)`);
  let ref: IrObject;
  if (o.path !== undefined) {
    if (o.url !== undefined) fail(`addon ${check.repr(name)}: url only applies to registry addons (version), not to path`);
    ref = { kind: 'local', path: check.string(o.path, 'addon path') };
  } else {
    ref = {
      kind: 'registry',
      url: o.url !== undefined ? check.string(o.url, 'addon url') : 'addons.mvm.io/' + name,
      version: check.string(o.version, 'addon version'),
    };
  }
  const ir: IrObject = {
    name,
    tier: check.oneOf(o.tier ?? 'separate', 'addon tier', ['separate', 'in_vm'] as const),
    ref,
    sha256: check.string(o.sha256, 'addon sha256'),
  };
  if (o.alias !== undefined) ir.alias = check.identifier(o.alias, 'addon alias');
  const params = o.params !== undefined ? check.jsonObject(o.params, 'addon params') : {};
  if (Object.keys(params).length) ir.params = params;
  if (o.hooks !== undefined) {
    if (!check.isPlainObject(o.hooks)) fail(`addon hooks must be an object of phase -> commands, got ${check.typeName(o.hooks)}`);
    for (const phase of Object.keys(o.hooks)) {
      if (!(HOOK_OPTIONS as readonly string[]).includes(phase))
        fail(`addon hooks phase ${check.repr(phase)} must be one of ${HOOK_OPTIONS.join(', ')}`);
    }
    const hooks = hooksObject(o.hooks);
    if (Object.keys(hooks).length) ir.hooks = hooks;
  }
  return new Spec('addon_use', ir);
}
