/**
 * A lock on `--out` (issue 10 item 7): one compile at a time publishes into a given `--out`; the
 * others wait, then fail with E_COMPILE_OUTPUT_LOCKED.
 *
 * The lock is a sibling file `.<leaf>.mvmforge-lock` created with O_EXCL, holding the owner's pid
 * and (on Linux) its start time from /proc, so a lock left by a SIGKILLed compile is recognised
 * as stale at once — even after pid reuse — and reclaimed. Why not `proper-lockfile`: it detects
 * staleness by mtime, so after a crash the next compile waits out the stale period (seconds),
 * and it needs a timer refreshing the mtime while the copy runs in synchronous slices. Node has
 * no flock() without a native addon.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';

const POLL_MS = 50;
/** Default wait for another compile of the same `--out`. */
export const DEFAULT_LOCK_WAIT_MS = 120_000;

export function lockPath(out: string): string {
  return join(dirname(out), `.${basename(out)}.mvmforge-lock`);
}

/** A process's start time in clock ticks since boot (Linux), or '' where /proc is absent. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return process.platform === 'linux' ? undefined : '';
  }
}

function identity(): string {
  return `${process.pid} ${startTime(process.pid) ?? ''}\n`;
}

/** True when the lock text names a process that no longer runs. */
function isStale(text: string): boolean {
  const [pidText, start = ''] = text.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0) return text.endsWith('\n'); // garbage, but fully written
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const now = startTime(pid);
  return now !== undefined && start !== '' && now !== start;
}

export interface OutLock {
  release(): void;
}

/**
 * Publishes the lock complete or not at all: the identity is written to a private file that is
 * then hard-linked into place (link fails with EEXIST when the lock is taken), so no reader ever
 * sees a half-written lock and a crash cannot leave an empty one.
 */
function tryCreate(path: string, me: string, retryMissingParent = true): boolean {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, me);
    } finally {
      closeSync(fd);
    }
    linkSync(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Another compile that failed may have removed the (then empty) parent it had created.
    if (code === 'ENOENT' && retryMissingParent) {
      mkdirSync(dirname(path), { recursive: true });
      return tryCreate(path, me, false);
    }
    throw new CodedError({
      code: 'E_COMPILE_STAGING_FAILED',
      path: '',
      detail: `cannot create the lock ${path}: ${(err as Error).message}`,
    });
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}

/** Moves a stale lock aside (atomic: only one reclaimer gets it) and deletes it. */
function reclaim(path: string, seen: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else reclaimed or released it
  }
  let now = '';
  try {
    now = readFileSync(aside, 'utf8');
  } catch {
    // gone: nothing to put back
  }
  if (now !== seen) {
    // We moved a lock that was taken after our read: put it back if the place is still free.
    try {
      linkSync(aside, path);
    } catch {
      // Taken again meanwhile; that holder owns it now.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // already gone
  }
}

/** Takes the lock on `out` (its parent must exist), waiting up to `waitMs` for another holder. */
export async function lockOut(out: string, waitMs = DEFAULT_LOCK_WAIT_MS): Promise<OutLock> {
  const path = lockPath(out);
  const me = identity();
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(path, me)) break;
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // released between our create and read
    }
    if (isStale(text)) {
      reclaim(path, text);
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = text.trim().split(' ')[0] || 'unknown';
      throw new CodedError({
        code: 'E_COMPILE_OUTPUT_LOCKED',
        path: '',
        detail: `another compile (pid ${holder}) is writing ${out}; waited ${Math.round(waitMs / 1000)} s for it (lock ${path})`,
      });
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  let held = true;
  return {
    release(): void {
      if (!held) return;
      held = false;
      try {
        if (readFileSync(path, 'utf8') === me) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
