import { cpSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { createScratch, isUrlSafePath } from './scratch';

export { isUrlSafePath } from './scratch';

/** A `path:` flake reference for the artifact, and how to release it. */
export interface ArtifactFlakeRef {
  ref: string;
  /** The directory Nix evaluates: the artifact itself, or a temporary copy. */
  evaluatedDir: string;
  /** True when the artifact was copied because its path is not URL-safe. */
  copied: boolean;
  release(): void;
}

/**
 * `path:<absolute canonical dir>` (artifact-v1 §10.1 step 3). A `path:` reference makes Nix copy
 * the whole directory regardless of git (artifacts usually live in git-ignored directories). When
 * the canonical path has a character Nix would misread, the artifact is copied (symlinks kept as
 * links) to `<into>/artifact` (into: a scratch directory the caller owns and removes) or, without
 * `into`, to a fresh temporary directory that release() removes (also on SIGINT/SIGTERM/SIGHUP).
 */
export function artifactFlakeRef(dir: string, into?: string): ArtifactFlakeRef {
  const canonical = realpathSync(dir);
  if (isUrlSafePath(canonical)) {
    return { ref: `path:${canonical}`, evaluatedDir: canonical, copied: false, release: () => {} };
  }
  const scratch = into === undefined ? createScratch() : undefined;
  const copy = join(into ?? (scratch as { dir: string }).dir, 'artifact');
  const release = () => (scratch ? scratch.release() : rmSync(copy, { recursive: true, force: true }));
  try {
    cpSync(canonical, copy, { recursive: true, verbatimSymlinks: true });
  } catch (err) {
    release();
    throw new CodedError({
      code: 'E_FLAKE_CHECK_FAILED',
      path: '',
      detail: `could not copy the artifact to a URL-safe temporary directory: ${errorMessage(err)}`,
    });
  }
  return { ref: `path:${copy}`, evaluatedDir: copy, copied: true, release };
}
