import { canonicalString } from './canonical-string';
import type { JsonValue, JsonObject } from './json';

/**
 * The canonical JSON writer of ir-v0 §6, shared with launch.json. Output is written directly from
 * key-sorted entry lists; sorted keys are never re-inserted into an object (engines enumerate
 * integer-like keys first) and never sorted with the default UTF-16 `sort()`.
 */

/** Compares two strings by Unicode code point, which equals UTF-8 byte order. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (a code point above U+FFFF) sort after every BMP unit; UTF-16 order would put
    // them before U+E000–U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs === ys) return x - y;
    return xs ? 1 : -1;
  }
  return a.length - b.length;
}

/** Object keys (own, enumerable, including `__proto__`) in canonical order. */
export function sortedKeys(obj: JsonObject | { readonly [key: string]: unknown }): string[] {
  return Object.keys(obj).sort(compareCodePoints);
}

function writeNumber(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) {
    throw new TypeError(`canonical JSON: ${String(n)} is not an integer in the IR range`);
  }
  return String(n);
}

function write(v: JsonValue, depth: number): string {
  if (depth > 1000) throw new TypeError('canonical JSON: value nested too deeply (cyclic?)');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return writeNumber(v);
    case 'string':
      return canonicalString(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((e) => write(e, depth + 1)).join(',')}]`;
      const parts = sortedKeys(v).map((k) => `${canonicalString(k)}:${write(v[k] as JsonValue, depth + 1)}`);
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON: ${typeof v} is not a JSON value`);
  }
}

/** The canonical text of a JSON value (§6.1): sorted keys, no whitespace, exact escapes. */
export function canonicalJson(v: JsonValue): string {
  return write(v, 0);
}

/** The canonical bytes: UTF-8 of `canonicalJson`, no BOM, no trailing newline. */
export function canonicalBytes(v: JsonValue): Buffer {
  return Buffer.from(canonicalJson(v), 'utf8');
}
