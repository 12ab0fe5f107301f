/**
 * Strips TypeScript types so Node 20 can run an `app.ts` without a build step: typescript's
 * `transpileModule` (already a dependency of the workspace; no type check, one file at a time)
 * with an inline source map, so stack traces — and thus the SDK's `app.ts:LINE` call sites —
 * point at the author's lines. A syntax error becomes a TypeScriptSyntaxError at its own line.
 */
import type * as TS from 'typescript';
import type { ModuleFormat } from './node-entry';

let ts: typeof TS | undefined;

/** A syntax error found while stripping types; `line` is 1-based. */
export class TypeScriptSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: SyntaxError: ${detail}`);
    this.name = 'SyntaxError';
  }
}

/** JavaScript for `source` (the text of `file`, an absolute path) in the given module format. */
export function transpileTypeScript(source: string, file: string, format: ModuleFormat): string {
  // Loaded lazily: only TypeScript entries pay for the compiler.
  ts ??= require('typescript') as typeof TS;
  const result = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      module: format === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
      inlineSources: false,
      jsx: ts.JsxEmit.Preserve,
    },
  });
  const error = result.diagnostics?.find((d) => d.category === ts!.DiagnosticCategory.Error);
  if (error) {
    const line = error.file && error.start !== undefined ? error.file.getLineAndCharacterOfPosition(error.start).line + 1 : 1;
    throw new TypeScriptSyntaxError(file, line, ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  }
  return result.outputText;
}
