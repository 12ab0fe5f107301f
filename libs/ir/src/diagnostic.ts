import type { ErrorCode } from './error-codes';

/**
 * The one error shape of mvmforge: every failure a user can cause is reported as a Diagnostic
 * with an `E_` code, a jq-style path (`.apps[0].env.API_KEY`, `.` for the whole document, `""`
 * when the error has no IR location) and a detail that says what is wrong.
 */
export interface Diagnostic {
  code: ErrorCode;
  path: string;
  detail: string;
}

/** Thrown by the libraries for coded failures; the CLI and executors print its diagnostics. */
export class CodedError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? [...diagnostics] : [diagnostics as Diagnostic];
    super(list.map((d) => (d.path ? `${d.code} at ${d.path}: ${d.detail}` : `${d.code}: ${d.detail}`)).join('\n'));
    this.name = 'CodedError';
    this.diagnostics = list;
  }
}

export function diagnostic(code: ErrorCode, path: string, detail: string): Diagnostic {
  return { code, path, detail };
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}
