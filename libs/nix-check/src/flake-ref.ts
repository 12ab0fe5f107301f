import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError } from '@mvmforge/ir';

// Nix 2.8 does not percent-decode `path:` URLs; only these characters are safe verbatim.
const URL_SAFE_PATH = /^[A-Za-z0-9._+@=,~/-]+$/;

export function isUrlSafePath(p: string): boolean {
  return URL_SAFE_PATH.test(p);
}

/** A `path:` flake reference for the artifact, and how to release it. */
export interface ArtifactFlakeRef {
  ref: string;
  /** The directory Nix evaluates: the artifact itself, or a temporary copy. */
  evaluatedDir: string;
  /** True when the artifact was copied because its path is not URL-safe. */
  copied: boolean;
  release(): void;
}

function copyTarget(): string {
  // The copy's own path must be URL-safe too; TMPDIR might not be.
  for (const base of [tmpdir(), '/tmp']) {
    let canonicalBase: string;
    try {
      canonicalBase = realpathSync(base);
    } catch {
      continue;
    }
    if (isUrlSafePath(canonicalBase)) return mkdtempSync(join(canonicalBase, 'mvmforge-check-'));
  }
  throw new CodedError({
    code: 'E_FLAKE_CHECK_FAILED',
    path: '',
    detail: 'the artifact path needs a temporary copy, but no temporary directory has a URL-safe path; set TMPDIR to a path made of [A-Za-z0-9._+@=,~/-] only',
  });
}

/**
 * `path:<absolute canonical dir>` (artifact-v1 §10.1 step 3). A `path:` reference makes Nix copy
 * the whole directory regardless of git (artifacts usually live in git-ignored directories). When
 * the canonical path has a character Nix would misread, the artifact is copied (symlinks kept as
 * links) to a fresh temporary directory and the copy is evaluated; release() removes it.
 */
export function artifactFlakeRef(dir: string): ArtifactFlakeRef {
  const canonical = realpathSync(dir);
  if (isUrlSafePath(canonical)) {
    return { ref: `path:${canonical}`, evaluatedDir: canonical, copied: false, release: () => {} };
  }
  const tmp = copyTarget();
  const copy = join(tmp, 'artifact');
  try {
    cpSync(canonical, copy, { recursive: true, verbatimSymlinks: true });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new CodedError({
      code: 'E_FLAKE_CHECK_FAILED',
      path: '',
      detail: `could not copy the artifact to a URL-safe temporary directory: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  return {
    ref: `path:${copy}`,
    evaluatedDir: copy,
    copied: true,
    release: () => rmSync(tmp, { recursive: true, force: true }),
  };
}
