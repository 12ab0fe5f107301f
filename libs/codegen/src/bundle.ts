/**
 * The `src/` bundle (artifact-v1 §6.1, §6.3): walk the source root, keep what the globs select,
 * copy it with normalized modes, and describe every kept entry for `tree_hash`.
 *
 * The walk only plans (paths, modes, identities, link targets), with synchronous calls in time
 * slices like the copy; copying happens afterwards and opens each planned file exactly once. Each file is read
 * in fixed-size chunks that are hashed and written as they pass, so memory stays bounded by one
 * chunk whatever the file sizes are. The copy uses synchronous system calls in time slices: for
 * trees of many small files that is about twice as fast as promise-based I/O (one thread-pool
 * round trip per call), and yielding to the event loop every few milliseconds keeps SIGINT/SIGTERM
 * handling (staging cleanup, publish.ts) prompt.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants as fsConstants,
  copyFileSync,
  existsSync,
  fchmodSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  unlinkSync,
  writeSync,
  type BigIntStats,
} from 'node:fs';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { MVMFORGE_SIBLING, NEVER_DIRS, type DefaultRules } from './default-rules';
import type { SourceFilter } from './globs';
import { sameStamp, stampOf, type FileStamp, type KnownDigest, type KnownDigests } from './file-stamps';
import { isPreviousArtifact } from './output-safety';
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
  /** The default rules (default-rules.ts); omitted, only `.git` and mvmforge's own dirs are left out. */
  rules?: DefaultRules;
  /**
   * Absolute paths the walk must not enter or keep (the output directory and its staging/backup
   * siblings when they lie inside the source root). Called with the entry's absolute path and name.
   */
  skip?: (absPath: string, name: string) => boolean;
  /** Destination `src/` directory (created by the caller); omit to fingerprint without copying. */
  dest?: string;
  /** Checked between files: an aborted signal stops the walk/copy with its reason. */
  signal?: AbortSignal;
}

export interface BundleResult {
  /** Kept entries sorted by relative path (UTF-8 byte order). */
  entries: BundleEntry[];
  /** Paths of the kept entries that only a naming include brought in (sorted like `entries`). */
  named: string[];
  fileCount: number;
  treeHash: string;
  /** Total bytes of the kept regular files. */
  bytes: number;
}

/** What the walk selected: paths, normalized modes, identities and checked link targets (nothing copied yet). */
export interface BundlePlan {
  sourceRoot: string;
  files: PlannedFile[];
  links: PlannedLink[];
  /** Regular files and links the walk saw but a default rule (not the globs) left out. */
  defaultExcluded: number;
}

