/**
 * A usage error of `up` (a malformed MVMFORGE_UP_ARGS, an option that does not apply). It is not a
 * CodedError on purpose: the spec maps usage errors to exit status 2, coded errors to 1, and the
 * CLI and the Nx executor tell them apart by class.
 */
export class UpUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpUsageError';
  }
}

export function isUpUsageError(err: unknown): err is UpUsageError {
  return err instanceof UpUsageError;
}

/**
 * SIGINT/SIGTERM arrived while `up` was compiling, before mvmctl was started. The temporary
 * artifact has been removed; the CLI exits with `exitStatus` (128 + the signal number), the
 * status a shell reports for a process killed by that signal.
 */
export class UpInterruptedError extends Error {
  readonly signal: NodeJS.Signals;
  readonly exitStatus: number;

  constructor(signal: NodeJS.Signals, exitStatus: number) {
    super(`interrupted by ${signal} while compiling; nothing was started`);
    this.name = 'UpInterruptedError';
    this.signal = signal;
    this.exitStatus = exitStatus;
  }
}
