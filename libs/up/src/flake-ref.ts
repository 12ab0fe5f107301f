import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CodedError, diagnostic } from '@mvmforge/ir';

/**
 * The flake reference mvmforge hands to mvmctl: always `path:<absolute artifact dir>`.
 *
 * Why `path:`: mvmctl passes any reference containing `:` through unchanged (`resolve_flake_ref`,
 * crates/mvm-cli/src/commands.rs@4c6362e l.3291), while a bare path makes Nix read the directory
 * as part of the enclosing git worktree, where a gitignored `dist/` artifact does not exist.
 *
 * Why a character allowlist: mvmctl builds with `nix build <ref> --no-link` as one unquoted shell
 * line (crates/mvm-build/src/dev_build.rs@4c6362e l.105) after checking the reference with
 * `validate_flake_ref` (crates/mvm-core/src/naming.rs@4c6362e l.39), which refuses
 * `; | & $ ( ) \` ! < > CR LF`. Whitespace, quotes, globs and `~` would be re-split or expanded
 * by that shell, and `? # %` mean something inside a `path:` URL, so only characters that are
 * inert in all three places are handed over as is.
 */
const SAFE = /^[A-Za-z0-9._/+=@,:-]+$/;

/** The first character of `absPath` that must not reach mvmctl's shell line, or undefined. */
export function unsafeFlakePathChar(absPath: string): string | undefined {
  if (SAFE.test(absPath)) return undefined;
  for (const c of absPath) if (!SAFE.test(c)) return c;
  return undefined;
}

export function flakeRef(absDir: string): string {
  return `path:${absDir}`;
}

/**
 * A fresh `mvmforge-up-*` directory under the OS temp dir, whose path mvmctl's shell line can carry;
 * otherwise E_MVMCTL_FLAKE_PATH_UNSAFE with the caller's explanation (given the temp dir and its
 * first unsafe character). The caller removes the directory.
 */
export function flakeSafeTempDir(explain: (base: string, bad: string) => string): string {
  const base = resolve(tmpdir());
  const bad = unsafeFlakePathChar(base);
  if (bad !== undefined) throw new CodedError(diagnostic('E_MVMCTL_FLAKE_PATH_UNSAFE', '', explain(base, bad)));
  return mkdtempSync(join(base, 'mvmforge-up-'));
}
