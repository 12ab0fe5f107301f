/**
 * One process-wide catcher for the signals that end an interactive run (SIGINT, SIGTERM, SIGHUP).
 *
 * Why: a child we started (the Python SDK, nix, mvmctl) lives in its own process group, so a
 * signal sent to mvmforge alone no longer reaches it. Every piece of code that owns a child or a
 * temporary directory takes a guard; while any guard is held the signals are caught, each guard's
 * `onSignal` runs (kill your child's group, remember to clean up), and when the last guard is
 * released the signal is raised again with its default action, so the process still ends "killed
 * by SIGTERM" — unless some other listener (a caller with its own policy, such as `up`, which
 * returns mvmctl's status) is installed, in which case that listener already got the signal.
 */
export const REAPED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ReapedSignal = (typeof REAPED_SIGNALS)[number];

export interface SignalGuard {
  /** The first of REAPED_SIGNALS that arrived while this guard was held, if any. */
  readonly received: ReapedSignal | undefined;
  /** Stops holding. The last release after a signal re-raises it (see the module comment). Idempotent. */
  release(): void;
}

interface Holder {
  onSignal?: (signal: ReapedSignal) => void;
  received?: ReapedSignal;
}

const holders = new Set<Holder>();
let pending: ReapedSignal | undefined;
const installed = new Map<ReapedSignal, () => void>();

function install(): void {
  for (const signal of REAPED_SIGNALS) {
    const handler = (): void => {
      pending ??= signal;
      for (const holder of [...holders]) {
        holder.received ??= signal;
        holder.onSignal?.(signal);
      }
    };
    installed.set(signal, handler);
    process.on(signal, handler);
  }
}

function uninstall(): void {
  for (const [signal, handler] of installed) process.removeListener(signal, handler);
  installed.clear();
}

export function guardSignals(onSignal?: (signal: ReapedSignal) => void): SignalGuard {
  if (holders.size === 0) {
    pending = undefined;
    install();
  }
  const holder: Holder = { onSignal };
  holders.add(holder);
  let released = false;
  return {
    get received() {
      return holder.received;
    },
    release() {
      if (released) return;
      released = true;
      holders.delete(holder);
      if (holders.size > 0) return;
      uninstall();
      const signal = pending;
      pending = undefined;
      // Only when nobody else listens: otherwise the re-raised signal would reach that listener a
      // second time (for `up`, a second Ctrl-C means "escalate").
      if (signal !== undefined && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    },
  };
}
