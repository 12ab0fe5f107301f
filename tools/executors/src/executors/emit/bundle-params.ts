/**
 * The bundle parameters emit's fingerprint, emit's runtime cache input (ignored-inputs.ts) and the
 * compile executor must share, or source.json would describe another bundle than compile copies.
 */
import { join, relative, sep } from 'node:path';

/**
 * The plugin's artifact directory (workspace-relative), recovered from a workload's output folder
 * `<artifactDir>/<projectRoot>` (buildWorkloadTargets); undefined when the options were customised
 * into another shape. It is a default exclude: emit writes source.json there, and a bundle that
 * took it would change with every emit.
 */
export function artifactDirOf(workspaceRoot: string, outputDirAbs: string, projectRootAbs: string): string | undefined {
  const outRel = relative(workspaceRoot, outputDirAbs).split(sep).join('/');
  const projRel = relative(workspaceRoot, projectRootAbs).split(sep).join('/');
  if (projRel.startsWith('..')) return undefined;
  // A workload at the workspace root writes straight into the artifact dir (workloadOutputDir).
  if (projRel !== '' && !outRel.endsWith(`/${projRel}`)) return undefined;
  const dir = projRel === '' ? outRel : outRel.slice(0, -projRel.length - 1);
  return dir === '' || dir.startsWith('..') ? undefined : dir;
}

/** Options of sourceFingerprint / namedIgnoredEntries for one workload (compile's bundle exactly). */
export function bundleParams(workspaceRoot: string, outputDirAbs: string, projectRootAbs: string) {
  const artifactDir = artifactDirOf(workspaceRoot, outputDirAbs, projectRootAbs);
  return {
    manifestDir: projectRootAbs,
    baseDir: projectRootAbs,
    root: workspaceRoot,
    // compile writes the artifact to <outputDir>/artifact (buildWorkloadTargets).
    out: join(outputDirAbs, 'artifact'),
    excludeDirs: artifactDir === undefined ? [] : [artifactDir],
  };
}
