import type { Command } from 'commander';
import { errorCodeEntry, errorCodesDocument, ERROR_CODES, suggestErrorCodes, type ErrorCodeEntry } from '@mvmforge/ir';
import { EXIT_CODED, EXIT_OK } from '../io';

interface ExplainFlags {
  list?: boolean;
  json?: boolean;
}

/** Accepts `E_UNKNOWN_FIELD`, `e_unknown_field` and `UNKNOWN_FIELD`. */
function resolveCode(query: string): string | undefined {
  const q = query.trim().toUpperCase();
  if (errorCodeEntry(q)) return q;
  if (errorCodeEntry(`E_${q}`)) return `E_${q}`;
  return undefined;
}

function describe(code: string, e: ErrorCodeEntry): string {
  let out = `${code}  (stage: ${e.stage})\n  ${e.description}\n`;
  if (e.fields?.length) out += `  where: ${e.fields.join(', ')}\n`;
  out += `  hint: ${e.hint}\n`;
  return out;
}

/** `mvmforge explain CODE | --list [--json]`: the error-code registry (ir-v0 §11). */
export function registerExplain(program: Command): void {
  const cmd = program
    .command('explain')
    .description('explain an error code (description, stage, where it points, what to do), or list all codes')
    .argument('[code]', 'an error code such as E_UNKNOWN_FIELD')
    .option('--list', 'list every error code')
    .option('--json', 'print JSON on stdout');
  cmd.action((code: string | undefined, flags: ExplainFlags) => {
    if (flags.list) {
      if (flags.json) process.stdout.write(`${JSON.stringify(errorCodesDocument())}\n`);
      else {
        const codes = Object.keys(ERROR_CODES).sort();
        const width = Math.max(...codes.map((c) => c.length));
        for (const c of codes) {
          const e = ERROR_CODES[c] as ErrorCodeEntry;
          process.stdout.write(`${c.padEnd(width)}  ${e.stage.padEnd(8)}  ${e.description}\n`);
        }
      }
      process.exitCode = EXIT_OK;
      return;
    }
    if (code === undefined) {
      cmd.error('error: give an error code or --list', { exitCode: 2, code: 'mvmforge.missingCode' });
    }
    const resolved = resolveCode(code as string);
    if (resolved) {
      const e = errorCodeEntry(resolved) as ErrorCodeEntry;
      process.stdout.write(flags.json ? `${JSON.stringify({ code: resolved, ...e })}\n` : describe(resolved, e));
      process.exitCode = EXIT_OK;
      return;
    }
    const suggestions = suggestErrorCodes(code as string);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ code, known: false, suggestions })}\n`);
    } else {
      process.stderr.write(`mvmforge explain: unknown error code ${JSON.stringify(code)}\n`);
      if (suggestions.length) process.stderr.write(`did you mean: ${suggestions.join(', ')}?\n`);
      process.stderr.write('run `mvmforge explain --list` for every code\n');
    }
    process.exitCode = EXIT_CODED;
  });
}
