import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical';
import type { Workload } from './model';
import { normalizeWorkload } from './normalize';

/** Lowercase hex SHA-256 of bytes (a string is hashed as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256')
    .update(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes)
    .digest('hex');
}

/** The canonical text of the normalized workload (ir-v0 §5–§6): what `mvmforge canonicalize` prints. */
export function canonicalizeWorkload(w: Workload): string {
  return canonicalJson(normalizeWorkload(w));
}

/** ir_hash (ir-v0 §7): 64 lowercase hex characters, no prefix, over the full normalized IR. */
export function irHash(w: Workload): string {
  return sha256Hex(canonicalizeWorkload(w));
}
