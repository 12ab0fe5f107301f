/**
 * Staged, atomic publish (artifact-v1 §8.2). The artifact is written into a hidden sibling of
 * `--out` (same filesystem, so renames are atomic) and only then swapped into place; a previous
 * artifact is kept until the new one is in place and restored if the swap fails.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { chmod, mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CodedError } from '@mvmforge/ir';

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
  const why = err instanceof Error ? err.message : String(err);
  return new CodedError({ code: 'E_COMPILE_STAGING_FAILED', path: '', detail: `${what}: ${why}` });
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Creates the staging directory, lets `fill` write the artifact into it, and publishes it at
 * `out`. On any failure — and, best effort, on SIGINT/SIGTERM — the staging directory is removed
 * and a previous artifact at `out` is left exactly as it was.
 */
export async function stageAndPublish<T>(out: string, fill: (staging: string) => Promise<T>): Promise<T> {
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
  const staging = siblingPath(out, 'staging');
  let backup: string | undefined;

  // Synchronous on purpose: a signal handler cannot wait for promises before the process dies.
  const cleanupAfterSignal = (signal: NodeJS.Signals): void => {
    try {
      if (backup !== undefined && existsSync(backup) && !existsSync(out)) renameSync(backup, out);
      rmSync(staging, { recursive: true, force: true });
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
      await removeCreatedParents();
      throw stagingFailed(`cannot create the staging directory ${staging}`, err);
    }
    let result: T;
    try {
      result = await fill(staging);
      await publish(staging, out, (b) => (backup = b));
    } catch (err) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      await removeCreatedParents();
      throw err;
    }
    return result;
  } finally {
    for (const s of SIGNALS) process.removeListener(s, cleanupAfterSignal);
  }
}

/** Step 4 of §8.2: rename into place, moving a previous artifact aside first. */
async function publish(staging: string, out: string, noteBackup: (backup: string) => void): Promise<void> {
  if (!existsSync(out)) {
    try {
      await rename(staging, out);
    } catch (err) {
      throw stagingFailed(`cannot move the staging directory to ${out}`, err);
    }
    return;
  }
  const backup = siblingPath(out, 'old');
  try {
    await rename(out, backup);
  } catch (err) {
    throw stagingFailed(`cannot move the previous artifact ${out} aside`, err);
  }
  noteBackup(backup);
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
  // The new artifact is in place; a backup that cannot be removed is hidden and harmless, so
  // it does not turn a successful publish into a failure.
  await rm(backup, { recursive: true, force: true }).catch(() => undefined);
}
