/**
 * Process-group helpers. A child spawned with `detached: true` leads a new process group (its pid
 * is the group id), so `kill(-pid)` reaches it and everything it started — nix's builders,
 * mvmctl's own children — which a plain `child.kill()` would leave running as orphans.
 */
import type { ChildProcess } from 'node:child_process';

/** Sends `signal` to the child's whole process group; falls back to the child alone. Never throws. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals, grouped = true): void {
  if (child.pid === undefined) return;
  try {
    if (grouped) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group is already gone. Try the child itself, which may not have set up its group yet.
    try {
      child.kill(signal);
    } catch {
      /* already exited */
    }
  }
}

/** True when some process of the group `pgid` is still alive (signal 0 probes without sending). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
