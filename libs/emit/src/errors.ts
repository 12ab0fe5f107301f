import { CodedError } from '@mvmforge/ir';

/** The one failure code of running the SDK (ir-v0 §11.4); it has no IR location, so the path is empty. */
export function emitFailed(detail: string): CodedError {
  return new CodedError({ code: 'E_EMIT_FAILED', path: '', detail });
}
