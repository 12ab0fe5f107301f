import type { Diagnostic } from './diagnostic';

/** The human display form: `<CODE> at <path>: <detail>`, or `<CODE>: <detail>` without a path. */
export function formatDiagnostic(d: Diagnostic): string {
  return d.path ? `${d.code} at ${d.path}: ${d.detail}` : `${d.code}: ${d.detail}`;
}
