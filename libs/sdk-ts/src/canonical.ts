/**
 * Canonical JSON text (ir-v0 §6): object keys sorted by Unicode code point (= UTF-8 byte order),
 * no whitespace, strings as JSON.stringify writes them (lowercase \u00xx for control characters,
 * everything else raw — the same bytes as Python's json.dumps(ensure_ascii=False)). Hand-written
 * because the SDK has no runtime dependencies and JSON.stringify cannot sort keys.
 */

/** Code-point order; plain `<` on JS strings compares UTF-16 units and misorders U+E000–U+FFFF vs astral. */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/** Serializes plain JSON data (the SDK's own IR, already checked) canonically. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
