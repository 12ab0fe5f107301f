/**
 * `@mvmforge/sdk` — declare a microVM workload in TypeScript or JavaScript.
 *
 * ```ts
 * import * as mv from '@mvmforge/sdk';
 *
 * mv.workload('hello');
 * mv.app({ image: mv.nodeImage('22'), entrypoint: mv.entrypoint(['node', 'main.js']) });
 * ```
 *
 * The host runs `mvmforge emit app.ts` to obtain the Workload IR: the same authoring surface,
 * defaults, checks and bytes as the Python SDK (python-sdk.md), with camelCase names and option
 * objects instead of keyword arguments. No runtime dependencies; the SDK never talks to mvm, Nix
 * or the network.
 */
import { canonicalJson } from './canonical';
import { buildIr } from './registry';

/** The mvmforge toolchain version (launch.json.toolchain_version); a test keeps it equal to libs/ir. */
export const VERSION = '0.1.0';

/** The normalized IR as canonical JSON text (sorted keys, no whitespace, UTF-8 characters raw). */
export function emitJson(): string {
  return canonicalJson(buildIr());
}

export { DeclarationError } from './errors';
export type { CallSite } from './errors';
export type { JsonObject, JsonValue } from './check';
export { SCHEMA_VERSION, app, buildIr, func, reset, workload, defaultAppName, setEntryDirectory, AppHandle } from './registry';
export type { AnyFunction, AppLevelOptions, AppOptions, FuncOptions, ThreatTier, WorkloadOptions } from './registry';
export {
  Spec,
  SecretSpec,
  localPath,
  nixDerivation,
  ociImage,
  nixPackages,
  pythonImage,
  nodeImage,
  ociBase,
  entrypoint,
  entrypointFunction,
  resources,
  warmProcess,
  literal,
  secret,
  sigv4,
  volume,
  hostPath,
  tmpfs,
  externalMount,
  volumeDef,
  network,
  customNetwork,
  port,
  egress,
  hostPort,
  dnsNone,
  dnsSystem,
  dnsResolver,
  pythonDeps,
  nodeDeps,
  noDeps,
  hook,
  file,
  healthCheck,
  addonUse,
} from './model';
export type {
  AddonUse,
  AddonUseOptions,
  AuthType,
  Concurrency,
  CustomNetworkMode,
  Dependencies,
  Dns,
  Egress,
  Entrypoint,
  EntrypointFunctionOptions,
  EntrypointOptions,
  Env,
  EnvValue,
  FileOptions,
  Format,
  FunctionEntryOptions,
  HealthCheck,
  HealthCheckOptions,
  Hook,
  HookCommand,
  HookPhase,
  Hooks,
  HostPort,
  Image,
  ImageOptions,
  IrObject,
  Literal,
  LocalPathOptions,
  MaterializedFile,
  Mount,
  MountMode,
  MountOptions,
  Network,
  NetworkModeName,
  NetworkOptions,
  NodeDepsOptions,
  Port,
  PortOptions,
  PythonDepsOptions,
  Resources,
  ResourcesOptions,
  Secret,
  SecretOptions,
  Sigv4,
  Source,
  VolumeDef,
  VolumeDefOptions,
  WarmProcessOptions,
} from './model';
