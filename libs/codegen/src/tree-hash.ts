/**
 * `tree_hash` (artifact-v1 §6.4): SHA-256 over one record per kept entry, sorted by relative path
 * in UTF-8 byte order. Record: `<kind> SP <mode> SP <relative path> NUL <content> LF`.
 */
import { createHash } from 'node:crypto';

/** One kept entry of the bundle, exactly as it enters `tree_hash`. */
export interface BundleEntry {
  kind: 'f' | 'l';
  /** `0644`/`0755` for files (normalized), always `0120` for symlinks. */
  mode: '0644' | '0755' | '0120';
  /** `/`-separated, relative to the source root, no leading `./`. */
  path: string;
  /** Files: lowercase hex SHA-256 of the bytes. Symlinks: the target text, verbatim. */
  content: string;
}

export function treeRecord(e: BundleEntry): Buffer {
  return Buffer.concat([Buffer.from(`${e.kind} ${e.mode} ${e.path}`, 'utf8'), Buffer.from([0]), Buffer.from(`${e.content}\n`, 'utf8')]);
}

/** Sorts entries by relative path in UTF-8 byte order (not JS UTF-16 order). */
export function sortEntries(entries: readonly BundleEntry[]): BundleEntry[] {
  return entries
    .map((e) => ({ e, key: Buffer.from(e.path, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ e }) => e);
}

export function treeHash(entries: readonly BundleEntry[]): string {
  const h = createHash('sha256');
  for (const e of sortEntries(entries)) h.update(treeRecord(e));
  return h.digest('hex');
}
