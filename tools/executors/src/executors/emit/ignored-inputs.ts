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
import type { JsonValue, Workload } from '@mvmforge/ir';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { MVMFORGE_SIBLING } from '@mvmforge/codegen/dist/default-rules';
import { workloadOutputDir } from '../../plugin/targets';
import { bundleParams } from './bundle-params';

/**
 * Only an `include` pattern can name a file past the default rules (codegen default-rules.ts
 * `namedPaths`), so an IR whose bytes never spell `include` names nothing: the line is `[]` before
 * the file is even parsed. This runs on every Nx run, warm runs included. A `\u` escape could spell
 * the key another way (emit never writes one), so such bytes take the full path too.
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
  const workload = sourceOf(bytes);
  if (workload === undefined) return 'ir.json does not parse';
  // Globs (the default `**`, `*.py`) name nothing: only a literal path or `dir/**` can bring in a
  // file past the default rules, so without one there is nothing to walk.
  const { namedPaths } = require('@mvmforge/codegen/dist/default-rules') as typeof import('@mvmforge/codegen/dist/default-rules');
  if (namedPaths(workload.apps[0].source.kind === 'local_path' ? workload.apps[0].source.include : []).length === 0) return '[]';
  // Loaded here, not at the top: the common case above needs none of it (see mayNameFiles). The
  // fingerprint module loads no zod (codegen fingerprint.ts): this runs on every Nx run.
  const { namedIgnoredEntries } = require('@mvmforge/codegen/dist/fingerprint') as typeof import('@mvmforge/codegen/dist/fingerprint');
  try {
    const entries = await namedIgnoredEntries({
      workload,
      ...bundleParams(workspaceRoot, outAbs, resolve(workspaceRoot, projectRoot)),
    });
    if (entries.length === 0) return '[]';
    const { canonicalJson } = require('@mvmforge/ir/dist/canonical') as typeof import('@mvmforge/ir/dist/canonical');
    return canonicalJson(entries as unknown as JsonValue);
  } catch (err) {
    const code = (err as { diagnostics?: Array<{ code: string }> }).diagnostics?.map((d) => d.code).join(',');
    return `bundle error ${code ?? errorMessage(err)}`;
  }
}

/**
 * The part of emit's ir.json the bundle walk reads (`apps[0].source`), or undefined when it is not
 * there in that shape. emit wrote and validated the file, so plain JSON.parse and this shape check
 * stand in for the IR schemas (zod), which would cost every Nx run ~80 ms to load; a hand-edited
 * file that passes here but is not a valid IR is caught by emit, which this input then re-runs.
 */
function sourceOf(bytes: Buffer): Workload | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  const source = (doc as { apps?: Array<{ source?: Record<string, unknown> }> } | null)?.apps?.[0]?.source;
  if (typeof source !== 'object' || source === null || typeof source.kind !== 'string' || typeof source.path !== 'string') return undefined;
  // Absent lists take the schema's defaults (libs/ir schema.ts: include `**`, exclude none).
  const list = (v: unknown, absent: string[]) =>
    v === undefined ? absent : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  const include = list(source.include, ['**']);
  const exclude = list(source.exclude, []);
  if (include === undefined || exclude === undefined) return undefined;
  source.include = include;
  source.exclude = exclude;
  return doc as Workload;
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
  const { canonicalJson } = require('@mvmforge/ir/dist/canonical') as typeof import('@mvmforge/ir/dist/canonical');
  return canonicalJson(Object.fromEntries(lines));
}

/** Entry point of the runtime input command (targets.ts `ignoredInputsCommand`). */
export function main(argv: readonly string[] = process.argv.slice(1)): void {
  const [artifactDir] = argv.filter((a) => a !== '--');
  void ignoredInputsOfWorkspace(process.cwd(), artifactDir ?? '').then((line) => process.stdout.write(`${line}\n`));
}
