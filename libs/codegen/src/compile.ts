/**
 * The compile pipeline (artifact-v1 §2): validate → preconditions → source root and globs →
 * `--out` checks → stage (bundle) → render → publish. Each step runs only when the previous
 * one passed, so a refused compile never creates anything.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CodedError, irHash, validateWorkload, type Diagnostic, type Workload, TOOLCHAIN_VERSION } from '@mvmforge/ir';
import { executeBundle, planBundle } from './bundle';
import { renderFlake } from './flake';
import { nixMeaningfulKeyProblems } from './nix-keys';
import { compileSourceFilter } from './globs';
import { renderLaunchJson } from './launch';
import { canonicalizeExistingPrefix, checkOutput } from './output-safety';
import { checkPreconditions } from './preconditions';
import { isOutputOrSibling, stageAndPublish } from './publish';
import { resolveSourceRoot, type ResolvedSourceRoot } from './source-root';
import type { SourceFilter } from './globs';

export interface CompileOptions {
  /** The parsed IR (`parseWorkload(...).workload`). */
  workload: Workload;
  /** The manifest directory (§7): the IR file's or entry's directory, the cwd for stdin. */
  manifestDir: string;
  /** `--base-dir`: overrides `manifestDir` as the base of a relative `source.path`. */
  baseDir?: string;
  /** `--root`: the allowed root (defaults to the git root above the base, else the base). */
  root?: string;
  /** `--out`; a relative path is resolved against `cwd`. */
  out: string;
  /** Environment for MVMFORGE_MVM_FLAKE_URL; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Base for a relative `out`, `baseDir`, `root` or `manifestDir`; defaults to `process.cwd()`. */
  cwd?: string;
  /**
   * Aborts the compile (rejecting with the signal's reason) at the next file the source walk
   * looks at, or before staging; `up` uses it to stop within a moment of SIGINT/SIGTERM/SIGHUP.
   */
  signal?: AbortSignal;
}

export interface CompileResult {
  /** Absolute path of the published artifact. */
  out: string;
  ir_hash: string;
  tree_hash: string;
  file_count: number;
  workload_id: string;
}

interface ResolvedSource extends ResolvedSourceRoot {
  filter: SourceFilter;
}

/** §2 step 4: the canonical source root and the compiled globs of `apps[0].source`. */
function resolveSource(workload: Workload, opts: { manifestDir: string; baseDir?: string; root?: string; cwd?: string }): ResolvedSource {
  const source = workload.apps[0].source;
  if (source.kind !== 'local_path') {
    throw new CodedError({ code: 'E_SOURCE_KIND_DEFERRED', path: '.apps[0].source.kind', detail: `source kind ${JSON.stringify(source.kind)} cannot be bundled; use local_path` });
  }
  // Both halves of the step report together (§2: a step that collects reports all its errors).
  const problems: Diagnostic[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof CodedError)) throw err;
      problems.push(...err.diagnostics);
      return undefined;
    }
  };
  const roots = attempt(() => resolveSourceRoot({ sourcePath: source.path, manifestDir: opts.manifestDir, baseDir: opts.baseDir, root: opts.root, cwd: opts.cwd }));
  const filter = attempt(() => compileSourceFilter(source.include, source.exclude));
  if (roots === undefined || filter === undefined) throw new CodedError(problems);
  return { ...roots, filter };
}

