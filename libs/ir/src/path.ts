/**
 * jq-style paths (ir-v0 §9.1): `.apps[0].env.API_KEY`; a key that is not an identifier is written
 * in bracket form with the key as a canonical JSON string (`.env["MY-VAR"]`); the root is `.`.
 */
import { canonicalString } from './canonical-string';

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A key as a JSON string for the bracket form. A key with an unpaired surrogate only reaches a
 * path in a parse error about that key; it cannot be written as UTF-8, so each unpaired surrogate
 * is shown as the `\uXXXX` escape the document used (the canonical writer itself refuses it).
 */
function keyString(key: string): string {
  const parts = key.split(LONE_SURROGATE).map((p) => canonicalString(p).slice(1, -1));
  const lone = key.match(LONE_SURROGATE) ?? [];
  return `"${parts.map((p, i) => (i < lone.length ? `${p}\\u${(lone[i] as string).charCodeAt(0).toString(16)}` : p)).join('')}"`;
}

/** Appends one key to a jq path string. */
export function pathKey(base: string, key: string): string {
  // At the root, jq writes `.key` and `.["key"]`; below it, `….key` and `…["key"]`.
  if (IDENTIFIER.test(key)) return `${base === '.' ? '' : base}.${key}`;
  return `${base}[${keyString(key)}]`;
}

/** Appends one array index to a jq path string. */
export function pathIndex(base: string, index: number): string {
  return `${base}[${index}]`;
}

/**
 * The one jq-path formatter (`.apps[0].env["MY-VAR"]`). Every package prints IR locations with it
 * (libs/nix-check's compare.ts through pathKey/pathIndex).
 */
export function jqPath(segments: readonly PathSegment[]): string {
  let out = '.';
  for (const s of segments) out = typeof s === 'number' ? pathIndex(out, s) : pathKey(out, s);
  return out;
}
