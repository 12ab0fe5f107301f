import { closeSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file durably and atomically, so readers (and a failed or crashed run) see the old or the
 * new bytes, never a torn file: a fresh sibling temp file (`wx`: never an existing file or a planted
 * symlink), mode 0644 whatever the umask, the data fsync'd, renamed over the target, then the
 * directory fsync'd so the rename itself survives a crash. A target that is a symlink is followed:
 * the file it points to is replaced and the link stays (what an editor or write-file-atomic does).
 * Used by `mvmforge emit --out` and the Nx emit executor. Hand-written rather than write-file-atomic
 * (npm): that package fsyncs the file but not the directory, and its sync variant is what we need.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = followSymlink(path);
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      fchmodSync(fd, 0o644);
      for (let off = 0; off < bytes.byteLength;) off += writeSync(fd, bytes, off, bytes.byteLength - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    fsyncDirectory(dir);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** The path a write should replace: the symlink's final target when `path` is a symlink. */
function followSymlink(path: string): string {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return path; // does not exist yet
  }
  // A dangling link throws ENOENT here: refused rather than guessed.
  return st.isSymbolicLink() ? realpathSync(path) : path;
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
