import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertArtifactDir } from './artifact-dir';
import { UpUsageError } from './errors';
import { compileWorkload } from '@mvmforge/codegen';
import { loadWorkloadSource } from '@mvmforge/emit';

export interface PreparedArtifact {
  /** Absolute artifact directory to hand to mvmctl. */
  dir: string;
  /** True when `up` compiled it from an entry or manifest. */
  compiled: boolean;
  /** Removes the temporary artifact, if one was made; call after mvmctl has exited. Idempotent. */
  cleanup(): void;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Turns `up`'s argument into an artifact directory (artifact-v1 §1): a directory is used as is
 * (and must hold flake.nix + launch.json); an entry or manifest is compiled first, into `out` or
 * into a fresh directory under the OS temp dir that cleanup() removes.
 */
export async function prepareArtifact(
  arg: string,
  options: { out?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PreparedArtifact> {
  if (isDirectory(arg)) {
    if (options.out !== undefined) {
      throw new UpUsageError('--out applies only when up compiles an entry or manifest, not to an artifact directory');
    }
    const dir = resolve(arg);
    assertArtifactDir(dir);
    return { dir, compiled: false, cleanup: () => undefined };
  }

  const { workload, manifestDir } = await loadWorkloadSource(arg, { env: options.env });
  if (options.out !== undefined) {
    const result = await compileWorkload({ workload, manifestDir, out: resolve(options.out), env: options.env });
    return { dir: resolve(result.out), compiled: true, cleanup: () => undefined };
  }

  // The artifact goes one level below the fresh directory: compile publishes by renaming a
  // staging sibling into place, and that sibling must live inside our directory too.
  const tmp = mkdtempSync(join(tmpdir(), 'mvmforge-up-'));
  const cleanup = (): void => rmSync(tmp, { recursive: true, force: true });
  try {
    const result = await compileWorkload({ workload, manifestDir, out: join(tmp, 'artifact'), env: options.env });
    return { dir: resolve(result.out), compiled: true, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}
