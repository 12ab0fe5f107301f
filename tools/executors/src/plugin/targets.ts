/**
 * The inferred targets of one workload project, as plain data. This is the single place that
 * decides target names, executors, caching, inputs and outputs (nx-notes §3/§4); it is a pure
 * function so it can be golden-tested and so inference stays cheap.
 *
 * Every key here is repeated in every workload, and Nx serializes, merges and source-maps each one
 * (twice sent to plugin workers, written to .nx/workspace-data): at 2,000 workloads the metadata
 * alone cost ~0.15× of the graph (issue 12). So each target carries a one-line description and
 * nothing else a tool could derive (no `technologies`, no `help`): docs/decisions.md.
 */
import type { TargetConfiguration } from '@nx/devkit';
import { normalizeOptions, type MvmforgePluginOptions } from './options';

export const PLUGIN_PACKAGE = '@mvmforge/nx';

/**
 * How runtime inputs start Node: Nx runs each one on every run, warm runs included, and Node 20
 * parses NODE_EXTRA_CA_CERTS at start-up (~55 ms here, nodejs/node#40524) although these commands
 * open no TLS connection — the reason the `mvmforge` launcher withholds it too (apps/cli/bin).
 * `env -u` is POSIX-shell portable (GNU and busybox env alike); the text names no machine path.
 */
const RUNTIME_NODE = 'env -u NODE_EXTRA_CA_CERTS node';

/**
 * flake-check's key for the content behind MVMFORGE_MVM_FLAKE_URL (`mvm-input-key.ts`): constant for
 * a pinned URL, the locked narHashes for a mutable one (`path:`, `git+file:` without rev, a branch),
 * random when they cannot be determined. Nx runs runtime inputs from the workspace root, where the
 * plugin is installed as a direct dependency; plain words, no shell syntax (nx-notes §4).
 */
export const MVM_INPUT_KEY_RUNTIME = `${RUNTIME_NODE} node_modules/${PLUGIN_PACKAGE}/dist/executors/flake-check/mvm-input-key.js`;

/**
 * What an entry's emit depends on besides its files: the runtime that runs its SDK (issue 11). An
 * app.ts entry never depends on Python, whose absence must not break hashing in a TypeScript-only
 * workspace. The SDK sources themselves are `emitExtraInputs` (this repo), or the installed package.
 */
function sdkRuntimeInputs(entryFile: string): TargetConfiguration['inputs'] & unknown[] {
  if (/\.(?:ts|mts|cts|js|mjs|cjs)$/i.test(entryFile)) return [{ runtime: 'node --version' }];
  return [{ runtime: 'python3 --version' }, { env: 'MVMFORGE_PYTHON' }];
}

/** The workspace-relative output folder of a workload: `<artifactDir>/<projectRoot>`. */
export function workloadOutputDir(artifactDir: string, projectRoot: string): string {
  return projectRoot === '.' || projectRoot === '' ? artifactDir : `${artifactDir}/${projectRoot}`;
}

/** POSIX-shell single quoting: Nx runs a runtime input through the shell. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * emit's runtime input: resolved from the workspace (cwd), so the command text names no machine
 * path and the task hash stays portable.
 */
export function ignoredInputsCommand(artifactDir: string): string {
  return `${RUNTIME_NODE} -e "require('${PLUGIN_PACKAGE}/dist/executors/emit/ignored-inputs.js').main()" ${shellQuote(artifactDir)}`;
}

function workspaceGlob(dir: string): string {
  return dir === '.' ? '{workspaceRoot}/**/*' : `{workspaceRoot}/${dir}/**/*`;
}

export function buildWorkloadTargets(
  projectRoot: string,
  options?: MvmforgePluginOptions,
  entryFile = 'app.py',
  outsideSources: readonly string[] = [],
): Record<string, TargetConfiguration> {
  const o = normalizeOptions(options);
  // Options stay workspace-relative (no absolute paths: they are part of the task hash); the
  // executors resolve them against context.root. Outputs need the {workspaceRoot} token.
  const outDir = `${o.artifactDir}/{projectRoot}`;
  const irFile = `${outDir}/ir.json`;
  const sourceFile = `${outDir}/source.json`;
  const artifact = `${outDir}/artifact`;

  const emit: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:emit`,
    cache: true,
    inputs: [
      '{projectRoot}/**/*',
      // A workspace that develops the SDKs names their sources here (this repo's nx.json); none by default.
      ...o.emitExtraInputs,
      ...sdkRuntimeInputs(entryFile),
      // Gitignored files an include names (Nx never hashes them): see executors/emit/ignored-inputs.ts.
      { runtime: ignoredInputsCommand(o.artifactDir) },
      // A source that reaches outside the project root (`local_path("../../libs/shared")`, see
      // outsideSourceDirs): emit's source.json fingerprints those files, and compile is keyed only
      // on emit's outputs, so emit must hash them too or an edit there is served from the cache.
      // `^default` covers a dependency project (nx-notes §4); the glob also covers a plain folder.
      ...(outsideSources.length > 0 ? ['^default', ...outsideSources.map(workspaceGlob)] : []),
    ],
    outputs: [`{workspaceRoot}/${irFile}`, `{workspaceRoot}/${sourceFile}`],
    options: { entry: `{projectRoot}/${entryFile}`, outputDir: outDir },
    metadata: { description: 'Run the SDK on the entry: write the Workload IR and the source fingerprint' },
  };

  const compile: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:compile`,
    cache: true,
    dependsOn: [o.emitTargetName],
    // Keyed only on the bytes emit wrote (IR + source fingerprint): early cutoff (nx-notes §4).
    inputs: [{ dependentTasksOutputFiles: '**/*.json' }, { env: 'MVMFORGE_MVM_FLAKE_URL' }, ...o.compileExtraInputs],
    outputs: [`{workspaceRoot}/${artifact}`],
    options: { ir: irFile, out: artifact },
    metadata: { description: 'Compile the Workload IR into the artifact (flake.nix, launch.json, src/)' },
  };

  const flakeCheck: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:flake-check`,
    cache: true,
    dependsOn: [o.compileTargetName],
    inputs: [
      { dependentTasksOutputFiles: '**/*' },
      { runtime: 'nix --version' },
      { env: 'MVMFORGE_MVM_FLAKE_URL' },
      { runtime: MVM_INPUT_KEY_RUNTIME },
    ],
    // Success-only cache: nothing to restore but the terminal output.
    outputs: [],
    options: { artifact },
    metadata: { description: 'Evaluate the artifact with real Nix' },
  };

  const up: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:up`,
    continuous: true,
    cache: false,
    // No `parallelism: false`: a continuous task never ends, so Nx would never start the second
    // `up` of `nx affected -t up` / `run-many -t up` (nx-notes §3). Each up owns its own mvmctl.
    dependsOn: [o.compileTargetName],
    options: { artifact },
    metadata: { description: 'Boot the artifact with mvmctl' },
  };

  return {
    [o.emitTargetName]: emit,
    [o.compileTargetName]: compile,
    [o.flakeCheckTargetName]: flakeCheck,
    [o.upTargetName]: up,
  };
}
