/**
 * Project-graph edges for workloads, from the project configurations alone (no file is read):
 * - every workload depends on the projects at the plugin option `workloadDependencyRoots` (default
 *   none; this repo names its SDK and compiler projects, so editing them marks every workload
 *   affected) — the plugin itself knows no repository layout;
 * - a workload whose `local_path("…")` reaches into another project's root depends on that project
 *   (createNodes records those folders in the project's metadata: `source-dirs-metadata.ts`).
 *
 * Linear in the number of projects (issue 12): one pass builds an index of projects by root, and each
 * source path is resolved by walking up its own folders (depth of the path), not by scanning every
 * project.
 */
import { posix } from 'node:path';
import type { CreateDependencies, ProjectConfiguration, RawProjectGraphDependency } from '@nx/devkit';
import { DependencyType, validateDependency } from './nx-runtime';
import { normalizeOptions, type MvmforgePluginOptions } from './options';
import { localSourceDirsOf } from './source-dirs-metadata';
import { PLUGIN_PACKAGE } from './targets';

/** The workspace-relative entry file of a workload project, from its emit target's options. */
function entryOf(project: ProjectConfiguration): string | undefined {
  for (const target of Object.values(project.targets ?? {})) {
    if (target.executor === `${PLUGIN_PACKAGE}:emit` && typeof target.options?.entry === 'string') {
      return (target.options.entry as string).replace(/\{projectRoot\}/g, project.root).replace(/^\.\//, '');
    }
  }
  return undefined;
}

/**
 * Project names by root. The workspace-root project (`.`) is left out: it owns "everything else",
 * and an edge to it would say nothing.
 */
export function indexProjectsByRoot(projects: Record<string, ProjectConfiguration>): Map<string, string> {
  const byRoot = new Map<string, string>();
  for (const [name, p] of Object.entries(projects)) {
    const root = p.root.replace(/\/+$/, '');
    if (root === '.' || root === '') continue;
    byRoot.set(root, name);
  }
  return byRoot;
}

/** The project whose root is the longest folder prefix of `file` (a normalized workspace-relative posix path). */
export function owningProject(byRoot: Map<string, string>, file: string): string | undefined {
  for (let dir = file; dir !== '.' && dir !== '' && dir !== '/'; dir = posix.dirname(dir)) {
    const owner = byRoot.get(dir);
    if (owner !== undefined) return owner;
  }
  return undefined;
}

export const createDependencies: CreateDependencies<MvmforgePluginOptions> = (options, context) => {
  const o = normalizeOptions(options);
  const byRoot = indexProjectsByRoot(context.projects);
  const fixed = o.workloadDependencyRoots.map((root) => byRoot.get(root)).filter((n): n is string => n !== undefined);
  const deps: RawProjectGraphDependency[] = [];
  const seen = new Set<string>();
  const add = (dep: RawProjectGraphDependency & { sourceFile: string }): void => {
    const key = `${dep.source}\u0000${dep.target}`;
    if (dep.source === dep.target || seen.has(key)) return;
    validateDependency(dep, context);
    seen.add(key);
    deps.push(dep);
  };

  for (const [name, project] of Object.entries(context.projects)) {
    const entry = entryOf(project);
    if (entry === undefined) continue;
    for (const target of fixed) {
      add({ source: name, target, type: DependencyType.static, sourceFile: entry });
    }
    for (const dir of localSourceDirsOf(project)) {
      const target = owningProject(byRoot, dir);
      if (target !== undefined) add({ source: name, target, type: DependencyType.static, sourceFile: entry });
    }
  }
  return deps;
};
