/**
 * Project-graph edges for workloads, from the entry's text only:
 * - every workload depends on the toolchain projects developed in this workspace (the Python SDK
 *   and the compiler), so editing the compiler marks every workload affected;
 * - a workload whose `local_path("…")` reaches into another project's root depends on that project.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import {
  DependencyType,
  validateDependency,
  type CreateDependencies,
  type CreateDependenciesContext,
  type ProjectConfiguration,
  type RawProjectGraphDependency,
} from '@nx/devkit';
import { localSourcePaths } from './entry-text';
import type { MvmforgePluginOptions } from './options';
import { PLUGIN_PACKAGE } from './targets';

/** Roots of the toolchain projects; absent in a user workspace, where no edge is added. */
export const TOOLCHAIN_PROJECT_ROOTS = ['libs/sdk-python', 'libs/codegen'];

/** The workspace-relative entry file of a workload project, from its emit target's options. */
function entryOf(project: ProjectConfiguration): string | undefined {
  for (const target of Object.values(project.targets ?? {})) {
    if (target.executor === `${PLUGIN_PACKAGE}:emit` && typeof target.options?.entry === 'string') {
      return (target.options.entry as string).replace(/\{projectRoot\}/g, project.root).replace(/^\.\//, '');
    }
  }
  return undefined;
}

/** The project whose root is the longest prefix of `file` (a workspace-relative posix path). */
function owningProject(projects: Record<string, ProjectConfiguration>, file: string): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const [name, p] of Object.entries(projects)) {
    // The workspace-root project owns "everything else"; an edge to it would say nothing.
    if (p.root === '.' || p.root === '') continue;
    const root = p.root;
    const inside = file === root || file.startsWith(`${root}/`);
    if (inside && root.length > bestLength) {
      best = name;
      bestLength = root.length;
    }
  }
  return best;
}

export const createDependencies: CreateDependencies<MvmforgePluginOptions> = (_options, context) => {
  const toolchain = Object.entries(context.projects)
    .filter(([, p]) => TOOLCHAIN_PROJECT_ROOTS.includes(p.root))
    .map(([name]) => name);
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
    for (const target of toolchain) {
      add({ source: name, target, type: DependencyType.static, sourceFile: entry });
    }
    for (const target of sourceProjects(context, project, entry)) {
      add({ source: name, target, type: DependencyType.static, sourceFile: entry });
    }
  }
  return deps;
};

function sourceProjects(context: CreateDependenciesContext, project: ProjectConfiguration, entry: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(context.workspaceRoot, entry), 'utf8');
  } catch {
    return [];
  }
  const targets: string[] = [];
  for (const p of localSourcePaths(text)) {
    if (posix.isAbsolute(p)) continue; // outside the workspace's relative layout; compile confines it
    const resolved = posix.normalize(posix.join(project.root, p)).replace(/\/$/, '');
    if (resolved === '..' || resolved.startsWith('../')) continue;
    const owner = owningProject(context.projects, resolved);
    if (owner !== undefined) targets.push(owner);
  }
  return targets;
}
