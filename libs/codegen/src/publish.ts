/**
 * Staged, crash-consistent publish (artifact-v1 §8.2, issue 10 item 3). The artifact is written
 * into a hidden sibling of `--out` (same filesystem, so renames are atomic) and only then moved
 * into place; a previous artifact is moved aside first and deleted once the new one is in place.
 *
 * Where the kernel has it, a previous artifact is swapped with the staging directory in one
 * renameat2(RENAME_EXCHANGE) (rename-exchange.ts), so `--out` is the old or the new artifact at
 * every instant. Elsewhere (no perl, another OS or filesystem) it falls back to two renames, with
 * an instant between them where `--out` is missing. A crash there (or anywhere) is repaired by
 * the next compile of the same `--out`: under the `--out` lock it restores a moved-aside previous
 * artifact when `--out` is missing and deletes every other staging/backup/lock leftover
 * (`recoverOut`). Signals (SIGINT/SIGTERM/SIGHUP) repair synchronously before the process dies.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { chmod, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { lockOut, lockPath } from './out-lock';
import { renameExchange } from './rename-exchange';

export type SiblingKind = 'staging' | 'old';

/** The name prefix of staging (`kind = 'staging'`) or backup (`'old'`) siblings of `out`. */
export function siblingPrefix(out: string, kind: SiblingKind): string {
  return `.${basename(out)}.mvmforge-${kind}-`;
}

