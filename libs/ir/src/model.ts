import type { z } from 'zod';
import type * as S from './schema';

/**
 * The typed Workload IR v0 model (ir-v0 §4) as `parseWorkload` returns it, inferred from the one
 * declaration in schema.ts (`z.output`): field names are the JSON keys, every default is filled,
 * and every nullable field is `null` when absent. Maps (`env`, `extensions`, `params`) and open
 * values are null-prototype objects so that any key, `__proto__` included, is an ordinary entry.
 * The names below are the package's public type names; `…Input` types are what a document may omit.
 */
export type { StringMap } from './proto-keys';

type Out<T extends z.ZodType> = z.output<T>;

export type Workload = Out<typeof S.WorkloadSchema>;
export type WorkloadInput = z.input<typeof S.WorkloadSchema>;
export type Volume = Out<typeof S.VolumeSchema>;
export type App = Out<typeof S.AppSchema>;
export type ThreatTier = App['threat_tier'];
export type Resources = Out<typeof S.ResourcesSchema>;
export type MaterializedFile = Out<typeof S.MaterializedFileSchema>;
export type HealthCheck = Out<typeof S.HealthCheckSchema>;

export type Source = Out<typeof S.SourceSchema>;
export type LocalPathSource = Extract<Source, { kind: 'local_path' }>;
export type NixDerivationSource = Extract<Source, { kind: 'nix_derivation' }>;
export type OciImageSource = Extract<Source, { kind: 'oci_image' }>;

export type Image = Out<typeof S.ImageSchema>;
export type NixPackagesImage = Extract<Image, { kind: 'nix_packages' }>;
export type OciBaseImage = Extract<Image, { kind: 'oci_base' }>;

export type Entrypoint = Out<typeof S.EntrypointSchema>;
export type CommandEntrypoint = Out<typeof S.CommandEntrypointSchema>;
export type FunctionEntrypoint = Out<typeof S.FunctionEntrypointSchema>;
export type FunctionFormat = FunctionEntrypoint['format'];
export type Concurrency = Out<typeof S.ConcurrencySchema>;

export type EnvValue = Out<typeof S.EnvValueSchema>;
export type LiteralEnvValue = Extract<EnvValue, { kind: 'literal' }>;
export type SecretRefEnvValue = Extract<EnvValue, { kind: 'secret_ref' }>;
export type EnvMap = Out<typeof S.EnvMapSchema>;
export type SecretRef = Out<typeof S.SecretRefSchema>;
export type SecretAuthType = SecretRef['auth_type'];
export type SecretMount = Out<typeof S.SecretMountSchema>;
export type Sigv4 = Out<typeof S.Sigv4Schema>;

export type Mount = Out<typeof S.MountSchema>;
export type MountMode = Mount['mode'];
export type MountSource = Out<typeof S.MountSourceSchema>;

export type NetworkMode = Out<typeof S.NetworkModeSchema>;
export type CustomNetworkMode = Extract<NetworkMode, object>;
export type Network = Out<typeof S.NetworkSchema>;
export type PortForward = Out<typeof S.PortForwardSchema>;
export type HostPort = Out<typeof S.HostPortSchema>;
export type Egress = Out<typeof S.EgressSchema>;
export type Dns = Out<typeof S.DnsSchema>;
export type Dependencies = Out<typeof S.DependenciesSchema>;

export type HookCmd = Out<typeof S.HookCmdSchema>;
export type Hooks = Out<typeof S.HooksSchema>;
export type HookPhase = keyof Hooks;
/** The hook phases in declaration order (the schema's key order). */
export const HOOK_PHASES = ['before_build', 'before_start', 'after_start', 'before_stop'] as const satisfies readonly HookPhase[];

export type AddonTier = AddonUse['tier'];
export type AddonRef = Out<typeof S.AddonRefSchema>;
export type AddonUse = Out<typeof S.AddonUseSchema>;
