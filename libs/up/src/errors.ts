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
