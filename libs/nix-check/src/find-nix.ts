import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { CodedError } from '@mvmforge/ir';

/** The first executable regular file named `name` in the PATH directories, or undefined. */
export function findOnPath(name: string, pathValue: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (pathValue ?? '').split(delimiter)) {
    // An empty or relative PATH entry would make the result depend on the current directory.
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** The `nix` executable, or E_NIX_NOT_FOUND with installation guidance (artifact-v1 §10.3). */
export function requireNix(pathValue: string | undefined = process.env.PATH): string {
  const nix = findOnPath('nix', pathValue);
  if (nix !== undefined) return nix;
  throw new CodedError({
    code: 'E_NIX_NOT_FOUND',
    path: '',
    detail:
      'no `nix` executable on PATH. Install Nix (on Debian/Ubuntu: `apt-get install nix-bin`; ' +
      'elsewhere: https://nixos.org/download) and enable flakes with ' +
      '`experimental-features = nix-command flakes` in /etc/nix/nix.conf ' +
      '(see "Offline Nix for Debian CI" in the artifact format documentation).',
  });
}
