/**
 * A `runtime` input of the `emit` target (issue 10 item 2): Nx hashes only files git does not
 * ignore, so a gitignored file that an include names explicitly (`.env`) would be served stale
 * from the cache. This prints the path, mode and SHA-256 of every such file of the workload's
 * last emitted IR; Nx hashes the output, so editing one re-runs emit, which rewrites source.json,
 * which makes compile a cache miss. Before the first emit there is no IR: it prints `[]`, as for
 * an IR that names no ignored file. It never fails the hash: problems print as a line of their own
 * and emit itself reports them.
 *
 * Usage (cwd = workspace root): node -e "require('@mvmforge/nx/dist/executors/emit/ignored-inputs.js').main()" <outputDir> <projectRoot>
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { JsonValue } from '@mvmforge/ir';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { bundleParams } from './bundle-params';

/**
 * Only an `include` pattern can name a file past the default rules (codegen default-rules.ts
 * `namedPaths`), so an IR whose bytes never spell `include` names nothing: the line is `[]` without
 * walking and hashing the whole source tree, and without loading zod and the compiler. This runs as
 * one process per workload on every Nx run, warm runs included. A `\u` escape could spell the key
 * another way (emit never writes one), so such bytes take the full path too.
 */
function mayNameFiles(irBytes: Buffer): boolean {
  return irBytes.includes('include') || irBytes.includes('\\u');
}

export async function ignoredInputs(workspaceRoot: string, outputDir: string, projectRoot: string): Promise<string> {
  const outAbs = resolve(workspaceRoot, outputDir);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(outAbs, 'ir.json'));
  } catch {
    // Before the first emit: the same line as "nothing named", so a workload without such files
    // is a cache hit from its second run on.
    return '[]';
  }
  if (!mayNameFiles(bytes)) return '[]';
  // Loaded here, not at the top: the common case above needs neither (see mayNameFiles).
  const { namedIgnoredEntries } = require('@mvmforge/codegen') as typeof import('@mvmforge/codegen');
  const { canonicalJson, parseWorkload } = require('@mvmforge/ir') as typeof import('@mvmforge/ir');
  const parsed = parseWorkload(bytes);
  if (!parsed.ok) return 'ir.json does not parse';
  try {
    const entries = await namedIgnoredEntries({
      workload: parsed.workload,
      ...bundleParams(workspaceRoot, outAbs, resolve(workspaceRoot, projectRoot)),
    });
    return canonicalJson(entries as unknown as JsonValue);
  } catch (err) {
    const code = (err as { diagnostics?: Array<{ code: string }> }).diagnostics?.map((d) => d.code).join(',');
    return `bundle error ${code ?? errorMessage(err)}`;
  }
}

/** Entry point of the runtime input command (targets.ts `ignoredInputsCommand`). */
export function main(argv: readonly string[] = process.argv.slice(1)): void {
  const [outputDir, projectRoot] = argv.filter((a) => a !== '--');
  void ignoredInputs(process.cwd(), outputDir ?? '', projectRoot ?? '').then((line) => process.stdout.write(`${line}\n`));
}
