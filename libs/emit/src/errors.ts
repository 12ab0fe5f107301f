import { CodedError } from '@mvmforge/ir/dist/diagnostic';

/** The SDK ran (or could not finish) and failed (ir-v0 §11.4); it has no IR location, so the path is empty. */
export function emitFailed(detail: string): CodedError {
  return new CodedError({ code: 'E_EMIT_FAILED', path: '', detail });
}

/** No interpreter to run the SDK with: not an SDK failure, so not E_EMIT_FAILED (issue 9 item 8). */
export function pythonNotFound(detail: string): CodedError {
  return new CodedError({ code: 'E_PYTHON_NOT_FOUND', path: '', detail });
}

/**
 * The workload input (entry, IR file, stdin) could not be read. A class of its own because
 * `mvmforge validate` exits 2 (usage) for it rather than 1, and because it is reported before
 * any parsing: a mistyped `app.py` path is never a JSON problem.
 */
export class WorkloadReadError extends CodedError {}

/** `where`: the path as the user gave it (JSON-quoted), or `stdin`. */
export function inputReadError(where: string, err: unknown): WorkloadReadError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new WorkloadReadError({ code: 'E_INPUT_NOT_FOUND', path: '', detail: `${where}: no such file` });
  }
  const reason =
    code === 'EISDIR' ? 'is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message;
  return new WorkloadReadError({ code: 'E_INPUT_UNREADABLE', path: '', detail: `cannot read ${where}: ${reason}` });
}
