/**
 * The compile pipeline (artifact-v1 §2): validate → preconditions → source root and globs →
 * `--out` checks → stage (bundle) → render → publish. Each step runs only when the previous
 * one passed, so a refused compile never creates anything.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CodedError, irHash, validateWorkload, type Workload, TOOLCHAIN_VERSION, errorMessage } from '@mvmforge/ir';
import { executeBundle, planBundle, type BundlePlan } from './bundle';
import type { SourceRulesView } from './default-rules';
import type { KnownDigests } from './file-stamps';
import { renderFlake } from './flake';
import { nixMeaningfulKeyProblems } from './nix-keys';
import { renderLaunchJson } from './launch';
import { canonicalizeExistingPrefix, checkOutput } from './output-safety';
import { checkPreconditions } from './preconditions';
import { isOutputOrSibling, stageAndPublish, type PublishOptions } from './publish';
import { bundleEmpty, resolveSource, type ResolvedSource, type SourceOpts } from './resolve-source';

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
   * Where the IR came from: `stdin` has no manifest directory, so a relative source.path needs
   * `baseDir` (E_SOURCE_BUNDLE_EMPTY otherwise; nothing is walked). `manifestFile` (an IR file)
   * is never bundled itself.
   */
  manifestKind?: 'stdin' | 'json' | 'python' | 'node';
  manifestFile?: string;
  /** Allowed-root-relative folders left out by default (the Nx plugin's artifact directory). */
  excludeDirs?: string[];
  /** A bundle larger than this many bytes gets a warning (default DEFAULT_BUNDLE_WARN_BYTES). */
  warnBytes?: number;
  /** How long to wait for another compile of the same `--out` (ms). */
  lockWaitMs?: number;
  /** Stops the walk and copy between files (e.g. `up` interrupted during compile). */
  signal?: AbortSignal;
  /**
   * Digests emit computed for this bundle, with the stamps they were computed on (file-stamps.ts):
   * a file that still carries its stamp is copied by the kernel and not hashed again.
   */
  knownDigests?: KnownDigests;
  /** Test hooks: the swap-race window and the publish steps (publish.ts PublishOptions). */
  hooks?: { beforeOpen?: () => void | Promise<void> } & Pick<PublishOptions, 'betweenRenames' | 'afterPublish' | 'twoRenamesOnly'>;
}

/** 256 MiB: well above a source tree, well below a tree that took node_modules or a cache by mistake. */
export const DEFAULT_BUNDLE_WARN_BYTES = 256 * 1024 * 1024;

export interface CompileResult {
  /** Absolute path of the published artifact. */
  out: string;
  irHash: string;
  treeHash: string;
  fileCount: number;
  workloadId: string;
  /** Bytes of the bundled regular files. */
  bytes: number;
  /** The effective bundle rules (also in launch.json's `source.rules`). */
  rules: SourceRulesView;
  /** Warnings for the user (an oversized bundle); the CLI prints them on stderr. */
  warnings: string[];
}

/** Issue 9 item 2: an empty bundle is a mistake (a typo'd include, the wrong base directory). */
function refuseEmpty(workload: Workload, source: ResolvedSource, plan: BundlePlan, opts: SourceOpts): void {
  if (plan.files.length + plan.links.length > 0) return;
  const include = workload.apps[0].source.kind === 'local_path' ? workload.apps[0].source.include : [];
  const incs = (include.length === 0 ? ['**'] : include).map((p) => JSON.stringify(p)).join(', ');
  const ignored =
    plan.defaultExcluded > 0
      ? ` (${plan.defaultExcluded} entries were left out by the default rules: .gitignore, node_modules, .venv, __pycache__, *.pyc; an include that names a path brings it back)`
      : '';
  const hint =
    opts.manifestKind === 'json' && opts.baseDir === undefined
      ? `; the IR file's directory was used as the base — if the IR was written away from app.py, pass --base-dir <the folder of app.py>`
      : '';
  throw bundleEmpty(
    `include ${incs} matched no file under the source root ${source.sourceRoot} (base directory ${source.base})${ignored}${hint}`,
  );
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
  const hash = irHash(workload);
  const manifestFile =
    opts.manifestFile === undefined ? undefined : canonicalizeExistingPrefix(resolve(opts.cwd ?? process.cwd(), opts.manifestFile));
  // Walk first: a refused symlink or name must not leave even an empty parent of --out behind.
  opts.signal?.throwIfAborted();
  const plan = await planBundle({
    sourceRoot: source.sourceRoot,
    filter: source.filter,
    rules: source.rules,
    signal: opts.signal,
    // The IR file being compiled is mvmforge's input, not the app's source.
    skip: (abs, name) => isOutputOrSibling(out, abs, name) || abs === manifestFile,
  });
  opts.signal?.throwIfAborted();
  refuseEmpty(workload, source, plan, opts);

  const bundled = await stageAndPublish(
    out,
    async (staging) => {
      const srcDir = join(staging, 'src');
      try {
        await mkdir(srcDir);
        await chmod(srcDir, 0o755);
      } catch (err) {
        throw new CodedError({
          code: 'E_COMPILE_STAGING_FAILED',
          path: '',
          detail: `cannot create ${srcDir}: ${errorMessage(err)}`,
        });
      }
      const result = await executeBundle(plan, srcDir, {
        signal: opts.signal,
        beforeOpen: opts.hooks?.beforeOpen,
        known: opts.knownDigests,
      });
      const launch = renderLaunchJson({
        workload,
        irHash: hash,
        fileCount: result.fileCount,
        treeHash: result.treeHash,
        sourceRules: source.view,
      });
      const flake = renderFlake({
        workloadId: workload.id,
        mvmUrl,
        irHash: hash,
        schemaVersion: workload.schema_version,
        toolchainVersion: TOOLCHAIN_VERSION,
      });
      try {
        await writeGenerated(join(staging, 'launch.json'), launch);
        await writeGenerated(join(staging, 'flake.nix'), flake);
      } catch (err) {
        throw new CodedError({
          code: 'E_COMPILE_STAGING_FAILED',
          path: '',
          detail: `cannot write into the staging directory: ${errorMessage(err)}`,
        });
      }
      return result;
    },
    {
      lockWaitMs: opts.lockWaitMs,
      betweenRenames: opts.hooks?.betweenRenames,
      afterPublish: opts.hooks?.afterPublish,
      twoRenamesOnly: opts.hooks?.twoRenamesOnly,
    },
  );

  const warnBytes = opts.warnBytes ?? DEFAULT_BUNDLE_WARN_BYTES;
  const warnings: string[] = [];
  if (bundled.bytes > warnBytes) {
    warnings.push(
      `the source bundle is ${mib(bundled.bytes)} (${bundled.fileCount} files), over the ${mib(warnBytes)} warning threshold: check that source.path and include/exclude select only the app (raise the threshold with --warn-bundle-mb)`,
    );
  }
  return {
    out,
    irHash: hash,
    treeHash: bundled.treeHash,
    fileCount: bundled.fileCount,
    workloadId: workload.id,
    bytes: bundled.bytes,
    rules: source.view,
    warnings,
  };
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
