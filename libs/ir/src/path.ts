/**
 * jq-style paths (ir-v0 §9.1): `.apps[0].env.API_KEY`; a key that is not an identifier is written
 * in bracket form with the key as a canonical JSON string (`.env["MY-VAR"]`); the root is `.`.
 */
import { canonicalString } from './canonical-string';

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends one key to a jq path string. */
export function pathKey(base: string, key: string): string {
  // At the root, jq writes `.key` and `.["key"]`; below it, `….key` and `…["key"]`.
  if (IDENTIFIER.test(key)) return `${base === '.' ? '' : base}.${key}`;
  return `${base}[${canonicalString(key)}]`;
}

/** Appends one array index to a jq path string. */
export function pathIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}

export function jqPath(segments: readonly PathSegment[]): string {
  let out = '.';
  for (const s of segments) out = typeof s === 'number' ? pathIndex(out, s) : pathKey(out, s);
  return out;
}