/** Per-file plan: no absolute path (rebuilt from the root at open time) to keep memory per file small. */
interface PlannedFile {
  rel: string;
  mode: '0644' | '0755';
  /** Kept only because an include names it (a default rule, e.g. .gitignore, would leave it out). */
  named: boolean;
  /**
   * Identity seen by the walk; the opened file must be the same one. dev and size as numbers
   * (exact: device numbers and file sizes stay far below 2^53), so they are stored in the object
   * itself; ino stays a bigint (overlayfs sets its high bits). Measured: ~48 bytes less per file.
   */
  dev: number;
  ino: bigint;
  size: number;
}
interface PlannedLink {
  rel: string;
  target: string;
  named: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function copyFailed(rel: string, why: string): CodedError {
  return new CodedError({
    code: 'E_SOURCE_COPY_FAILED',
    path: SOURCE_PATH,
    detail: `${rel === '' ? 'the source root' : JSON.stringify(rel)}: ${why}`,
  });
}

function changed(rel: string, why: string): CodedError {
  return new CodedError({
    code: 'E_SOURCE_CHANGED',
    path: SOURCE_PATH,
    detail: `${JSON.stringify(rel)} changed while compiling: ${why}; nothing was published`,
  });
}

function decodeName(raw: Buffer, relDir: string): string {
  try {
    return utf8.decode(raw);
  } catch {
    const shown = relDir === '' ? '' : `${relDir}/`;
    throw copyFailed(`${shown}${raw.toString('latin1')}`, 'the file name is not valid UTF-8 (mvmforge refuses non-UTF-8 names)');
  }
}

function outOfTree(rel: string, target: string, why: string): CodedError {
  return new CodedError({
    code: 'E_SOURCE_OUT_OF_TREE_SYMLINK',
    path: SOURCE_PATH,
    detail: `symlink ${JSON.stringify(rel)} -> ${JSON.stringify(target)} ${why}`,
  });
}

const MAX_LINK_HOPS = 40; // Linux's own limit for one path resolution

/**
 * Resolves a link target one component at a time from the link's directory, never above the
 * source root at any step (issue 10 item 4: `../../…/back/inside` is refused even though its end
 * point is inside). Intermediate links are followed the same way; absolute targets anywhere in
 * the chain are refused. Returns the resolved path relative to the root.
 */
function resolveInsideRoot(sourceRoot: string, rel: string, target: string): string {
  const stack = rel.split('/').slice(0, -1);
  let queue = target.split('/');
  let hops = 0;
  while (queue.length > 0) {
    const c = queue.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      if (stack.length === 0)
        throw outOfTree(rel, target, 'leaves the source root on the way to its target (a bundled link must stay inside at every step)');
      stack.pop();
      continue;
    }
    stack.push(c);
    let st;
    try {
      st = lstatSync(join(sourceRoot, ...stack));
    } catch (err) {
      throw copyFailed(rel, `the symlink target ${JSON.stringify(target)} cannot be resolved (dangling link): ${errorMessage(err)}`);
    }
    if (st.isSymbolicLink()) {
      if (++hops > MAX_LINK_HOPS)
        throw copyFailed(rel, `the symlink target ${JSON.stringify(target)} cannot be resolved (too many levels of links, a loop)`);
      const next = readlinkSync(join(sourceRoot, ...stack), 'utf8');
      if (isAbsolute(next)) throw outOfTree(rel, target, `goes through a link with the absolute target ${JSON.stringify(next)}`);
      stack.pop();
      queue = [...next.split('/'), ...queue];
    } else if (queue.some((q) => q !== '' && q !== '.') && !st.isDirectory()) {
      throw copyFailed(
        rel,
        `the symlink target ${JSON.stringify(target)} cannot be resolved (${JSON.stringify(stack.join('/'))} is not a directory)`,
      );
    }
  }
  return stack.join('/');
}

