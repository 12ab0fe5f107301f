/**
 * What compile would bundle, without copying: emit's source.json (the Nx early-cutoff key,
 * nx-notes §4) and the named-ignored entries of emit's runtime input. Loads no zod-backed module:
 * the runtime input runs on every Nx run, warm ones included (issue 12).
 */
import { resolve } from 'node:path';
import type { Workload } from '@mvmforge/ir';
import { executeBundle, planBundle } from './bundle';
import type { FileStamp } from './file-stamps';
import { canonicalizeExistingPrefix } from './output-safety';
import { isOutputOrSibling } from './publish';
import { resolveSource } from './resolve-source';

/** One entry of a source fingerprint. */
export type FingerprintEntry =
  { kind: 'file'; path: string; mode: '0644' | '0755'; sha256: string } | { kind: 'symlink'; path: string; target: string };

/**
 * What `compile` would bundle, without copying: the Nx early-cutoff key (nx-notes §4). This is the
 * document the emit executor writes as source.json, a wire format, so its keys stay snake_case.
 */
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
  /** As in CompileOptions: pass the same value compile gets, or the two bundles differ. */
  excludeDirs?: string[];
  signal?: AbortSignal;
  /** Receives the stamp of every file hashed unchanged (file-stamps.ts), for compile to reuse the digest. */
  onStamp?: (path: string, stamp: FileStamp) => void;
}

/**
 * The resolved bundle's file list (modes, content hashes, link targets) and `tree_hash`, computed
 * with the same walk and globs as compile. Contains no absolute path, so it is machine-independent.
 */
export async function sourceFingerprint(opts: FingerprintOptions): Promise<SourceFingerprint> {
  return toFingerprint(await fingerprintBundle(opts));
}

async function fingerprintBundle(opts: FingerprintOptions) {
  return executeBundle(await planFingerprint(opts), undefined, { signal: opts.signal, onStamp: opts.onStamp });
}

/** The walk compile would do for this workload (same globs, rules and skipped output); nothing read yet. */
async function planFingerprint(opts: FingerprintOptions) {
  const source = resolveSource(opts.workload, opts);
  let skip: ((abs: string, name: string) => boolean) | undefined;
  if (opts.out !== undefined) {
    const out = canonicalizeExistingPrefix(resolve(opts.cwd ?? process.cwd(), opts.out));
    skip = (abs, name) => isOutputOrSibling(out, abs, name);
  }
  return planBundle({ sourceRoot: source.sourceRoot, filter: source.filter, rules: source.rules, skip, signal: opts.signal });
}

/**
 * The bundled entries that only a naming include brought in past the default rules — mostly
 * gitignored files, which Nx never hashes (issue 10 item 2). The Nx plugin feeds these to emit's
 * cache key (a runtime input), so editing one re-runs emit and changes source.json.
 */
export async function namedIgnoredEntries(opts: FingerprintOptions): Promise<FingerprintEntry[]> {
  const plan = await planFingerprint(opts);
  // Only the named entries are opened and hashed. This runs on every Nx run, warm ones included;
  // the rest of the tree is what Nx hashes itself.
  const named = { ...plan, files: plan.files.filter((f) => f.named), links: plan.links.filter((l) => l.named) };
  return toFingerprint(await executeBundle(named, undefined, { signal: opts.signal })).files;
}

function toFingerprint(result: Awaited<ReturnType<typeof fingerprintBundle>>): SourceFingerprint {
  return {
    file_count: result.fileCount,
    tree_hash: result.treeHash,
    files: result.entries.map((e): FingerprintEntry =>
      e.kind === 'f'
        ? { kind: 'file', path: e.path, mode: e.mode as '0644' | '0755', sha256: e.content }
        : { kind: 'symlink', path: e.path, target: e.content },
    ),
  };
}
