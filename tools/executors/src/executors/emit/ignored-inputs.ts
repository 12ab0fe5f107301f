/**
 * A `runtime` input of the `emit` target (issue 10 item 2): Nx hashes only files git does not
 * ignore, so a gitignored file that an include names explicitly (`.env`) would be served stale
 * from the cache. This prints the path, mode and SHA-256 of every such file of each workload's
 * last emitted IR; Nx hashes the output, so editing one re-runs emit, which rewrites source.json,
 * which makes compile a cache miss. Before the first emit there is no IR: a workload without one
 * is left out, as is one whose IR names no ignored file. It never fails the hash: problems print
 * as a value of their own and emit itself reports them.
 *
 * One command for every workload of the workspace (issue 12): Nx runs a runtime input once per
 * distinct command line and reuses its output, so a per-workload command cost one Node process
 * (and the compiler's modules) per workload on every run, warm runs included — about 10 of the
 * 12.5 s of a warm run over 100 workloads. The price is coarser invalidation: editing one such
 * file re-runs every workload's emit; their compiles stay cache hits (source.json is unchanged).
 *
 * Usage (cwd = workspace root): node -e "require('@mvmforge/nx/dist/executors/emit/ignored-inputs.js').main()" <artifactDir>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { JsonValue } from '@mvmforge/ir';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { MVMFORGE_SIBLING } from '@mvmforge/codegen/dist/default-rules';
import { workloadOutputDir } from '../../plugin/targets';
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

/**
 * The workloads' output folders under `artifactDir` (workspace-relative, `/`-separated), each with
 * the project root it belongs to: a folder holding both `ir.json` and `source.json` (what emit
 * writes into `<artifactDir>/<projectRoot>`). Compiled artifacts (flake.nix + launch.json, their
 * `src/` is the user's source), publish siblings and symlinks are not entered.
 */
export function emittedOutputs(workspaceRoot: string, artifactDir: string): Array<{ outputDir: string; projectRoot: string }> {
  const found: Array<{ outputDir: string; projectRoot: string }> = [];
  const visit = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(resolve(workspaceRoot, artifactDir, rel), { withFileTypes: true });
    } catch {
      return; // no artifact dir yet (before the first emit), or unreadable: nothing emitted there
    }
    const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    if (files.has('flake.nix') && files.has('launch.json')) return;
    if (files.has('ir.json') && files.has('source.json')) {
      const projectRoot = rel === '' ? '.' : rel;
      found.push({ outputDir: workloadOutputDir(artifactDir, projectRoot), projectRoot });
    }
    const dirs = entries.filter((e) => e.isDirectory() && !MVMFORGE_SIBLING.test(e.name)).map((e) => e.name);
    for (const name of dirs.sort()) visit(rel === '' ? name : `${rel}/${name}`);
  };
  visit('');
  return found;
}

/**
 * The line for every workload emitted under `artifactDir`: a JSON object from project root to its
 * line (ignoredInputs), listing only workloads whose line is not `[]`, keys in code-point order.
 */
export async function ignoredInputsOfWorkspace(workspaceRoot: string, artifactDir: string): Promise<string> {
  // Never a walk of the workspace itself or of anything outside it.
  if (artifactDir === '' || artifactDir === '.' || isAbsolute(artifactDir) || artifactDir.split(/[\\/]/).includes('..')) {
    return `artifactDir ${JSON.stringify(artifactDir)} is not a folder inside the workspace`;
  }
  const lines: Array<[string, string]> = [];
  for (const { outputDir, projectRoot } of emittedOutputs(workspaceRoot, artifactDir)) {
    const line = await ignoredInputs(workspaceRoot, outputDir, projectRoot);
    if (line !== '[]') lines.push([projectRoot, line]);
  }
  if (lines.length === 0) return '{}';
  const { canonicalJson } = require('@mvmforge/ir') as typeof import('@mvmforge/ir');
  return canonicalJson(Object.fromEntries(lines));
}

/** Entry point of the runtime input command (targets.ts `ignoredInputsCommand`). */
export function main(argv: readonly string[] = process.argv.slice(1)): void {
  const [artifactDir] = argv.filter((a) => a !== '--');
  void ignoredInputsOfWorkspace(process.cwd(), artifactDir ?? '').then((line) => process.stdout.write(`${line}\n`));
}
