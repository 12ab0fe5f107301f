/**
 * `tree_hash` (artifact-v1 §6.4): SHA-256 over one record per kept entry, sorted by relative path
 * in UTF-8 byte order. Record: `<kind> SP <mode> SP <relative path> NUL <content> LF`.
 */
import { createHash } from 'node:crypto';
import { compareCodePoints } from '@mvmforge/ir/dist/code-points';

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

/** The record's text; `\0` is the NUL byte, and the whole string is hashed as UTF-8. */
function recordText(e: BundleEntry): string {
  return `${e.kind} ${e.mode} ${e.path}\0${e.content}\n`;
}

export function treeRecord(e: BundleEntry): Buffer {
  return Buffer.from(recordText(e), 'utf8');
}

/**
 * Sorts entries by relative path in UTF-8 byte order (not JS UTF-16 order), comparing the strings
 * by code point: no Buffer per path (on 50k files those keys were ~8 MB at compile's peak).
 */
export function sortEntries(entries: readonly BundleEntry[]): BundleEntry[] {
  return [...entries].sort((a, b) => compareCodePoints(a.path, b.path));
}

export function treeHash(entries: readonly BundleEntry[]): string {
  const h = createHash('sha256');
  for (const e of sortEntries(entries)) h.update(recordText(e), 'utf8');
  return h.digest('hex');
}
