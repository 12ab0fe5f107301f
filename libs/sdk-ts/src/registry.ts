/**
 * Declared state: workload, app, func and assembling the IR (python-sdk.md §2, §3.1–§3.3, §3.11).
 * Declarations keep their author call site, so problems found only when the whole document is
 * assembled (a missing workload id, a repeated app name) still point at the right line.
 */
import { basename, extname, isAbsolute, relative, sep } from 'node:path';
import * as check from './check';
import type { JsonObject } from './check';
import { callerSite, DeclarationError, fail, type CallSite } from './errors';
import * as model from './model';
import type {
  AddonUse,
  Dependencies,
  Entrypoint,
  Env,
  FunctionEntryOptions,
  HealthCheck,
  Hooks,
  Image,
  IrObject,
  MaterializedFile,
  Mount,
  Network,
  Resources,
  Source,
  VolumeDef,
} from './model';

/** The IR schema version every SDK emits. */
export const SCHEMA_VERSION = '0.1';

/** `"untrusted"` (default) or `"trusted"`. */
export type ThreatTier = 'untrusted' | 'trusted';

/** App-level options shared by {@link app} and {@link func}. */
export interface AppLevelOptions extends Hooks {
  /** The image (default `pythonImage("3.12")` for `app`, `nodeImage("22")` for `func`). */
  image?: Image;
  /** The source bundle (default `localPath(".")`). */
  source?: Source;
  /** VM resources (default `resources()`: 1 / 256 / 512). */
  resources?: Resources;
  /** App env. */
  env?: Env;
  /** Mounts (`volume`, `hostPath`, `tmpfs`, `externalMount`). */
  mounts?: readonly Mount[];
  /** Networking (default: none, emitted as `null`). */
  network?: Network;
  /** Dependencies (default `noDeps()` when any entrypoint is a function, else none). */
  dependencies?: Dependencies;
  /** Threat tier (default `"untrusted"`). */
  threatTier?: ThreatTier;
  /** Addons (`addonUse(...)`). */
  addons?: readonly AddonUse[];
  /** Files materialized in the guest (`file(...)`). */
  files?: readonly MaterializedFile[];
  /** A health check (`healthCheck(...)`). */
  healthCheck?: HealthCheck;
}

/** Options of {@link app}: exactly one of `entrypoint` and `entrypoints`. */
export interface AppOptions extends AppLevelOptions {
  /** The app name (default: the workload id). */
  name?: string;
  /** The one entrypoint. */
  entrypoint?: Entrypoint;
  /** Several entrypoints (non-empty). */
  entrypoints?: readonly Entrypoint[];
}

/** Options of {@link func}. */
export interface FuncOptions extends FunctionEntryOptions, AppLevelOptions {
  /** The app name (default: the function's name in kebab-case, `callApi` → `call-api`). */
  name?: string;
  /** The guest module (default: the defining file's path relative to the entry, without extension). */
  module?: string;
  /** The function name in the guest (default: the function's `name`). */
  function?: string;
  /** Entrypoint-level env. */
  entrypointEnv?: Env;
  /** Primary entrypoint (default: true for the first `func` of an app name, false after). */
  primary?: boolean;
}

/** Options of {@link workload}. */
export interface WorkloadOptions {
  /** Volume definitions (`volumeDef(...)`). */
  volumes?: readonly VolumeDef[];
  /** Open extension data (JSON, integers only). */
  extensions?: JsonObject;
}

/** What {@link app} returns: an opaque handle on one declared app. */
export class AppHandle {
  /** @internal */
  constructor(
    /** @internal undefined: the workload id, resolved when the IR is built */
    readonly declaredName: string | undefined,
    /** @internal */ readonly body: IrObject,
    /** @internal */ readonly entrypoints: IrObject[],
    /** @internal */ readonly site: CallSite | undefined,
  ) {}

  /** The declared name (undefined: the workload id). */
  get name(): string | undefined {
    return this.declaredName;
  }
}

interface State {
  workload?: { id: string; volumes: IrObject[]; extensions: JsonObject; site: CallSite | undefined };
  apps: AppHandle[];
  funcApps: Map<string, AppHandle>;
  entryDir?: string;
}

let state: State = { apps: [], funcApps: new Map() };

/** Clears every declaration (for tests, and before the emitter loads an entry). */
export function reset(): void {
  state = { apps: [], funcApps: new Map() };
}

