/**
 * The inferred targets of one workload project, as plain data. This is the single place that
 * decides target names, executors, caching, inputs and outputs (nx-notes §3/§4); it is a pure
 * function so it can be golden-tested and so inference stays cheap.
 */
import type { TargetConfiguration } from '@nx/devkit';
import { normalizeOptions, type MvmforgePluginOptions } from './options';

export const PLUGIN_PACKAGE = '@mvmforge/nx';

/**
 * Where the SDK's Python sources live when the SDK is developed in the same repository. A version
 * based package hash would not see edits there, so `emit` hashes them; in a workspace without
 * this folder the glob simply matches nothing.
 */
export const SDK_PYTHON_SOURCES = '{workspaceRoot}/libs/sdk-python/python/**/*.py';

/**
 * The Node SDK's counterpart (issue 11): an app.ts entry's emit depends on the TypeScript SDK and
 * the host's Node runner, and on the Node version that runs them — and never on Python, whose
 * absence must not break hashing in a TypeScript-only workspace.
 */
export const SDK_TS_SOURCES = ['{workspaceRoot}/libs/sdk-ts/src/**/*.ts', '{workspaceRoot}/libs/emit/src/node-*.ts'];

function sdkEmitInputs(entryFile: string): TargetConfiguration['inputs'] & unknown[] {
  if (/\.(?:ts|mts|cts|js|mjs|cjs)$/i.test(entryFile)) return [...SDK_TS_SOURCES, { runtime: 'node --version' }];
  return [SDK_PYTHON_SOURCES, { runtime: 'python3 --version' }, { env: 'MVMFORGE_PYTHON' }];
}

/** The workspace-relative output folder of a workload: `<artifactDir>/<projectRoot>`. */
export function workloadOutputDir(artifactDir: string, projectRoot: string): string {
  return projectRoot === '.' || projectRoot === '' ? artifactDir : `${artifactDir}/${projectRoot}`;
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
  const technologies = ['mvmforge'];

  const emit: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:emit`,
    cache: true,
    inputs: [
      '{projectRoot}/**/*',
      ...sdkEmitInputs(entryFile),
      // A source that reaches outside the project root (`local_path("../../libs/shared")`, see
      // outsideSourceDirs): emit's source.json fingerprints those files, and compile is keyed only
      // on emit's outputs, so emit must hash them too or an edit there is served from the cache.
      // `^default` covers a dependency project (nx-notes §4); the glob also covers a plain folder.
      ...(outsideSources.length > 0 ? ['^default', ...outsideSources.map(workspaceGlob)] : []),
    ],
    outputs: [`{workspaceRoot}/${irFile}`, `{workspaceRoot}/${sourceFile}`],
    options: { entry: `{projectRoot}/${entryFile}`, outputDir: outDir },
    metadata: {
      description: 'Run the mvmforge Python SDK on the entry and write the canonical Workload IR and the source fingerprint',
      technologies,
      help: { command: 'npx mvmforge emit --help', example: { options: { entry: `{projectRoot}/${entryFile}` } } },
    },
  };

  const compile: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:compile`,
    cache: true,
    dependsOn: [o.emitTargetName],
    // Keyed only on the bytes emit wrote (IR + source fingerprint): early cutoff (nx-notes §4).
    inputs: [{ dependentTasksOutputFiles: '**/*.json' }, { env: 'MVMFORGE_MVM_FLAKE_URL' }, ...o.compileExtraInputs],
    outputs: [`{workspaceRoot}/${artifact}`],
    options: { ir: irFile, out: artifact },
    metadata: {
      description: 'Compile the Workload IR into the artifact directory (flake.nix, launch.json, src/)',
      technologies,
      help: { command: 'npx mvmforge compile --help', example: { options: { ir: irFile, out: artifact } } },
    },
  };

  const flakeCheck: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:flake-check`,
    cache: true,
    dependsOn: [o.compileTargetName],
    inputs: [
      { dependentTasksOutputFiles: '**/*' },
      { runtime: 'nix --version' },
      { env: 'MVMFORGE_MVM_FLAKE_URL' },
    ],
    // Success-only cache: nothing to restore but the terminal output.
    outputs: [],
    options: { artifact },
    metadata: {
      description: 'Evaluate the compiled artifact with real Nix',
      technologies,
      help: { command: 'npx mvmforge check --help', example: { options: { artifact, system: 'x86_64-linux' } } },
    },
  };

  const up: TargetConfiguration = {
    executor: `${PLUGIN_PACKAGE}:up`,
    continuous: true,
    cache: false,
    parallelism: false,
    dependsOn: [o.compileTargetName],
    options: { artifact },
    metadata: {
      description: 'Boot the compiled artifact with mvmctl (up --flake <artifact>)',
      technologies,
      help: { command: 'npx mvmforge up --help', example: { options: { artifact, hypervisor: 'firecracker', ports: ['8080:8080'] } } },
    },
  };

  return {
    [o.emitTargetName]: emit,
    [o.compileTargetName]: compile,
    [o.flakeCheckTargetName]: flakeCheck,
    [o.upTargetName]: up,
  };
}
