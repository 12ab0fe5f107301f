/**
 * Plugin options (the `options` object of the `@mvmforge/nx` entry in nx.json), normalized once so
 * every consumer sees the same defaults.
 */
export interface MvmforgePluginOptions {
  /** Glob of workload entry files; only files that import mvmforge become projects. */
  entryGlob?: string;
  emitTargetName?: string;
  compileTargetName?: string;
  flakeCheckTargetName?: string;
  upTargetName?: string;
  /** Workspace-relative directory under which every workload's outputs live (git-ignored). */
  artifactDir?: string;
  /** Project names by project root, overriding the folder basename / project.json / package.json. */
  projectNames?: Record<string, string>;
  /**
   * Extra inputs of `compile`, for a workspace that develops the compiler itself (e.g.
   * `{workspaceRoot}/libs/codegen/src/**` + `/*.ts`): Nx hashes an executor from node_modules by
   * its package version, but a workspace-local toolchain's source edits are otherwise invisible.
   */
  compileExtraInputs?: string[];
  /**
   * Extra inputs of `emit` (default none), for a workspace that develops the Python SDK itself
   * (this repo: `{workspaceRoot}/libs/sdk-python/python/**` + `/*.py`): an installed SDK is seen
   * through `python3 --version` / `MVMFORGE_PYTHON`, a workspace-local one only through its files.
   */
  emitExtraInputs?: string[];
  /**
   * Roots of projects every workload depends on (default none), e.g. the SDK and compiler projects
   * of a workspace that develops them (this repo: `libs/sdk-python`, `libs/codegen`), so editing
   * them marks every workload affected. A root with no project adds no edge.
   */
  workloadDependencyRoots?: string[];
}

export type NormalizedPluginOptions = Required<MvmforgePluginOptions>;

/** app.py for the Python SDK, app.ts / app.mts / app.js / app.mjs for the TypeScript one. */
export const DEFAULT_ENTRY_GLOB = '**/app.{py,ts,mts,js,mjs}';
export const DEFAULT_ARTIFACT_DIR = 'dist/mvmforge';

/**
 * Normalized options by the raw options object Nx hands every createNodes / createDependencies
 * call: Nx passes the same object for every file of one run, so each plugin entry is normalized
 * once, not once per file and consumer (issue 13 item 5). Frozen because it is shared.
 */
const normalizedCache = new WeakMap<object, NormalizedPluginOptions>();
const NORMALIZED_DEFAULTS_KEY = {};

export function normalizeOptions(options: MvmforgePluginOptions | undefined): NormalizedPluginOptions {
  const key = options ?? NORMALIZED_DEFAULTS_KEY;
  const cached = normalizedCache.get(key);
  if (cached !== undefined) return cached;
  const normalized = deepFreeze(normalizeUncached(options ?? {}));
  normalizedCache.set(key, normalized);
  return normalized;
}

function normalizeUncached(o: MvmforgePluginOptions): NormalizedPluginOptions {
  return {
    entryGlob: o.entryGlob ?? DEFAULT_ENTRY_GLOB,
    emitTargetName: o.emitTargetName ?? 'emit',
    compileTargetName: o.compileTargetName ?? 'compile',
    flakeCheckTargetName: o.flakeCheckTargetName ?? 'flake-check',
    upTargetName: o.upTargetName ?? 'up',
    artifactDir: trimSlashes(o.artifactDir ?? DEFAULT_ARTIFACT_DIR),
    projectNames: { ...(o.projectNames ?? {}) },
    compileExtraInputs: [...(o.compileExtraInputs ?? [])],
    emitExtraInputs: [...(o.emitExtraInputs ?? [])],
    workloadDependencyRoots: (o.workloadDependencyRoots ?? []).map(trimSlashes),
  };
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const v of Object.values(value)) if (v !== null && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}

function trimSlashes(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
}
