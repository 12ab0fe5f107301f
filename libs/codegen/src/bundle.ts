/**
 * The `src/` bundle (artifact-v1 §6.1, §6.3): walk the source root, keep what the globs select,
 * copy it with normalized modes, and describe every kept entry for `tree_hash`.
 *
 * The walk only plans (paths, modes, link targets); copying happens afterwards. Each file is read
 * in fixed-size chunks that are hashed and written as they pass, so memory stays bounded by one
 * chunk whatever the file sizes are. The copy uses synchronous system calls in time slices: for
 * trees of many small files that is about twice as fast as promise-based I/O (one thread-pool
 * round trip per call), and yielding to the event loop every few milliseconds keeps SIGINT/SIGTERM
 * handling (staging cleanup, publish.ts) prompt.
 */
import { createHash } from 'node:crypto';
import { closeSync, fchmodSync, openSync, readSync, writeSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readlink, realpath, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { CodedError } from '@mvmforge/ir';
import type { SourceFilter } from './globs';
import { isAtOrBelow } from './source-root';
import { sortEntries, treeHash, type BundleEntry } from './tree-hash';

const SOURCE_PATH = '.apps[0].source.path';
const CHUNK_BYTES = 1 << 20;
/** Longest stretch of synchronous copying before the event loop gets a turn (signals, timers). */
const SLICE_MS = 10;
const FILE_MODE = { '0644': 0o644, '0755': 0o755 } as const;
const DIR_MODE = 0o755;

export interface BundleOptions {
  /** Canonical absolute source root. */
  sourceRoot: string;
  filter: SourceFilter;
  /**
   * Absolute paths the walk must not enter or keep (the output directory and its staging/backup
   * siblings when they lie inside the source root). Called with the entry's absolute path and name.
   */
  skip?: (absPath: string, name: string) => boolean;
  /** Destination `src/` directory (created by the caller); omit to fingerprint without copying. */
  dest?: string;
}

export interface BundleResult {
  /** Kept entries sorted by relative path (UTF-8 byte order). */
  entries: BundleEntry[];
  file_count: number;
  tree_hash: string;
}

/** What the walk selected: paths, normalized modes and checked link targets (nothing copied yet). */
export interface BundlePlan {
  files: PlannedFile[];
  links: PlannedLink[];
}

interface PlannedFile {
  rel: string;
  abs: string;
  mode: '0644' | '0755';
}
interface PlannedLink {
  rel: string;
  target: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function copyFailed(rel: string, why: string): CodedError {
  return new CodedError({ code: 'E_SOURCE_COPY_FAILED', path: SOURCE_PATH, detail: `${rel === '' ? 'the source root' : JSON.stringify(rel)}: ${why}` });
}

function ioMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function decodeName(raw: Buffer, relDir: string): string {
  try {
    return utf8.decode(raw);
  } catch {
    const shown = relDir === '' ? '' : `${relDir}/`;
    throw copyFailed(`${shown}${raw.toString('latin1')}`, 'the file name is not valid UTF-8 (mvmforge refuses non-UTF-8 names)');
  }
}

async function checkSymlink(abs: string, rel: string, sourceRoot: string): Promise<string> {
  let target: string;
  try {
    target = utf8.decode(await readlink(abs, { encoding: 'buffer' }));
  } catch (err) {
    if (err instanceof TypeError) throw copyFailed(rel, 'the symlink target is not valid UTF-8');
    throw copyFailed(rel, `cannot read the symlink: ${ioMessage(err)}`);
  }
  if (isAbsolute(target)) {
    throw new CodedError({
      code: 'E_SOURCE_OUT_OF_TREE_SYMLINK',
      path: SOURCE_PATH,
      detail: `symlink ${JSON.stringify(rel)} has the absolute target ${JSON.stringify(target)}; bundled links must be relative and stay inside the source root`,
    });
  }
  let canonical: string;
  try {
    // Plain concatenation, not path.resolve/join: those fold `x/..` lexically, but the kernel
    // follows `x` first, so `sub/../f` with `sub -> .` really leaves the tree (§6.3 "follow all links").
    canonical = await realpath(`${dirname(abs)}/${target}`);
  } catch (err) {
    throw copyFailed(rel, `the symlink target ${JSON.stringify(target)} cannot be resolved (dangling link or loop): ${ioMessage(err)}`);
  }
  if (!isAtOrBelow(canonical, sourceRoot)) {
    throw new CodedError({
      code: 'E_SOURCE_OUT_OF_TREE_SYMLINK',
      path: SOURCE_PATH,
      detail: `symlink ${JSON.stringify(rel)} -> ${JSON.stringify(target)} resolves outside the source root`,
    });
  }
  return target;
}

/**
 * Depth-first walk in byte order; returns what to copy without touching any destination. Every
 * refusal of the walk (out-of-tree or absolute symlink, dangling link, non-UTF-8 name) happens
 * here, so compile can run it before it creates anything.
 */
export async function planBundle(opts: Omit<BundleOptions, 'dest'>): Promise<BundlePlan> {
  const files: PlannedFile[] = [];
  const links: PlannedLink[] = [];
  const walk = async (absDir: string, relDir: string): Promise<void> => {
    let names: Buffer[];
    try {
      names = await readdir(absDir, { encoding: 'buffer' });
    } catch (err) {
      throw copyFailed(relDir, `cannot read the directory: ${ioMessage(err)}`);
    }
    names.sort(Buffer.compare);
    for (const raw of names) {
      const name = decodeName(raw, relDir);
      if (name === '.git') continue;
      const abs = join(absDir, name);
      if (opts.skip?.(abs, name)) continue;
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      let st;
      try {
        st = await lstat(abs);
      } catch (err) {
        throw copyFailed(rel, ioMessage(err));
      }
      if (st.isDirectory()) {
        await walk(abs, rel);
      } else if (st.isFile()) {
        if (opts.filter.keeps(rel)) files.push({ rel, abs, mode: st.mode & 0o111 ? '0755' : '0644' });
      } else if (st.isSymbolicLink()) {
        if (opts.filter.keeps(rel)) links.push({ rel, target: await checkSymlink(abs, rel, opts.sourceRoot) });
      }
      // Devices, sockets and FIFOs are skipped silently (§6.1 rule 5).
    }
  };
  await walk(opts.sourceRoot, '');
  return { files, links };
}

/** Gives the event loop a turn once the current synchronous slice has run for SLICE_MS. */
class TimeSlicer {
  private sliceStart = Date.now();
  async maybeYield(): Promise<void> {
    if (Date.now() - this.sliceStart < SLICE_MS) return;
    await new Promise<void>((r) => setImmediate(r));
    this.sliceStart = Date.now();
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  let off = 0;
  while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
}

/** Streams `src` through SHA-256 and, when `dst` is given, into a new file with `mode` set explicitly. */
async function hashAndCopy(src: string, dst: string | undefined, mode: number, buf: Buffer, slicer: TimeSlicer): Promise<string> {
  const hash = createHash('sha256');
  const input = openSync(src, 'r');
  let output: number | undefined;
  try {
    if (dst !== undefined) output = openSync(dst, 'wx', mode);
    for (;;) {
      const bytesRead = readSync(input, buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      if (output !== undefined) writeAll(output, chunk);
      await slicer.maybeYield();
    }
    // The umask may have cleared bits at creation; fchmod makes the mode exact.
    if (output !== undefined) fchmodSync(output, mode);
  } finally {
    closeSync(input);
    if (output !== undefined) closeSync(output);
  }
  return hash.digest('hex');
}

/** Creates every parent directory of the kept entries (0755, umask-proof), shallowest first. */
async function makeParents(dest: string, rels: readonly string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const rel of rels) {
    for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) dirs.add(rel.slice(0, i));
  }
  for (const dir of [...dirs].sort((a, b) => a.length - b.length)) {
    const abs = join(dest, dir);
    await mkdir(abs);
    await chmod(abs, DIR_MODE);
  }
}

/** Walks, (optionally) copies and hashes the source tree. */
export async function bundleSource(opts: BundleOptions): Promise<BundleResult> {
  return executeBundle(await planBundle(opts), opts.dest);
}

/** Copies (when `dest` is given) and hashes a planned bundle. */
export async function executeBundle(plan: BundlePlan, dest: string | undefined): Promise<BundleResult> {
  const { files, links } = plan;
  if (dest !== undefined) {
    try {
      await makeParents(dest, [...files.map((f) => f.rel), ...links.map((l) => l.rel)]);
    } catch (err) {
      throw new CodedError({ code: 'E_COMPILE_STAGING_FAILED', path: '', detail: `cannot create directories in the staging directory: ${ioMessage(err)}` });
    }
  }

  const entries: BundleEntry[] = [];
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const slicer = new TimeSlicer();
  for (const f of files) {
    const dst = dest === undefined ? undefined : join(dest, f.rel);
    let digest: string;
    try {
      digest = await hashAndCopy(f.abs, dst, FILE_MODE[f.mode], buf, slicer);
    } catch (err) {
      throw copyFailed(f.rel, ioMessage(err));
    }
    entries.push({ kind: 'f', mode: f.mode, path: f.rel, content: digest });
  }

  for (const l of links) {
    if (dest !== undefined) {
      try {
        await symlink(l.target, join(dest, l.rel));
      } catch (err) {
        throw copyFailed(l.rel, `cannot recreate the symlink: ${ioMessage(err)}`);
      }
    }
    entries.push({ kind: 'l', mode: '0120', path: l.rel, content: l.target });
  }

  const sorted = sortEntries(entries);
  return { entries: sorted, file_count: files.length, tree_hash: treeHash(sorted) };
}
