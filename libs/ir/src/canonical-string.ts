/**
 * The canonical string form of ir-v0 §6.1: `"`, `\` and the seven short escapes; any other control
 * character below U+0020 as `\u00xx` with lowercase hex; everything else (including `/`, U+007F,
 * U+2028, U+2029 and non-ASCII) raw. Unpaired surrogates cannot be encoded as UTF-8 and are refused.
 */
const SHORT: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
};

export function canonicalString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) {
      out += s.slice(start, i) + (SHORT[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`);
      start = i + 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new TypeError('canonical JSON: string contains an unpaired surrogate');
    }
  }
  return `${out}${s.slice(start)}"`;
}
