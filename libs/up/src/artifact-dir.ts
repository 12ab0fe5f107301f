import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError, diagnostic } from '@mvmforge/ir';

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** True for a directory holding `flake.nix` and `launch.json` — what `up` hands to mvmctl as is. */
export function isArtifactDir(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return false;
  }
  return isFile(join(dir, 'flake.nix')) && isFile(join(dir, 'launch.json'));
}

/** Throws E_ARTIFACT_INVALID unless `dir` is an artifact directory. */
export function assertArtifactDir(dir: string): void {
  if (!isArtifactDir(dir)) {
    throw new CodedError(
      diagnostic('E_ARTIFACT_INVALID', '', `${dir} is not an artifact directory (it needs flake.nix and launch.json)`),
    );
  }
}
