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
}

export type NormalizedPluginOptions = Required<MvmforgePluginOptions>;

/** app.py for the Python SDK, app.ts / app.mts / app.js / app.mjs for the TypeScript one. */
export const DEFAULT_ENTRY_GLOB = '**/app.{py,ts,mts,js,mjs}';
export const DEFAULT_ARTIFACT_DIR = 'dist/mvmforge';

export function normalizeOptions(options: MvmforgePluginOptions | undefined): NormalizedPluginOptions {
  const o = options ?? {};
  return {
    entryGlob: o.entryGlob ?? DEFAULT_ENTRY_GLOB,
    emitTargetName: o.emitTargetName ?? 'emit',
    compileTargetName: o.compileTargetName ?? 'compile',
    flakeCheckTargetName: o.flakeCheckTargetName ?? 'flake-check',
    upTargetName: o.upTargetName ?? 'up',
    artifactDir: trimSlashes(o.artifactDir ?? DEFAULT_ARTIFACT_DIR),
    projectNames: o.projectNames ?? {},
    compileExtraInputs: o.compileExtraInputs ?? [],
  };
}

function trimSlashes(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
}