async function writeGenerated(path: string, text: string): Promise<void> {
  await writeFile(path, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
  await chmod(path, 0o644); // the umask has no say in the artifact's modes
}

export async function compileWorkload(opts: CompileOptions): Promise<CompileResult> {
  const { workload } = opts;
  const invalid = validateWorkload(workload);
  if (invalid.length > 0) throw new CodedError(invalid);
  const nixUnsafe = nixMeaningfulKeyProblems(workload);
  if (nixUnsafe.length > 0) throw new CodedError(nixUnsafe);

  const mvmUrl = checkPreconditions(workload, opts.env ?? process.env);
  const source = resolveSource(workload, opts);
  const { out } = checkOutput({ out: opts.out, cwd: opts.cwd, allowedRoot: source.allowedRoot, sourceRoot: source.sourceRoot });
  const ir_hash = irHash(workload);
  // Walk first: a refused symlink or name must not leave even an empty parent of --out behind.
  opts.signal?.throwIfAborted();
  const plan = await planBundle({
    sourceRoot: source.sourceRoot,
    filter: source.filter,
    // The walk calls skip for every entry it reads, which makes it the abort check of the walk.
    skip: (abs, name) => {
      opts.signal?.throwIfAborted();
      return isOutputOrSibling(out, abs, name);
    },
  });
  opts.signal?.throwIfAborted();

  const bundled = await stageAndPublish(out, async (staging) => {
    const srcDir = join(staging, 'src');
    try {
      await mkdir(srcDir);
      await chmod(srcDir, 0o755);
    } catch (err) {
      throw new CodedError({ code: 'E_COMPILE_STAGING_FAILED', path: '', detail: `cannot create ${srcDir}: ${err instanceof Error ? err.message : String(err)}` });
    }
    const result = await executeBundle(plan, srcDir);
    const launch = renderLaunchJson({ workload, irHash: ir_hash, fileCount: result.file_count, treeHash: result.tree_hash });
    const flake = renderFlake({
      workloadId: workload.id,
      mvmUrl,
      irHash: ir_hash,
      schemaVersion: workload.schema_version,
      toolchainVersion: TOOLCHAIN_VERSION,
    });
    try {
      await writeGenerated(join(staging, 'launch.json'), launch);
      await writeGenerated(join(staging, 'flake.nix'), flake);
    } catch (err) {
      throw new CodedError({ code: 'E_COMPILE_STAGING_FAILED', path: '', detail: `cannot write into the staging directory: ${err instanceof Error ? err.message : String(err)}` });
    }
    return result;
  });

  return { out, ir_hash, tree_hash: bundled.tree_hash, file_count: bundled.file_count, workload_id: workload.id };
}

/** One entry of a source fingerprint. */
export type FingerprintEntry =
  | { kind: 'file'; path: string; mode: '0644' | '0755'; sha256: string }
  | { kind: 'symlink'; path: string; target: string };

/** What `compile` would bundle, without copying: the Nx early-cutoff key (nx-notes §4). */
export interface SourceFingerprint {
  file_count: number;
  tree_hash: string;
  files: FingerprintEntry[];
}

export interface FingerprintOptions {
  workload: Workload;
  manifestDir: string;
  baseDir?: string;
  root?: string;
  /** The artifact directory, when known, so the fingerprint skips it exactly like compile does. */
  out?: string;
  cwd?: string;
}

/**
 * The resolved bundle's file list (modes, content hashes, link targets) and `tree_hash`, computed
 * with the same walk and globs as compile. Contains no absolute path, so it is machine-independent.
 */
export async function sourceFingerprint(opts: FingerprintOptions): Promise<SourceFingerprint> {
  const source = resolveSource(opts.workload, opts);
  let skip: ((abs: string, name: string) => boolean) | undefined;
  if (opts.out !== undefined) {
    const out = canonicalizeExistingPrefix(resolve(opts.cwd ?? process.cwd(), opts.out));
    skip = (abs, name) => isOutputOrSibling(out, abs, name);
  }
  const result = await executeBundle(await planBundle({ sourceRoot: source.sourceRoot, filter: source.filter, skip }), undefined);
  return {
    file_count: result.file_count,
    tree_hash: result.tree_hash,
    files: result.entries.map((e): FingerprintEntry =>
      e.kind === 'f' ? { kind: 'file', path: e.path, mode: e.mode as '0644' | '0755', sha256: e.content } : { kind: 'symlink', path: e.path, target: e.content },
    ),
  };
}
