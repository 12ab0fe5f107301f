import { findOnPath } from '@mvmforge/process';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';

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
      '(step by step, also for offline CI: docs/offline-nix.md in the mvmforge repository).',
  });
}
