import { z } from 'zod';

/**
 * zod 4 schemas for every IR v0 type (ir-v0 §4). They are the shape check of `parseWorkload` (their
 * issues become E_UNKNOWN_FIELD / E_MALFORMED_MANIFEST diagnostics) and the source of the published
 * JSON Schema. Their parse *output* is not used as the typed model: defaults and emit rules are
 * applied by explicit code (build-model.ts, normalize.ts) so that map keys such as `__proto__`
 * survive and normalization removes what defaults added (ir-v0 §5).
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const uint = (max: number, name: string) => z.number().int().min(0).max(max).meta({ description: name });
export const U16 = uint(65_535, 'u16');
export const U32 = uint(4_294_967_295, 'u32');
export const U64 = uint(MAX_SAFE, 'u64 (at most 2^53-1, mvmforge decision d)');
export const USize = uint(MAX_SAFE, 'usize (at most 2^53-1, mvmforge decision d)');

/** Any JSON value (open value); must be present when required. Integer-only is enforced by the JSON reader. */
export const AnyJson = z.json().meta({ description: 'any JSON value (integers only)' });
/** A JSON Schema: any JSON object (open). */
export const JsonSchemaObject = z.record(z.string(), AnyJson).meta({ description: 'JSON Schema object (open)' });

const strings = z.array(z.string());

export const VolumeSchema = z.strictObject({ name: z.string(), size_mb: U32, persist: z.boolean() });

export const ResourcesSchema = z.strictObject({ cpu_cores: U16, memory_mb: U32, rootfs_size_mb: U32 });

export const MaterializedFileSchema = z.strictObject({
  path: z.string(),
  bytes_b64: z.string(),
  mode: z.string().nullable().optional(),
});

export const HealthCheckSchema = z.strictObject({
  command: strings,
  interval_secs: U32.default(30),
  timeout_secs: U32.default(5),
  retries: U32.default(3),
  start_period_secs: U32.default(0),
});

export const SourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('local_path'),
    path: z.string(),
    include: strings.default(['**']),
    exclude: strings.default([]),
  }),
  z.strictObject({ kind: z.literal('nix_derivation'), expr: z.string() }),
  z.strictObject({ kind: z.literal('oci_image'), reference: z.string(), digest: z.string() }),
]);

export const ImageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('nix_packages'), packages: strings }),
  z.strictObject({ kind: z.literal('oci_base'), reference: z.string(), digest: z.string() }),
]);

export const Sigv4Schema = z.strictObject({ access_key_id: z.string(), region: z.string(), service: z.string() });

export const SecretMountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('env'), var: z.string() }),
  z.strictObject({ kind: z.literal('file'), path: z.string() }),
]);

export const SecretRefSchema = z.strictObject({
  name: z.string(),
  mount: SecretMountSchema,
  auth_type: z.enum(['sigv4', 'hmac', 'bearer', 'basic']),
  allowed_hosts: strings,
  sigv4: Sigv4Schema.nullable().optional(),
});

export const EnvValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('literal'), value: z.string() }),
  z.strictObject({ kind: z.literal('secret_ref'), ref: SecretRefSchema }),
]);

export const EnvMapSchema = z.record(z.string(), EnvValueSchema);

export const ConcurrencySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('warm_process'),
    max_calls_per_worker: U64,
    max_rss_mb: U64,
    pool_size: USize,
    in_process: z.enum(['serial', 'concurrent']),
    max_queue_depth: USize.nullable().optional(),
  }),
]);

export const CommandEntrypointSchema = z.strictObject({
  kind: z.literal('command'),
  command: strings,
  working_dir: z.string().default('/app'),
  env: EnvMapSchema.default({}),
});

export const FunctionEntrypointSchema = z.strictObject({
  kind: z.literal('function'),
  language: z.string(),
  module: z.string(),
  function: z.string(),
  format: z.enum(['json', 'msgpack']),
  working_dir: z.string().default('/app'),
  env: EnvMapSchema.default({}),
  args_schema: JsonSchemaObject.nullable().optional(),
  return_schema: JsonSchemaObject.nullable().optional(),
  extra_imports: strings.default([]),
  primary: z.boolean().default(false),
  concurrency: ConcurrencySchema.nullable().optional(),
});