/** `<parent>/.<leaf>.mvmforge-<kind>-<pid>-<random>`. */
export function siblingPath(out: string, kind: SiblingKind): string {
  return join(dirname(out), `${siblingPrefix(out, kind)}${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** True for `out` itself and for any staging/backup sibling of it (used to keep them out of the bundle). */
export function isOutputOrSibling(out: string, absPath: string, name: string): boolean {
  if (absPath === out) return true;
  if (dirname(absPath) !== dirname(out)) return false;
  return name.startsWith(siblingPrefix(out, 'staging')) || name.startsWith(siblingPrefix(out, 'old'));
}

function stagingFailed(what: string, err: unknown): CodedError {
  const why = errorMessage(err);
  return new CodedError({ code: 'E_COMPILE_STAGING_FAILED', path: '', detail: `${what}: ${why}` });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Repairs what an interrupted compile of `out` left (call with the lock held): when `out` is
 * missing, a moved-aside previous artifact is renamed back; every other staging or backup
 * sibling, and stray lock temp files, are deleted. Returns the names it removed or restored.
 */
export function recoverOut(out: string): { restored?: string; removed: string[] } {
  const parent = dirname(out);
  let names: string[];
  try {
    names = readdirSync(parent).sort();
  } catch {
    return { removed: [] };
  }
  const olds = names.filter((n) => n.startsWith(siblingPrefix(out, 'old')));
  const stagings = names.filter((n) => n.startsWith(siblingPrefix(out, 'staging')));
  // A lock's temp/stale files (out-lock.ts) carry their creator's pid; only a dead creator's are
  // leftovers — a live one may be between writing its temp file and linking it.
  const lockFiles = names.filter(
    (n) =>
      n.startsWith(`${basename(lockPath(out))}.`) &&
      !isAlive(Number(/^\.(?:tmp|stale)-(\d+)-/.exec(n.slice(basename(lockPath(out)).length))?.[1])),
  );
  let restored: string | undefined;
  if (!exists(out) && olds.length > 0) {
    restored = olds.shift()!;
    renameSync(join(parent, restored), out);
  }
  const removed = [...olds, ...stagings, ...lockFiles];
  for (const n of removed) rmSync(join(parent, n), { recursive: true, force: true });
  return { restored, removed };
}

export interface PublishOptions {
  /** How long to wait for another compile holding the `--out` lock (default out-lock.ts). */
  lockWaitMs?: number;
  /** Test hook: runs synchronously between moving the previous artifact aside and moving the new one in. */
  betweenRenames?: () => void;
  /** Test hook: runs synchronously after the new artifact is in place, before the old one is deleted. */
  afterPublish?: () => void;
  /** Test hook: skip the rename-exchange, as on a platform without it. */
  twoRenamesOnly?: boolean;
}

/**
 * Creates the staging directory, lets `fill` write the artifact into it, and publishes it at
 * `out`. On any failure — and, best effort, on SIGINT/SIGTERM — the staging directory is removed
 * and a previous artifact at `out` is left exactly as it was.
 */
export async function stageAndPublish<T>(out: string, fill: (staging: string) => Promise<T>, opts: PublishOptions = {}): Promise<T> {
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(dirname(out), { recursive: true });
  } catch (err) {
    throw stagingFailed(`cannot create the parent directory of ${out}`, err);
  }
  // On failure, parents created here are removed again (deepest first, only while empty).
  const removeCreatedParents = async (): Promise<void> => {
    if (firstCreated === undefined) return;
    for (let dir = dirname(out); dir.length >= firstCreated.length; dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
    }
  };
  let lock;
  try {
    lock = await lockOut(out, opts.lockWaitMs);
  } catch (err) {
    await removeCreatedParents();
    throw err;
  }
  try {
    recoverOut(out);
  } catch (err) {
    lock.release();
    throw stagingFailed(`cannot repair what an interrupted compile left next to ${out}`, err);
  }
  const staging = siblingPath(out, 'staging');
  let backup: string | undefined;

  // Synchronous on purpose: a signal handler cannot wait for promises before the process dies.
  const cleanupAfterSignal = (signal: NodeJS.Signals): void => {
    try {
      if (backup !== undefined && existsSync(backup) && !existsSync(out)) renameSync(backup, out);
      // The new artifact is in place and the backup was being deleted: finish, so no half-deleted
      // backup is left behind (issue 10 item 3).
      else if (backup !== undefined && existsSync(out)) rmSync(backup, { recursive: true, force: true });
      rmSync(staging, { recursive: true, force: true });
      lock.release();
      if (firstCreated !== undefined) {
        for (let dir = dirname(out); dir.length >= firstCreated.length; dir = dirname(dir)) rmdirSync(dir);
      }
    } catch {
      // Best effort: a leftover hidden staging directory is harmless and never reused.
    }
    for (const s of SIGNALS) process.removeListener(s, cleanupAfterSignal);
    process.kill(process.pid, signal); // re-raise with the default action, so the exit status says "signal"
  };
  for (const s of SIGNALS) process.once(s, cleanupAfterSignal);

  try {
    try {
      await mkdir(staging);
      await chmod(staging, 0o755);
    } catch (err) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      lock.release();
      await removeCreatedParents();
      throw stagingFailed(`cannot create the staging directory ${staging}`, err);
    }
    let result: T;
    try {
      result = await fill(staging);
      await publish(staging, out, (b) => (backup = b), opts);
    } catch (err) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      lock.release();
      await removeCreatedParents();
      throw err;
    }
    lock.release();
    return result;
  } finally {
    for (const s of SIGNALS) process.removeListener(s, cleanupAfterSignal);
    lock.release();
  }
}

/** Step 4 of §8.2: swap into place, or rename in after moving a previous artifact aside. */
async function publish(staging: string, out: string, noteBackup: (backup: string) => void, hooks: PublishOptions): Promise<void> {
  if (!existsSync(out)) {
    try {
      await rename(staging, out);
    } catch (err) {
      throw stagingFailed(`cannot move the staging directory to ${out}`, err);
    }
    return;
  }
  let backup: string;
  if (!hooks.twoRenamesOnly && renameExchange(staging, out)) {
    // The staging path now holds the previous artifact: it is the backup to delete.
    backup = staging;
    noteBackup(backup);
  } else {
    backup = siblingPath(out, 'old');
    try {
      await rename(out, backup);
    } catch (err) {
      throw stagingFailed(`cannot move the previous artifact ${out} aside`, err);
    }
    noteBackup(backup);
    hooks.betweenRenames?.();
    try {
      await rename(staging, out);
    } catch (err) {
      try {
        await rename(backup, out);
      } catch {
        // Reported below; the previous artifact stays at the backup path.
        throw stagingFailed(`cannot publish to ${out}, and restoring the previous artifact from ${backup} failed too`, err);
      }
      throw stagingFailed(`cannot move the staging directory to ${out}`, err);
    }
  }
  hooks.afterPublish?.();
  // The new artifact is in place; a backup that cannot be removed is hidden and harmless, so
  // it does not turn a successful publish into a failure.
  await rm(backup, { recursive: true, force: true }).catch(() => undefined);
}
