/**
 * The one fact createDependencies needs from an entry's text — the folders its literal
 * `local_path("…")` sources name — recorded by createNodes in the project's metadata, so the
 * dependency pass reads no entry file again (issue 12: the graph pays one read per entry). Only a
 * workload that names such a folder carries the key: every key of every project is serialized,
 * merged and source-mapped by Nx, so the common case adds none.
 */
import type { ProjectConfiguration } from '@nx/devkit';

interface MvmforgeProjectMetadata {
  /** Workspace-relative folders named by `local_path`, other than the project root (`localSourceDirs`). */
  localSourceDirs?: string[];
}

export function withLocalSourceDirs<P extends ProjectConfiguration>(project: P, dirs: readonly string[]): P {
  if (dirs.length === 0) return project;
  const mvmforge: MvmforgeProjectMetadata = { localSourceDirs: [...dirs] };
  return { ...project, metadata: { ...project.metadata, mvmforge } };
}

export function localSourceDirsOf(project: ProjectConfiguration): readonly string[] {
  const recorded = (project.metadata as { mvmforge?: MvmforgeProjectMetadata } | undefined)?.mvmforge?.localSourceDirs;
  return Array.isArray(recorded) ? recorded.filter((d): d is string => typeof d === 'string') : [];
}
