import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { guardSignals } from '@mvmforge/process';

// Nix 2.8 does not percent-decode `path:` URLs; only these characters are safe verbatim.
const URL_SAFE_PATH = /^[A-Za-z0-9._+@=,~/-]+$/;

export function isUrlSafePath(p: string): boolean {
  return URL_SAFE_PATH.test(p);
}

/** A temporary directory that is removed on release() and on SIGINT/SIGTERM/SIGHUP. */
export interface Scratch {
  dir: string;
  release(): void;
}

/** A fresh temporary directory whose canonical path is URL-safe (TMPDIR, else /tmp). */
function urlSafeTempDir(prefix: string): string {
  for (const base of [tmpdir(), '/tmp']) {
    let canonicalBase: string;
    try {
      canonicalBase = realpathSync(base);
    } catch {
      continue;
    }
    if (isUrlSafePath(canonicalBase)) return mkdtempSync(join(canonicalBase, prefix));
  }
  throw new CodedError({
    code: 'E_FLAKE_CHECK_FAILED',
    path: '',
    detail:
      'mvmforge check needs a temporary directory with a URL-safe path, but none has one; set TMPDIR to a path made of [A-Za-z0-9._+@=,~/-] only',
  });
}

/**
 * Creates the scratch directory under a signal guard (@mvmforge/process): on SIGINT/SIGTERM/SIGHUP
 * the directory is removed at once; the signal is re-raised with its default action when the last
 * guard is released, so the process still dies of it (exit status 128+n, as without the handler).
 */
export function createScratch(prefix = 'mvmforge-check-'): Scratch {
  const dir = urlSafeTempDir(prefix);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
  };
  const guard = guardSignals(remove);
  return {
    dir,
    release: () => {
      remove();
      guard.release();
    },
  };
}
