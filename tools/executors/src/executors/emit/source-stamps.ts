/**
 * `source.stamps.json`, beside emit's source.json: the stamp each file had when emit hashed it, so
 * the compile that follows copies unchanged files without hashing them again (libs/codegen
 * file-stamps.ts has the rules). Deliberately not an Nx output — stamps are machine-specific and
 * must never reach a cache key or entry — and never required: missing, stale or broken, compile
 * hashes everything as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStamp, KnownDigests, StampsDocument } from '@mvmforge/codegen';
import { STAMPS_FILE, trustedDigests } from '@mvmforge/codegen/dist/file-stamps';
import { writeFileAtomic } from '@mvmforge/emit';

export function writeSourceStamps(outDir: string, treeHash: string, beforeNs: bigint, stamps: ReadonlyMap<string, FileStamp>): void {
  const doc: StampsDocument = { format: 1, tree_hash: treeHash, before_ns: String(beforeNs), files: Object.fromEntries(stamps) };
  writeFileAtomic(join(outDir, STAMPS_FILE), Buffer.from(JSON.stringify(doc)));
}

/** The digests of `<outDir>/source.json` that compile may reuse; empty when anything is missing or malformed. */
export function readKnownDigests(outDir: string): KnownDigests {
  try {
    const fingerprint = JSON.parse(readFileSync(join(outDir, 'source.json'), 'utf8')) as Parameters<typeof trustedDigests>[0];
    const stamps: unknown = JSON.parse(readFileSync(join(outDir, STAMPS_FILE), 'utf8'));
    if (!Array.isArray(fingerprint?.files) || typeof fingerprint.tree_hash !== 'string') return new Map();
    return trustedDigests(fingerprint, stamps);
  } catch {
    return new Map();
  }
}
