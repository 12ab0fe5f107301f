import stableStringify from 'json-stable-stringify';
import { canonicalString } from './canonical-string';
import type { JsonValue, JsonObject } from './json';
import { compareCodePoints } from './code-points';

export { compareCodePoints } from './code-points';

/**
 * The canonical JSON writer of ir-v0 §6, shared with launch.json: json-stable-stringify (the design
 * card's library) with a code-point comparator, after our strict value checks. Keys are never
 * sorted with the default UTF-16 `sort()`.
 */

/** Object keys (own, enumerable, including `__proto__`) in canonical order. */
export function sortedKeys(obj: JsonObject | { readonly [key: string]: unknown }): string[] {
  return Object.keys(obj).sort(compareCodePoints);
}

/**
 * The strict value checks, ours and first: only values the IR can hold reach the writer (safe
 * integers, no -0, strings without unpaired surrogates, bounded depth). These are programming
 * errors, never user input: every IR value comes from the strict reader.
 */
function check(v: JsonValue, depth: number): void {
  if (depth > 1000) throw new TypeError('canonical JSON: value nested too deeply (cyclic?)');
  if (v === null || typeof v === 'boolean') return;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new TypeError(`canonical JSON: ${String(v)} is not an integer in the IR range`);
    return;
  }
  if (typeof v === 'string') {
    canonicalString(v); // throws for an unpaired surrogate
    return;
  }
  if (typeof v !== 'object') throw new TypeError(`canonical JSON: ${typeof v} is not a JSON value`);
  if (Array.isArray(v)) {
    for (const e of v) check(e, depth + 1);
    return;
  }
  for (const k of Object.keys(v)) {
    canonicalString(k);
    check(v[k] as JsonValue, depth + 1);
  }
}

/** Keys in UTF-8 byte order (json-stable-stringify's default is UTF-16 order, which differs). */
const byCodePoint: stableStringify.Comparator = (a, b) => compareCodePoints(a.key, b.key);

/** The canonical text of a JSON value (§6.1): sorted keys, no whitespace, exact escapes. */
export function canonicalJson(v: JsonValue): string {
  check(v, 0);
  // For checked values JSON.stringify's string escapes (which json-stable-stringify uses) are
  // exactly §6.1's: the seven short escapes, other controls as lowercase \u00xx, the rest raw.
  return stableStringify(v, { cmp: byCodePoint }) as string;
}

/** The canonical bytes: UTF-8 of `canonicalJson`, no BOM, no trailing newline. */
export function canonicalBytes(v: JsonValue): Buffer {
  return Buffer.from(canonicalJson(v), 'utf8');
}
