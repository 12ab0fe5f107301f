import type { Diagnostic } from './diagnostic';
import { hintFor } from './error-codes';

/** The human display form: `<CODE> at <path>: <detail>`, or `<CODE>: <detail>` without a path. */
export function formatDiagnostic(d: Diagnostic): string {
  return d.path ? `${d.code} at ${d.path}: ${d.detail}` : `${d.code}: ${d.detail}`;
}

/**
 * What the CLI and the Nx executors print for failures: one line per diagnostic, each followed by
 * the registry's hint on what to do (`  hint: …`) when the code has one.
 */
export function formatDiagnosticReport(diagnostics: readonly Diagnostic[]): string {
  let out = '';
  for (const d of diagnostics) {
    out += `${formatDiagnostic(d)}\n`;
    const hint = hintFor(d.code);
    if (hint) out += `  hint: ${hint}\n`;
  }
  return out;
}
