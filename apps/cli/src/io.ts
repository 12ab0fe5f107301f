import { formatDiagnosticReport } from '@mvmforge/ir/dist/format';
import type { Diagnostic } from '@mvmforge/ir/dist/diagnostic';

export interface OutputMode {
  json: boolean;
}

/**
 * Prints coded errors: on stderr one line each (`E_CODE at .path: detail`) followed by the
 * registry hint (`  hint: …`); or the `{"ok":false,"errors":[…]}` document on stdout in JSON mode.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], mode: OutputMode): void {
  if (mode.json) {
    const errors = diagnostics.map(({ code, path, detail }) => ({ code, path, detail }));
    process.stdout.write(`${JSON.stringify({ ok: false, errors })}\n`);
    return;
  }
  process.stderr.write(formatDiagnosticReport(diagnostics));
}
