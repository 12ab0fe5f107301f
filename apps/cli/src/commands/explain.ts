import type { Command } from 'commander';
import {
  allErrorCodes,
  ERROR_CODES,
  errorCodesDocument,
  isKnownErrorCode,
  suggestErrorCodes,
  type ErrorCode,
  type ErrorCodeEntry,
} from '@mvmforge/ir/dist/error-codes';
import { UsageError, type VerbResult } from '../exit';

interface ExplainFlags {
  list?: boolean;
  json?: boolean;
}

/** Accepts `E_UNKNOWN_FIELD`, `e_unknown_field` and `UNKNOWN_FIELD`. */
function resolveCode(query: string): ErrorCode | undefined {
  const q = query.trim().toUpperCase();
  if (isKnownErrorCode(q)) return q;
  const prefixed = `E_${q}`;
  return isKnownErrorCode(prefixed) ? prefixed : undefined;
}

function describe(code: ErrorCode, e: ErrorCodeEntry): string {
  let out = `${code}  (stage: ${e.stage})\n  ${e.description}\n`;
  if (e.fields?.length) out += `  where: ${e.fields.join(', ')}\n`;
  out += `  hint: ${e.hint}\n`;
  return out;
}

/** `mvmforge explain CODE | --list [--json]`: the error-code registry (ir-v0 §11). Needs no zod. */
export function configure(cmd: Command): void {
  cmd
    .description('explain an error code (description, stage, where it points, what to do), or list all codes')
    .argument('[code]', 'an error code such as E_UNKNOWN_FIELD')
    .option('--list', 'list every error code')
    .option('--json', 'print JSON on stdout');
}

function list(json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(errorCodesDocument())}\n`);
    return;
  }
  const codes = allErrorCodes();
  const width = Math.max(...codes.map((c) => c.length));
  for (const c of codes) process.stdout.write(`${c.padEnd(width)}  ${ERROR_CODES[c].stage.padEnd(8)}  ${ERROR_CODES[c].description}\n`);
}

export function run(code: string | undefined, flags: ExplainFlags): VerbResult {
  const json = flags.json === true;
  if (flags.list) {
    list(json);
    return 'ok';
  }
  if (code === undefined) throw new UsageError('give an error code or --list');
  const resolved = resolveCode(code);
  if (resolved) {
    const e = ERROR_CODES[resolved];
    process.stdout.write(json ? `${JSON.stringify({ code: resolved, ...e })}\n` : describe(resolved, e));
    return 'ok';
  }
  const suggestions = suggestErrorCodes(code);
  if (json) {
    process.stdout.write(`${JSON.stringify({ code, known: false, suggestions })}\n`);
  } else {
    process.stderr.write(`mvmforge explain: unknown error code ${JSON.stringify(code)}\n`);
    if (suggestions.length) process.stderr.write(`did you mean: ${suggestions.join(', ')}?\n`);
    process.stderr.write('run `mvmforge explain --list` for every code\n');
  }
  return 'unknownCode';
}