function checkSymlink(abs: string, rel: string, sourceRoot: string): string {
  let target: string;
  try {
    target = utf8.decode(readlinkSync(abs, { encoding: 'buffer' }));
  } catch (err) {
    if (err instanceof TypeError) throw copyFailed(rel, 'the symlink target is not valid UTF-8');
    throw copyFailed(rel, `cannot read the symlink: ${errorMessage(err)}`);
  }
  if (isAbsolute(target)) {
    throw new CodedError({
      code: 'E_SOURCE_OUT_OF_TREE_SYMLINK',
      path: SOURCE_PATH,
      detail: `symlink ${JSON.stringify(rel)} has the absolute target ${JSON.stringify(target)}; bundled links must be relative and stay inside the source root`,
    });
  }
  resolveInsideRoot(sourceRoot, rel, target);
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
  let defaultExcluded = 0;
  // Synchronous calls in time slices, like the copy: measured 1.5-1.9x faster than promise-based
  // readdir/lstat on 20,000 small files (a thread-pool round trip per call), and the event loop
  // still gets a turn every SLICE_MS for signals and the abort check.
  const slicer = new TimeSlicer();
  const walk = async (absDir: string, relDir: string, rules: DefaultRules | undefined, excluded: boolean): Promise<void> => {
    opts.signal?.throwIfAborted();
    let names: Buffer[];
    try {
      names = readdirSync(absDir, { encoding: 'buffer' });
    } catch (err) {
      throw copyFailed(relDir, `cannot read the directory: ${errorMessage(err)}`);
    }
    names.sort(Buffer.compare);
    const decoded = names.map((raw) => decodeName(raw, relDir));
    // A previous artifact (anywhere but the root itself) is never bundled, wherever it lies.
    if (relDir !== '' && decoded.includes('flake.nix') && decoded.includes('launch.json') && isPreviousArtifact(absDir)) return;
    const inner = rules?.enterDir(absDir, relDir);
    for (const name of decoded) {
      if ((NEVER_DIRS as readonly string[]).includes(name) || MVMFORGE_SIBLING.test(name)) continue;
      const abs = join(absDir, name);
      if (opts.skip?.(abs, name)) continue;
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      await slicer.maybeYield();
      opts.signal?.throwIfAborted();
      let st;
      try {
        st = lstatSync(abs, { bigint: true });
      } catch (err) {
        throw copyFailed(rel, errorMessage(err));
      }
      if (st.isDirectory()) {
        const out = excluded || (inner?.excludesDir(abs, name, rel) ?? false);
        // An excluded folder is walked only on the way to (or inside) a path an include names.
        if (out && !(inner?.isNamed(rel) || inner?.leadsToNamed(rel))) {
          defaultExcluded++;
          continue;
        }
        await walk(abs, rel, inner, out);
      } else if (st.isFile() || st.isSymbolicLink()) {
        if (!opts.filter.keeps(rel)) continue;
        const out = excluded || (inner?.excludesFile(name, rel) ?? false);
        if (out && !inner?.isNamed(rel)) {
          defaultExcluded++;
          continue;
        }
        if (st.isFile()) {
          files.push({
            rel,
            mode: st.mode & 0o111n ? '0755' : '0644',
            named: out,
            dev: Number(st.dev),
            ino: st.ino,
            size: Number(st.size),
          });
        } else {
          links.push({ rel, target: checkSymlink(abs, rel, opts.sourceRoot), named: out });
        }
      }
      // Devices, sockets and FIFOs are skipped silently (§6.1 rule 5).
    }
  };
  await walk(opts.sourceRoot, '', opts.rules, false);
  return { sourceRoot: opts.sourceRoot, files, links, defaultExcluded };
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

const OPEN_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK;
/** Linux names an open file's real path here; elsewhere the dev/ino comparison stands alone. */
const PROC_FD = existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;

/**
 * Opens the planned file once and proves it is the one the walk saw (issue 10 item 1): no-follow
 * (a swapped-in symlink fails with ELOOP), non-blocking (a swapped-in FIFO opens at once instead of
 * waiting for a writer), then fstat: a regular file with the walk's dev/ino/size; on Linux also the
 * kernel's path of the descriptor, which catches a parent folder swapped for a link.
 */
function openPlanned(f: PlannedFile, sourceRoot: string): { fd: number; st: BigIntStats } {
  let fd: number;
  try {
    fd = openSync(join(sourceRoot, f.rel), OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOENT' || code === 'ENOTDIR')
      throw changed(f.rel, `it is no longer the regular file the walk saw (${code})`);
    throw copyFailed(f.rel, errorMessage(err));
  }
  try {
    const st = fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw changed(f.rel, 'it is no longer a regular file');
    if (Number(st.dev) !== f.dev || st.ino !== f.ino) throw changed(f.rel, 'it was replaced by another file');
    if (Number(st.size) !== f.size) throw changed(f.rel, `its size changed from ${f.size} to ${st.size} bytes`);
    if (PROC_FD !== undefined) {
      const real = readlinkSync(`${PROC_FD}/${fd}`);
      if (real !== join(sourceRoot, f.rel))
        throw changed(f.rel, 'a folder on its path was replaced (it now opens outside the source root)');
    }
    return { fd, st };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** How one planned file is read: digests to reuse (compile), stamps to record (emit). */
export interface FileIo {
  known?: KnownDigests;
  onStamp?: (rel: string, stamp: FileStamp) => void;
}

/**
 * The planned file's SHA-256, copied into `dst` (when given) with `mode` set explicitly. A digest
 * known from emit is reused when the open file still carries the stamp it was hashed with
 * (file-stamps.ts): the bytes are then copied by the kernel and never read here.
 */
async function hashAndCopy(
  f: PlannedFile,
  sourceRoot: string,
  dst: string | undefined,
  buf: Buffer,
  slicer: TimeSlicer,
  io: FileIo,
): Promise<string> {
  const { fd: input, st } = openPlanned(f, sourceRoot);
  const mode = FILE_MODE[f.mode];
  try {
    const known = io.known?.get(f.rel);
    if (known !== undefined && dst !== undefined && copiedUnchanged(input, st, known, f, dst, mode)) return known.sha256;
    const digest = await streamHashAndCopy(f, input, dst, mode, buf, slicer);
    // Recorded only when nothing about the file moved while it was read.
    if (io.onStamp !== undefined) {
      const stamp = stampOf(st);
      if (sameStamp(stampOf(fstatSync(input, { bigint: true })), stamp)) io.onStamp(f.rel, stamp);
    }
    return digest;
  } finally {
    closeSync(input);
  }
}

/**
 * Copies the open file in the kernel (copy_file_range through its /proc/self/fd link, which names
 * the verified inode, never the path) when it carries the known stamp before and after the copy.
 * False (and no `dst` left behind) when it does not: the caller then reads and hashes it.
 */
function copiedUnchanged(input: number, st: BigIntStats, known: KnownDigest, f: PlannedFile, dst: string, mode: number): boolean {
  if (PROC_FD === undefined || known.mode !== f.mode || !sameStamp(stampOf(st), known.stamp)) return false;
  copyFileSync(`${PROC_FD}/${input}`, dst, fsConstants.COPYFILE_EXCL);
  // The copy takes the source's mode; the bundle's is normalized (umask-proof, like fchmod below).
  chmodSync(dst, mode);
  if (sameStamp(stampOf(fstatSync(input, { bigint: true })), known.stamp)) return true;
  unlinkSync(dst);
  return false;
}

/** Streams the open file through SHA-256 and, when `dst` is given, into a new file with `mode` set explicitly. */
async function streamHashAndCopy(
  f: PlannedFile,
  input: number,
  dst: string | undefined,
  mode: number,
  buf: Buffer,
  slicer: TimeSlicer,
): Promise<string> {
  const hash = createHash('sha256');
  let output: number | undefined;
  let total = 0;
  try {
    if (dst !== undefined) output = openSync(dst, 'wx', mode);
    for (let position = 0; ;) {
      const bytesRead = readSync(input, buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      total += bytesRead;
      if (total > f.size) throw changed(f.rel, 'it grew while being copied');
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      if (output !== undefined) writeAll(output, chunk);
      await slicer.maybeYield();
    }
    if (total !== f.size) throw changed(f.rel, 'it shrank while being copied');
    // The umask may have cleared bits at creation; fchmod makes the mode exact.
    if (output !== undefined) fchmodSync(output, mode);
  } finally {
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
  return executeBundle(await planBundle(opts), opts.dest, { signal: opts.signal });
}

export interface ExecuteOptions extends FileIo {
  signal?: AbortSignal;
  /** Test hook: runs after the walk, before the first file is opened (the swap-race window). */
  beforeOpen?: () => void | Promise<void>;
}

/** Copies (when `dest` is given) and hashes a planned bundle. */
export async function executeBundle(plan: BundlePlan, dest: string | undefined, exec: ExecuteOptions = {}): Promise<BundleResult> {
  const { files, links, sourceRoot } = plan;
  await exec.beforeOpen?.();
  if (dest !== undefined) {
    try {
      await makeParents(dest, [...files.map((f) => f.rel), ...links.map((l) => l.rel)]);
    } catch (err) {
      throw new CodedError({
        code: 'E_COMPILE_STAGING_FAILED',
        path: '',
        detail: `cannot create directories in the staging directory: ${errorMessage(err)}`,
      });
    }
  }

  const entries: BundleEntry[] = [];
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  const slicer = new TimeSlicer();
  let bytes = 0;
  for (const f of files) {
    exec.signal?.throwIfAborted();
    const dst = dest === undefined ? undefined : join(dest, f.rel);
    let digest: string;
    try {
      digest = await hashAndCopy(f, sourceRoot, dst, buf, slicer, exec);
    } catch (err) {
      if (err instanceof CodedError) throw err;
      throw copyFailed(f.rel, errorMessage(err));
    }
    bytes += f.size;
    entries.push({ kind: 'f', mode: f.mode, path: f.rel, content: digest });
  }

  for (const l of links) {
    exec.signal?.throwIfAborted();
    // The link is recreated from its text, never followed; re-read it so a link swapped after the
    // walk cannot smuggle in a target that was not checked.
    let now: string | undefined;
    try {
      now = readlinkSync(join(sourceRoot, l.rel), 'utf8');
    } catch {
      now = undefined;
    }
    if (now !== l.target) throw changed(l.rel, 'the symlink was replaced or removed');
    if (dest !== undefined) {
      try {
        await symlink(l.target, join(dest, l.rel));
      } catch (err) {
        throw copyFailed(l.rel, `cannot recreate the symlink: ${errorMessage(err)}`);
      }
    }
    entries.push({ kind: 'l', mode: '0120', path: l.rel, content: l.target });
  }

  const sorted = sortEntries(entries);
  const named = new Set([...files, ...links].filter((e) => e.named).map((e) => e.rel));
  return {
    entries: sorted,
    named: sorted.filter((e) => named.has(e.path)).map((e) => e.path),
    fileCount: files.length,
    treeHash: treeHash(sorted),
    bytes,
  };
}
