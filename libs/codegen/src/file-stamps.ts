/**
 * Hash once per change in the Nx flow (issue 12): emit hashes every bundled file for source.json,
 * then compile copies the same files. A file's *stamp* (device, inode, size, mtime and ctime in
 * nanoseconds) taken when emit hashed it lets compile reuse that digest and copy the bytes in the
 * kernel instead of reading and hashing them again — the way git's index trusts a stat match.
 *
 * Soundness rests on two rules:
 * - the stamp must match exactly when compile opens the file, and again after the copy;
 * - "racily clean" files are never trusted: a file whose mtime or ctime is not strictly older than
 *   a filesystem timestamp taken *before* emit started hashing (`before_ns`) could have been written
 *   again within the same clock tick without its stamp changing, so it is hashed again.
 *
 * The stamps live in `source.stamps.json` beside source.json. It is not an Nx output (stamps are
 * machine-specific and must never reach a cache key or a cache entry): after a cache restore or on
 * another machine it is missing or stale, and compile simply hashes everything.
 */
import type { BigIntStats } from 'node:fs';
import { closeSync, fstatSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** dev, ino, size, mtime ns, ctime ns, as decimal strings (bigints do not survive JSON). */
export type FileStamp = readonly [dev: string, ino: string, size: string, mtimeNs: string, ctimeNs: string];

export const STAMPS_FILE = 'source.stamps.json';

export interface StampsDocument {
  format: 1;
  /** The tree_hash of the source.json these stamps belong to. */
  tree_hash: string;
  /** A filesystem timestamp taken before the first file was hashed. */
  before_ns: string;
  /** Stamp of each hashed regular file, by bundle path. */
  files: Record<string, FileStamp>;
}

/** A digest compile may reuse for one bundle path, if the file still carries `stamp`. */
export interface KnownDigest {
  sha256: string;
  mode: '0644' | '0755';
  stamp: FileStamp;
}

export type KnownDigests = ReadonlyMap<string, KnownDigest>;

export function stampOf(st: BigIntStats): FileStamp {
  return [String(st.dev), String(st.ino), String(st.size), String(st.mtimeNs), String(st.ctimeNs)];
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

/**
 * The filesystem's current time in `dir`, in nanoseconds: the mtime of a file created there. The
 * kernel stamps writes with a coarse clock that can lag the process clock, so only a timestamp from
 * the same source can be compared with file mtimes.
 */
export function filesystemNowNs(dir: string): bigint {
  const probe = join(dir, `.mvmforge-clock-${process.pid}-${Date.now()}`);
  const fd = openSync(probe, 'wx', 0o600);
  try {
    return fstatSync(fd, { bigint: true }).mtimeNs;
  } finally {
    closeSync(fd);
    unlinkSync(probe);
  }
}

interface FingerprintFiles {
  tree_hash: string;
  files: readonly ({ kind: 'file'; path: string; mode: string; sha256: string } | { kind: 'symlink' })[];
}

/**
 * The digests of `fingerprint` (source.json) compile may reuse: those with a stamp in a stamps
 * document of the same tree_hash, minus the racily clean ones. Anything malformed trusts nothing.
 */
export function trustedDigests(fingerprint: FingerprintFiles, stamps: unknown): KnownDigests {
  const known = new Map<string, KnownDigest>();
  if (!isStampsDocument(stamps) || stamps.tree_hash !== fingerprint.tree_hash) return known;
  const before = BigInt(stamps.before_ns);
  for (const f of fingerprint.files) {
    if (f.kind !== 'file' || (f.mode !== '0644' && f.mode !== '0755')) continue;
    const stamp = Object.prototype.hasOwnProperty.call(stamps.files, f.path) ? stamps.files[f.path] : undefined;
    if (stamp === undefined || !isStamp(stamp)) continue;
    if (BigInt(stamp[3]) >= before || BigInt(stamp[4]) >= before) continue;
    known.set(f.path, { sha256: f.sha256, mode: f.mode, stamp });
  }
  return known;
}

const DECIMAL = /^\d{1,30}$/;

function isStamp(v: unknown): v is FileStamp {
  return Array.isArray(v) && v.length === 5 && v.every((x) => typeof x === 'string' && DECIMAL.test(x));
}

function isStampsDocument(v: unknown): v is StampsDocument {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Partial<StampsDocument>;
  return (
    d.format === 1 &&
    typeof d.tree_hash === 'string' &&
    typeof d.before_ns === 'string' &&
    DECIMAL.test(d.before_ns) &&
    typeof d.files === 'object' &&
    d.files !== null &&
    !Array.isArray(d.files)
  );
}
