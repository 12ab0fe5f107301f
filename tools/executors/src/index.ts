/**
 * @mvmforge/nx — the Nx plugin. Nx loads this compiled module for graph construction: it must stay
 * cheap (no Python, no compiler). Executors and generators are loaded through executors.json /
 * generators.json only when a task or generator runs.
 */
import { createNodes } from './plugin/create-nodes';

export const name = '@mvmforge/nx';
export { createNodes };
/** Deprecated alias in Nx 24; the same v2 tuple keeps the plugin working on Nx 21–24. */
export const createNodesV2 = createNodes;
export { createDependencies } from './plugin/create-dependencies';
export { buildWorkloadTargets, workloadOutputDir, PLUGIN_PACKAGE } from './plugin/targets';
export { normalizeOptions, type MvmforgePluginOptions } from './plugin/options';
export { importsMvmforge, localSourcePaths, outsideSourceDirs } from './plugin/entry-text';