/**
 * @internal The emitter tells the SDK where the entry lives, so a `func`'s default module is its
 * file's path relative to the entry's directory.
 */
export function setEntryDirectory(dir: string | undefined): void {
  state.entryDir = dir;
}

function where(site: CallSite | undefined): string {
  return site ? `${site.file}:${site.line}` : 'unknown location';
}

// --- workload ------------------------------------------------------------------------------------

/** Declares the workload (at most once). */
export function workload(id: string, opts?: WorkloadOptions): void {
  const site = callerSite();
  if (state.workload) fail(`mv.workload(...) may be called only once (first call at ${where(state.workload.site)})`);
  check.identifier(id, 'workload id');
  const o = (opts ?? {}) as Record<string, unknown>;
  if (!check.isPlainObject(o)) fail(`workload options must be an object, got ${check.typeName(o)}`);
  const volumes = (o.volumes !== undefined ? check.sequence(o.volumes, 'volumes') : []).map((v, i) =>
    model.expect(v, 'volume_def', `volumes[${i}]`, 'mv.volumeDef(...)').ir(),
  );
  const extensions = o.extensions !== undefined ? check.jsonObject(o.extensions, 'extensions') : {};
  state.workload = { id, volumes, extensions, site };
}

// --- app-level options ---------------------------------------------------------------------------

const APP_LEVEL_KEYS = [
  'image',
  'source',
  'resources',
  'env',
  'mounts',
  'network',
  'dependencies',
  'threatTier',
  'addons',
  'files',
  'healthCheck',
  'beforeBuild',
  'beforeStart',
  'afterStart',
  'beforeStop',
] as const;

function appBody(o: Record<string, unknown>, defaultImage: () => IrObject, defaultDependencies: IrObject | null): IrObject {
  const body: IrObject = {
    image:
      o.image !== undefined
        ? model.expect(o.image, 'image', 'image', 'mv.pythonImage(...), mv.nodeImage(...), mv.nixPackages(...), …').ir()
        : defaultImage(),
    source: o.source !== undefined ? model.expect(o.source, 'source', 'source', 'mv.localPath(...)').ir() : model.localPath('.').ir(),
    resources:
      o.resources !== undefined ? model.expect(o.resources, 'resources', 'resources', 'mv.resources(...)').ir() : model.resources().ir(),
    env: model.envMap(o.env, 'env'),
    mounts: (o.mounts !== undefined ? check.sequence(o.mounts, 'mounts') : []).map((m, i) =>
      model.expect(m, 'mount', `mounts[${i}]`, 'mv.volume/hostPath/tmpfs/externalMount(...)').ir(),
    ),
    network: o.network !== undefined ? model.expect(o.network, 'network', 'network', 'mv.network(...)').ir() : null,
  };
  body.dependencies =
    o.dependencies !== undefined
      ? model.expect(o.dependencies, 'dependencies', 'dependencies', 'mv.pythonDeps(...), mv.nodeDeps(...) or mv.noDeps()').ir()
      : defaultDependencies;
  const tier = check.oneOf(o.threatTier ?? 'untrusted', 'threatTier', ['untrusted', 'trusted'] as const);
  if (tier !== 'untrusted') body.threat_tier = tier;
  const addons = (o.addons !== undefined ? check.sequence(o.addons, 'addons') : []).map((a, i) =>
    model.expect(a, 'addon_use', `addons[${i}]`, 'mv.addonUse(...)').ir(),
  );
  if (addons.length) body.addons = addons;
  const hooks = model.hooksObject(o);
  if (Object.keys(hooks).length) body.hooks = hooks;
  const files = (o.files !== undefined ? check.sequence(o.files, 'files') : []).map((f, i) =>
    model.expect(f, 'file', `files[${i}]`, 'mv.file(...)').ir(),
  );
  if (files.length) body.files = files;
  if (o.healthCheck !== undefined)
    body.health_check = model.expect(o.healthCheck, 'health_check', 'healthCheck', 'mv.healthCheck(...)').ir();
  return body;
}

const APP_KEYS = new Set<string>(['name', 'entrypoint', 'entrypoints', ...APP_LEVEL_KEYS]);
const FUNC_KEYS = new Set<string>([
  'name',
  'module',
  'function',
  'language',
  'format',
  'workingDir',
  'entrypointEnv',
  'argsSchema',
  'returnSchema',
  'extraImports',
  'primary',
  'concurrency',
  ...APP_LEVEL_KEYS,
]);

