import { pathIndex, pathKey } from '@mvmforge/ir/dist/path';

/** Structural equality of JSON values (objects compared by own keys, arrays by order). */
export function jsonDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonDeepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonDeepEqual(ao[k], bo[k]));
}

/** The first differing location between two JSON values as a jq-style path, for messages. */
export function firstDifference(a: unknown, b: unknown, path = '.'): string | undefined {
  if (jsonDeepEqual(a, b)) return undefined;
  // The one jq-path formatter of @mvmforge/ir, so a root key prints `.["a-b"]` as everywhere else.
  const join = (k: string | number) => (typeof k === 'number' ? pathIndex(path, k) : pathKey(path, k));
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (array length ${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], join(i));
      if (d !== undefined) return d;
    }
  } else if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
    for (const k of keys) {
      if (!Object.prototype.hasOwnProperty.call(ao, k) || !Object.prototype.hasOwnProperty.call(bo, k)) {
        return `${join(k)} (present on one side only)`;
      }
      const d = firstDifference(ao[k], bo[k], join(k));
      if (d !== undefined) return d;
    }
  }
  return path;
}

/** The four keys of `mvmforge.metadata`, each equal to the same key of launch.json (§10.1 step 5). */
export const METADATA_KEYS = ['ir_hash', 'ir_schema_version', 'artifact_format_version', 'toolchain_version'] as const;
