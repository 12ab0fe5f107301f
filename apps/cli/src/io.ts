import { CodedError, formatDiagnosticReport, type Diagnostic } from '@mvmforge/ir';

export const EXIT_OK = 0;
export const EXIT_CODED = 1;
export const EXIT_USAGE = 2;

export interface OutputMode {
  json: boolean;
}

/**
 * Prints coded errors: on stderr one line each (`E_CODE at .path: detail`) followed by the
 * registry hint (`  hint: …`) when the code has one; or the `{"ok":false,"errors":[…]}` document
 * on stdout in JSON mode.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], mode: OutputMode): void {
  if (mode.json) {
    const errors = diagnostics.map(({ code, path, detail }) => ({ code, path, detail }));
    process.stdout.write(`${JSON.stringify({ ok: false, errors })}\n`);
    return;
  }
  process.stderr.write(formatDiagnosticReport(diagnostics));
}

/**
 * Runs a command body and turns failures into exit statuses: a CodedError prints its diagnostics
 * (exit 1); anything else is an internal error, printed without a stack trace unless MVMFORGE_DEBUG=1.
 */
export async function runCommand(mode: OutputMode, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof CodedError) {
      printDiagnostics(err.diagnostics, mode);
      return EXIT_CODED;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`mvmforge: internal error: ${message}\n`);
    if (process.env.MVMFORGE_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT_CODED;
  }
}