/** Unknown options are a mistake (a typo would otherwise be silently ignored by plain JavaScript). */
function knownOptions(value: unknown, what: string, allowed: Set<string>): Record<string, unknown> {
  if (value === undefined) return {};
  if (!check.isPlainObject(value)) fail(`${what} options must be an object, got ${check.typeName(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) fail(`${what}(...) got an unknown option ${check.repr(key)}`);
  }
  return value;
}

// --- app -----------------------------------------------------------------------------------------

/**
 * Declares an app: `app({ entrypoint, ... })` or `app("name", { entrypoint, ... })`. Exactly one of
 * `entrypoint` / `entrypoints` is required.
 */
export function app(opts: AppOptions): AppHandle;
export function app(name: string, opts: Omit<AppOptions, 'name'>): AppHandle;
export function app(nameOrOpts: string | AppOptions, maybeOpts?: Omit<AppOptions, 'name'>): AppHandle {
  const site = callerSite();
  let o: Record<string, unknown>;
  let name: unknown;
  if (typeof nameOrOpts === 'string') {
    o = knownOptions(maybeOpts, 'mv.app', APP_KEYS);
    if (o.name !== undefined) fail('mv.app(name, {...}) must not repeat name in the options');
    name = nameOrOpts;
  } else {
    o = knownOptions(nameOrOpts, 'mv.app', APP_KEYS);
    name = o.name;
  }
  if (name !== undefined) check.identifier(name, 'app name');
  if ((o.entrypoint === undefined) === (o.entrypoints === undefined)) fail('mv.app(...) needs exactly one of entrypoint or entrypoints');
  const what = 'mv.entrypoint(...) or mv.entrypointFunction(...)';
  let eps: IrObject[];
  if (o.entrypoint !== undefined) eps = [model.expect(o.entrypoint, 'entrypoint', 'entrypoint', what).ir()];
  else {
    eps = check.sequence(o.entrypoints, 'entrypoints').map((ep, i) => model.expect(ep, 'entrypoint', `entrypoints[${i}]`, what).ir());
    if (eps.length === 0) fail('entrypoints must contain at least one entrypoint');
  }
  const hasFunction = eps.some((ep) => ep.kind === 'function');
  const body = appBody(o, () => model.pythonImage('3.12').ir(), hasFunction ? model.noDeps().ir() : null);
  checkUniqueName(name as string | undefined, site);
  const handle = new AppHandle(name as string | undefined, body, eps, site);
  state.apps.push(handle);
  return handle;
}

function checkUniqueName(name: string | undefined, site: CallSite | undefined): void {
  if (name === undefined) return;
  const other = state.apps.find((a) => a.declaredName === name);
  if (other) fail(`an app named ${check.repr(name)} is already declared at ${where(other.site)}`, site);
}

// --- func ----------------------------------------------------------------------------------------

/** A function `func` can wrap. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

/** `callApi`, `call_api`, `CallAPI` → `call-api`, `call-api`, `call-api`. */
export function defaultAppName(fnName: string): string {
  return fnName
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/_/g, '-');
}

function defaultModule(site: CallSite | undefined): string {
  if (!site) return 'app';
  const withoutExt = site.file.slice(0, site.file.length - extname(site.file).length);
  const dir = state.entryDir;
  if (dir) {
    const rel = relative(dir, withoutExt);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return basename(withoutExt);
}

/**
 * Registers a `function` entrypoint for `fn` and returns `fn` unchanged (the module stays importable
 * and testable): `export const add = mv.func({ ... }, function add(a, b) { ... })`, or curried
 * `mv.func({ ... })(fn)`. A second `func` with the same app name adds another entrypoint to the same
 * app; app-level options may only be given on the first.
 */
export function func<F extends AnyFunction>(fn: F): F;
export function func<F extends AnyFunction>(opts: FuncOptions, fn: F): F;
export function func(opts: FuncOptions): <F extends AnyFunction>(fn: F) => F;
export function func<F extends AnyFunction>(optsOrFn: FuncOptions | F, maybeFn?: F): F | (<G extends AnyFunction>(fn: G) => G) {
  const site = callerSite();
  if (typeof optsOrFn === 'function') return register(optsOrFn, {}, site);
  const o = knownOptions(optsOrFn, 'mv.func', FUNC_KEYS);
  // Entry-level options are checked now, at the func(...) line, before the function is known.
  if (o.name !== undefined) check.identifier(o.name, 'function app name');
  if (o.primary !== undefined) check.boolean(o.primary, 'primary');
  if (o.module !== undefined) check.string(o.module, 'module');
  if (o.function !== undefined) check.string(o.function, 'function');
  if (maybeFn !== undefined) return register(maybeFn, o, site);
  return <G extends AnyFunction>(fn: G): G => register(fn, o, site);
}

function register<F>(fn: F, o: Record<string, unknown>, site: CallSite | undefined): F {
  if (typeof fn !== 'function') fail(`mv.func(...) must wrap a function, got ${check.typeName(fn)}`, site);
  try {
    let appName = o.name as string | undefined;
    if (appName === undefined) {
      if (!fn.name) fail('mv.func(...) needs name for an anonymous function; pass { name: "..." }');
      appName = defaultAppName(fn.name);
      if (!check.ID_RE.test(appName)) {
        fail(`app name ${check.repr(appName)} derived from function ${check.repr(fn.name)} must match ${check.ID_PATTERN}; pass name`);
      }
    }
    const existing = state.funcApps.get(appName);
    const ep = model
      .entrypointFunction((o.module as string | undefined) ?? defaultModule(site), (o.function as string | undefined) ?? fn.name, {
        language: (o.language as string | undefined) ?? 'node',
        format: o.format as FunctionEntryOptions['format'],
        workingDir: o.workingDir as string | undefined,
        env: o.entrypointEnv as Env | undefined,
        argsSchema: o.argsSchema as JsonObject | undefined,
        returnSchema: o.returnSchema as JsonObject | undefined,
        extraImports: o.extraImports as string[] | undefined,
        concurrency: o.concurrency as FunctionEntryOptions['concurrency'],
        primary: (o.primary as boolean | undefined) ?? existing === undefined,
      })
      .ir();
    if (existing) {
      const given = APP_LEVEL_KEYS.filter((k) => o[k] !== undefined);
      if (given.length) {
        fail(
          `app-level option(s) ${[...given].sort().join(', ')} may only be given on the first mv.func({ name: ${check.repr(appName)} })`,
        );
      }
      existing.entrypoints.push(ep);
      return fn;
    }
    checkUniqueName(appName, site);
    const body = appBody(o, () => model.nodeImage('22').ir(), model.noDeps().ir());
    const handle = new AppHandle(appName, body, [ep], site);
    state.apps.push(handle);
    state.funcApps.set(appName, handle);
    return fn;
  } catch (err) {
    // Checks made while registering would otherwise point inside whatever called register; report
    // them at the func(...) line the author wrote.
    if (err instanceof DeclarationError && site) throw new DeclarationError(err.detail, site);
    throw err;
  }
}

// --- building the document -----------------------------------------------------------------------

/** The normalized IR of everything declared (python-sdk.md §3.11, §4). */
export function buildIr(): IrObject {
  const decl = state.workload;
  if (!decl && state.apps.length === 0) throw new DeclarationError('no workload declared');
  let workloadId: string;
  if (decl) workloadId = decl.id;
  else {
    const first = state.apps[0]!;
    if (first.declaredName === undefined) {
      fail('this app has no name and there is no mv.workload(...) to take it from; declare mv.workload("<id>") or pass a name', first.site);
    }
    workloadId = first.declaredName;
  }
  if (state.apps.length === 0) fail(`workload ${check.repr(workloadId)} declares no app; add mv.app(...) or mv.func(...)`, decl!.site);
  const seen = new Map<string, CallSite | undefined>();
  const apps = state.apps.map((handle) => {
    const name = handle.declaredName ?? workloadId;
    if (seen.has(name)) fail(`an app named ${check.repr(name)} is already declared at ${where(seen.get(name))}`, handle.site);
    seen.set(name, handle.site);
    return { ...structuredClone(handle.body), name, entrypoints: structuredClone(handle.entrypoints) };
  });
  return {
    schema_version: SCHEMA_VERSION,
    id: workloadId,
    apps,
    volumes: decl ? structuredClone(decl.volumes) : [],
    extensions: decl ? structuredClone(decl.extensions) : {},
  };
}
