/**
 * Inference: every `app.py` / `app.ts` / `app.mts` / `app.js` / `app.mjs` (option `entryGlob`) that
 * imports its SDK (`mvmforge`, `@mvmforge/sdk`) becomes an Nx project with the targets of
 * `buildWorkloadTargets`. Only the entry's text and its folder's project.json / package.json are
 * read — never Python, never Node on the entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import picomatch from 'picomatch';
import type { CreateNodes, CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { createNodesFromFiles } from './nx-runtime';
import { normalizeOptions, type MvmforgePluginOptions } from './options';
import { dirsOutsideRoot, entryImportsSdk, localSourceDirs } from './entry-text';
import { withLocalSourceDirs } from './source-dirs-metadata';
import { buildWorkloadTargets } from './targets';

/** The project name: option override, then project.json / package.json `name`, then the folder name. */
export function workloadProjectName(workspaceRoot: string, projectRoot: string, options: MvmforgePluginOptions | undefined): string {
  const override = normalizeOptions(options).projectNames[projectRoot];
  if (override) return override;
  for (const file of ['project.json', 'package.json']) {
    const name = readNameField(join(workspaceRoot, projectRoot, file));
    if (name) return name;
  }
  return projectRoot === '.' ? basename(workspaceRoot) : basename(projectRoot);
}

function readNameField(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') {
      return (value as { name: string }).name;
    }
  } catch {
    // A broken project.json/package.json is reported by Nx's own plugins; fall back to the folder.
  }
  return undefined;
}

export function createWorkloadNode(
  entryFile: string,
  options: MvmforgePluginOptions | undefined,
  context: CreateNodesContext,
): CreateNodesResult {
  const text = readFileSync(join(context.workspaceRoot, entryFile), 'utf8');
  if (!entryImportsSdk(entryFile, text)) return {};
  const projectRoot = dirname(entryFile).replace(/\\/g, '/');
  const sourceDirs = localSourceDirs(projectRoot, text);
  return {
    projects: {
      [projectRoot]: withLocalSourceDirs(
        {
          name: workloadProjectName(context.workspaceRoot, projectRoot, options),
          root: projectRoot,
          projectType: 'application',
          tags: ['mvmforge:workload'],
          targets: buildWorkloadTargets(projectRoot, options, basename(entryFile), dirsOutsideRoot(projectRoot, sourceDirs)),
        },
        sourceDirs,
      ),
    },
  };
}

/** The glob is fixed when Nx loads the plugin; nx.json's `entryGlob` is honoured by filtering. */
export const createNodes: CreateNodes<MvmforgePluginOptions> = [
  '**/*.{py,ts,mts,cts,js,mjs,cjs}',
  (files, options, context) => {
    const glob = normalizeOptions(options).entryGlob;
    const matcher = globMatcher(glob);
    return createNodesFromFiles(
      createWorkloadNode,
      files.filter((f) => matcher(f)),
      options ?? {},
      context,
    );
  },
];

/**
 * The `entryGlob` matcher: picomatch with its default (Nx-style) semantics — `*` stays within one
 * folder, and a leading globstar folder also matches zero folders, so the default glob finds a
 * root-level app.py too.
 */
export function globMatcher(glob: string): (file: string) => boolean {
  const isMatch = picomatch(glob);
  return (file) => isMatch(file.replace(/\\/g, '/'));
}