export const EntrypointSchema = z.discriminatedUnion('kind', [CommandEntrypointSchema, FunctionEntrypointSchema]);

export const MountSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('volume'), name: z.string() }),
  z.strictObject({ kind: z.literal('host_path'), path: z.string() }),
  z.strictObject({ kind: z.literal('tmpfs'), size_mb: U32 }),
  z.strictObject({ kind: z.literal('external'), provider: z.string(), config: AnyJson }),
]);

export const MountSchema = z.strictObject({ target: z.string(), source: MountSourceSchema, mode: z.enum(['ro', 'rw']) });

export const NETWORK_MODE_NAMES = ['none', 'bridge', 'host'] as const;

/** Externally tagged (ir-v0 §4.10): a plain string or exactly `{"custom":{…}}`. */
export const NetworkModeSchema = z.union([
  z.enum(NETWORK_MODE_NAMES),
  z.strictObject({ custom: z.strictObject({ provider: z.string(), config: AnyJson }) }),
]);

export const PortForwardSchema = z.strictObject({ guest: U16, host: U16, proto: z.enum(['tcp', 'udp']) });
export const HostPortSchema = z.strictObject({ host: z.string(), port: U16 });
export const EgressSchema = z.strictObject({ allowlist: z.array(HostPortSchema) });

export const DnsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('system') }),
  z.strictObject({ kind: z.literal('resolver'), host: z.string(), port: U16 }),
]);

export const NetworkSchema = z.strictObject({
  mode: NetworkModeSchema,
  ports: z.array(PortForwardSchema).default([]),
  egress: EgressSchema.nullable().optional(),
  peers: strings.default([]),
  dns: DnsSchema.nullable().optional(),
});

export const DependenciesSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('python'), lockfile: z.string(), tool: z.enum(['uv', 'pip_tools']) }),
  z.strictObject({ kind: z.literal('node'), lockfile: z.string(), tool: z.enum(['pnpm', 'npm', 'yarn']) }),
  z.strictObject({ kind: z.literal('none') }),
]);

export const HookCmdSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('shell'), line: z.string() }),
  z.strictObject({ kind: z.literal('argv'), argv: strings }),
]);

const phase = z.array(HookCmdSchema).default([]);
export const HooksSchema = z.strictObject({
  before_build: phase,
  before_start: phase,
  after_start: phase,
  before_stop: phase,
});

export const AddonRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('registry'), url: z.string(), version: z.string() }),
  z.strictObject({ kind: z.literal('local'), path: z.string() }),
]);

export const AddonUseSchema = z.strictObject({
  name: z.string(),
  alias: z.string().nullable().optional(),
  tier: z.enum(['separate', 'in_vm']),
  ref: AddonRefSchema,
  sha256: z.string(),
  params: z.record(z.string(), AnyJson).default({}),
  hooks: HooksSchema.default({ before_build: [], before_start: [], after_start: [], before_stop: [] }),
});

export const AppSchema = z.strictObject({
  name: z.string(),
  source: SourceSchema,
  image: ImageSchema,
  entrypoints: z.array(EntrypointSchema),
  env: EnvMapSchema.default({}),
  mounts: z.array(MountSchema).default([]),
  network: NetworkSchema.nullable().optional(),
  resources: ResourcesSchema,
  dependencies: DependenciesSchema.nullable().optional(),
  threat_tier: z.enum(['untrusted', 'trusted']).default('untrusted'),
  addons: z.array(AddonUseSchema).default([]),
  hooks: HooksSchema.default({ before_build: [], before_start: [], after_start: [], before_stop: [] }),
  files: z.array(MaterializedFileSchema).default([]),
  health_check: HealthCheckSchema.nullable().optional(),
});

export const WorkloadSchema = z
  .strictObject({
    schema_version: z.string(),
    id: z.string(),
    apps: z.array(AppSchema),
    volumes: z.array(VolumeSchema).default([]),
    extensions: z.record(z.string(), AnyJson).default({}),
  })
  .meta({ title: 'mvmforge Workload IR v0', description: 'Workload IR v0 document (mvmforge ir-v0.md §4)' });
