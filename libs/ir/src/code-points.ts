/**
 * Compares two strings by Unicode code point, which equals UTF-8 byte order. Its own module so
 * code that only sorts (codegen's tree hash) does not load the canonical JSON writer.
 */
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
