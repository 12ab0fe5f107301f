/**
 * The cache key of the mvm flake input for `flake-check` (issue 9 item 4): Nx runs this file as the
 * target's `{ runtime }` input and hashes what it prints.
 *
 * - A pinned URL (a 40-hex rev, or a `narHash=`) names immutable content: the URL alone is the key,
 *   and the target's `{ env: "MVMFORGE_MVM_FLAKE_URL" }` input already carries it, so we print a
 *   constant and never run Nix (a cache hit stays as cheap as before).
 * - A mutable URL (`path:`, `git+file:` without rev, a branch) is keyed on its content: the locked
 *   input and lock graph that `nix flake metadata` computes (narHash of the mvm flake and of every
 *   input it has, e.g. a local nixpkgs; mtimes left out). Editing a local guest-lib changes the key, so the next
 *   `nx run svc:flake-check` really evaluates.
 * - When that content cannot be determined (no nix, offline branch, broken flake) the key is random:
 *   never a cache hit, and the check itself then reports the real problem.
 *
 * Run without a shell argument: `node <this file>`; it reads the environment Nx passes through.
 */
import { randomBytes, createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
// Deep imports: this runs as a runtime input on every Nx run; the package indexes load zod.
import { DEFAULT_MVM_FLAKE_URL, MVM_FLAKE_URL_ENV } from '@mvmforge/codegen/dist/mvm-url';
import { NIX_COMMON_ARGS } from '@mvmforge/nix-check/dist/run-nix';

const REV = /^[0-9a-f]{40}$/;
/** Forges whose `owner/repo/<ref>` path form names a ref in the third segment. */
const FORGES = new Set(['github', 'gitlab', 'sourcehut']);

/** True when `url` names immutable content: a 40-hex revision or an explicit narHash. */
export function isPinnedFlakeUrl(url: string): boolean {
  const q = url.indexOf('?');
  const base = q < 0 ? url : url.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  if (REV.test(params.get('rev') ?? '') || (params.get('narHash') ?? '') !== '') return true;
  const colon = base.indexOf(':');
  if (colon < 0) return false; // a registry name (`nixpkgs`): resolved through the mutable registry
  const scheme = base.slice(0, colon);
  if (!FORGES.has(scheme)) return false;
  const segments = base.slice(colon + 1).split('/');
  return segments.length >= 3 && REV.test(segments[2]);
}

export interface NixMetadata {
  status: number | null;
  stdout: string;
}

function nixFlakeMetadata(url: string): NixMetadata {
  const r = spawnSync('nix', ['flake', 'metadata', ...NIX_COMMON_ARGS, '--json', url], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '' };
}

/** The line this runtime input prints for the environment `env`. */
export function mvmInputKey(env: NodeJS.ProcessEnv = process.env, metadata: (url: string) => NixMetadata = nixFlakeMetadata): string {
  const override = env[MVM_FLAKE_URL_ENV];
  const url = override === undefined || override === '' ? DEFAULT_MVM_FLAKE_URL : override;
  if (isPinnedFlakeUrl(url)) return 'mvm input: pinned';
  const r = metadata(url);
  if (r.status === 0) {
    try {
      const meta = JSON.parse(r.stdout) as { locked?: unknown; locks?: unknown };
      if (meta.locked !== undefined) {
        // lastModified is an mtime for `path:` inputs: rewriting identical bytes must not change the key.
        const contentOnly = (key: string, value: unknown): unknown => (key === 'lastModified' ? undefined : value);
        const text = JSON.stringify({ locked: meta.locked, locks: meta.locks ?? null }, contentOnly);
        const digest = createHash('sha256').update(text).digest('hex');
        return `mvm input: content ${digest}`;
      }
    } catch {
      // Unparseable metadata: treated like a failure below.
    }
  }
  return `mvm input: unresolved ${randomBytes(16).toString('hex')}`;
}

if (require.main === module) {
  process.stdout.write(`${mvmInputKey()}\n`);
}
