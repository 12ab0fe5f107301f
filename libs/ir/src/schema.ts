import './zod-locales';
import { z } from 'zod';
import { emitRules, type EmitRule } from './emit-rules';
import { irMap, restoreJson } from './proto-keys';

/**
 * The one declaration of Workload IR v0 (ir-v0 §4), modelled on upstream's serde structs
 * (tinylabscom/mvm crates/mvm-contract/src/ir/workload.rs@201aa42e: `#[serde(default)]`,
 * `skip_serializing_if`). From these schemas come:
 * - the shape check of `parseWorkload` (issues become E_UNKNOWN_FIELD / E_MALFORMED_MANIFEST);
 * - the typed model (`model.ts` is `z.output` of them) with every default filled and every
 *   nullable-without-default field `null` when absent (`.default(null)`);
 * - the emit rules of normalization (ir-v0 §5): a field is written always, unless it carries an
 *   `omit*` rule below (the registry in emit-rules.ts; normalize.ts walks the schema);
 * - the published JSON Schema (json-schema.ts, input mode).
 * Maps and open JSON values go through `irMap`/`AnyJson`, which restore `__proto__` keys into
 * null-prototype objects (zod cannot: see proto-keys.ts).
 */

/** Tags a field schema with its ir-v0 §5 emit rule (the schema itself is returned unchanged). */
const rule = <T extends z.ZodType>(schema: T, omit: EmitRule): T => {
  emitRules.add(schema, { omit });
  return schema;
};
/** Omitted when null (serde `skip_serializing_if = "Option::is_none"`). */
const omitNull = <T extends z.ZodType>(schema: T) => rule(schema, 'null');
/** Omitted when an empty list/object after normalization (`Vec::is_empty`, `Hooks::is_empty`). */
const omitEmpty = <T extends z.ZodType>(schema: T) => rule(schema, 'empty');
/** Omitted when equal to its default (`ThreatTier::is_default`). */
const omitDefault = <T extends z.ZodType>(schema: T) => rule(schema, 'default');

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const uint = (max: number, name: string) => z.number().int().min(0).max(max).meta({ description: name });
export const U16 = uint(65_535, 'u16');
export const U32 = uint(4_294_967_295, 'u32');
export const U64 = uint(MAX_SAFE, 'u64 (at most 2^53-1, mvmforge decision d)');
export const USize = uint(MAX_SAFE, 'usize (at most 2^53-1, mvmforge decision d)');

/** Any JSON value (open value); must be present when required. Integer-only is enforced by the JSON reader. */
export const AnyJson = z.json().transform(restoreJson).meta({ description: 'any JSON value (integers only)' });
/** A JSON Schema: any JSON object (open). */
export const JsonSchemaObject = irMap(AnyJson).meta({ description: 'JSON Schema object (open)' });

const strings = z.array(z.string());

export const VolumeSchema = z.strictObject({ name: z.string(), size_mb: U32, persist: z.boolean() });

export const ResourcesSchema = z.strictObject({ cpu_cores: U16, memory_mb: U32, rootfs_size_mb: U32 });

export const MaterializedFileSchema = z.strictObject({
  path: z.string(),
  bytes_b64: z.string(),
  mode: omitNull(z.string().nullable().default(null)),
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
  sigv4: Sigv4Schema.nullable().default(null),
});

export const EnvValueSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('literal'), value: z.string() }),
  z.strictObject({ kind: z.literal('secret_ref'), ref: SecretRefSchema }),
]);

export const EnvMapSchema = irMap(EnvValueSchema);

export const ConcurrencySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('warm_process'),
    max_calls_per_worker: U64,
    max_rss_mb: U64,
    pool_size: USize,
    in_process: z.enum(['serial', 'concurrent']),
    max_queue_depth: omitNull(USize.nullable().default(null)),
  }),
]);

export const CommandEntrypointSchema = z.strictObject({
  kind: z.literal('command'),
  command: strings,
  working_dir: z.string().default('/app'),
  env: EnvMapSchema.prefault({}),
});

export const FunctionEntrypointSchema = z.strictObject({
  kind: z.literal('function'),
  language: z.string(),
  module: z.string(),
  function: z.string(),
  format: z.enum(['json', 'msgpack']),
  working_dir: z.string().default('/app'),
  env: EnvMapSchema.prefault({}),
  args_schema: omitNull(JsonSchemaObject.nullable().default(null)),
  return_schema: omitNull(JsonSchemaObject.nullable().default(null)),
  extra_imports: omitEmpty(strings.default([])),
  primary: z.boolean().default(false),
  concurrency: omitNull(ConcurrencySchema.nullable().default(null)),
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
  egress: omitNull(EgressSchema.nullable().default(null)),
  peers: omitEmpty(strings.default([])),
  dns: omitNull(DnsSchema.nullable().default(null)),
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

const phase = () => omitEmpty(z.array(HookCmdSchema).default([]));
export const HooksSchema = z.strictObject({
  before_build: phase(),
  before_start: phase(),
  after_start: phase(),
  before_stop: phase(),
});
/** A fresh empty Hooks value per use (a shared default would be one mutable object for every parse). */
const emptyHooks = () => ({ before_build: [], before_start: [], after_start: [], before_stop: [] });

export const AddonRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('registry'), url: z.string(), version: z.string() }),
  z.strictObject({ kind: z.literal('local'), path: z.string() }),
]);

export const AddonUseSchema = z.strictObject({
  name: z.string(),
  alias: omitNull(z.string().nullable().default(null)),
  tier: z.enum(['separate', 'in_vm']),
  ref: AddonRefSchema,
  sha256: z.string(),
  params: omitEmpty(irMap(AnyJson).prefault({})),
  hooks: omitEmpty(HooksSchema.default(emptyHooks)),
});

export const AppSchema = z.strictObject({
  name: z.string(),
  source: SourceSchema,
  image: ImageSchema,
  entrypoints: z.array(EntrypointSchema),
  env: EnvMapSchema.prefault({}),
  mounts: z.array(MountSchema).prefault([]),
  network: NetworkSchema.nullable().default(null),
  resources: ResourcesSchema,
  dependencies: DependenciesSchema.nullable().default(null),
  threat_tier: omitDefault(z.enum(['untrusted', 'trusted']).default('untrusted')),
  addons: omitEmpty(z.array(AddonUseSchema).prefault([])),
  hooks: omitEmpty(HooksSchema.default(emptyHooks)),
  files: omitEmpty(z.array(MaterializedFileSchema).default([])),
  health_check: omitNull(HealthCheckSchema.nullable().default(null)),
});

export const WorkloadSchema = z
  .strictObject({
    schema_version: z.string(),
    id: z.string(),
    apps: z.array(AppSchema),
    volumes: z.array(VolumeSchema).default([]),
    extensions: irMap(AnyJson).prefault({}),
  })
  .meta({ title: 'mvmforge Workload IR v0', description: 'Workload IR v0 document (mvmforge ir-v0.md §4)' });
