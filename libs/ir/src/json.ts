import { diagnostic, type Diagnostic } from './diagnostic';
import { jqPath, type PathSegment } from './path';

/**
 * The strict JSON reader of ir-v0 §3. `JSON.parse` cannot be used for IR input: it turns `1.0`
 * into `1`, keeps the last of duplicated keys and accepts lone surrogates. This reader keeps number
 * lexemes long enough to reject floats, `-0` and unsafe integers, rejects duplicate keys, U+0000,
 * lone surrogates, a BOM and nesting deeper than 128, and builds null-prototype objects whose keys
 * are defined with `Object.defineProperty` so `__proto__` stays an ordinary key.
 *
 * Over 250 lines on purpose: one recursive-descent reader whose parts (strings, numbers, objects,
 * error positions) share its cursor and error list; split, they would need that state passed around.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; errors: Diagnostic[] };

/** Deepest allowed nesting of arrays/objects (mvmforge decision, ir-v0 §3.1). */
export const MAX_JSON_DEPTH = 128;

const MALFORMED = 'E_MALFORMED_MANIFEST';

/** Defines `key` as an own enumerable data property; safe for `__proto__` and any other key. */
export function setJsonKey(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Builds a null-prototype JSON object from entries (later duplicates overwrite earlier ones). */
export function jsonObject(entries: Iterable<readonly [string, JsonValue]> = []): JsonObject {
  const obj = Object.create(null) as JsonObject;
  for (const [k, v] of entries) setJsonKey(obj, k, v);
  return obj;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own enumerable string keys and values, including a key named `__proto__`. */
export function jsonEntries(obj: JsonObject): [string, JsonValue][] {
  return Object.keys(obj).map((k) => [k, obj[k] as JsonValue]);
}

/** Deep copy of a JSON value into null-prototype objects (keys such as `__proto__` survive). */
export function copyJson(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(copyJson);
  if (v !== null && typeof v === 'object') return jsonObject(jsonEntries(v).map(([k, x]) => [k, copyJson(x)]));
  return v;
}

export function hasJsonKey(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Unwinds the whole read once nesting exceeds the limit; its diagnostic is already recorded. */
class DepthExceeded extends Error {}

class SyntaxFailure extends Error {
  constructor(
    readonly index: number,
    readonly what: string,
  ) {
    super(what);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes IR bytes: invalid UTF-8 is an error, never replaced by U+FFFD. */
function decodeInput(input: string | Uint8Array): { text: string } | { error: Diagnostic } {
  if (typeof input === 'string') return { text: input };
  try {
    return { text: utf8.decode(input) };
  } catch {
    return { error: diagnostic(MALFORMED, '.', 'input is not valid UTF-8') };
  }
}

export function parseJson(input: string | Uint8Array): JsonParseResult {
  const decoded = decodeInput(input);
  if ('error' in decoded) return { ok: false, errors: [decoded.error] };
  const text = decoded.text;
  if (text.charCodeAt(0) === 0xfeff) {
    return { ok: false, errors: [diagnostic(MALFORMED, '.', 'a byte-order mark is not allowed')] };
  }
  const reader = new Reader(text);
  try {
    const value = reader.readDocument();
    if (reader.errors.length > 0) return { ok: false, errors: reader.errors };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof DepthExceeded) return { ok: false, errors: reader.errors };
    if (err instanceof SyntaxFailure) {
      const { line, column } = lineColumn(text, err.index);
      return {
        ok: false,
        errors: [...reader.errors, diagnostic(MALFORMED, '.', `invalid JSON at ${line}:${column}: ${err.what}`)],
      };
    }
    throw err;
  }
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns count code points so a non-BMP character counts once.
  return { line, column: [...text.slice(lineStart, index)].length + 1 };
}

function describeChar(text: string, i: number): string {
  if (i >= text.length) return 'unexpected end of input';
  const cp = text.codePointAt(i) as number;
  const shown = cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(String.fromCodePoint(cp));
  return `unexpected character ${shown}`;
}

class Reader {
  private i = 0;
  readonly errors: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  readDocument(): JsonValue {
    this.skipWs();
    if (this.text[this.i] !== '{') {
      if (this.i >= this.text.length) throw new SyntaxFailure(this.i, 'empty document');
      // Parse whatever is there so a syntax error is reported as such, then insist on an object.
      this.readValue([], 1);
      this.skipWs();
      if (this.i < this.text.length) throw new SyntaxFailure(this.i, describeChar(this.text, this.i));
      this.errors.push(diagnostic(MALFORMED, '.', 'the top-level value must be a JSON object'));
      return null;
    }
    const value = this.readValue([], 1);
    this.skipWs();
    if (this.i < this.text.length) throw new SyntaxFailure(this.i, `${describeChar(this.text, this.i)} after the document`);
    return value;
  }

  private skipWs(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  private expect(ch: string): void {
    if (this.text[this.i] !== ch) throw new SyntaxFailure(this.i, `${describeChar(this.text, this.i)}, expected '${ch}'`);
    this.i++;
  }

  private readValue(path: PathSegment[], depth: number): JsonValue {
    const c = this.text[this.i];
    if (c === '{' || c === '[') {
      if (depth > MAX_JSON_DEPTH) {
        this.errors.push(diagnostic(MALFORMED, jqPath(path), `nesting deeper than ${MAX_JSON_DEPTH} arrays/objects`));
        // Nothing below this point is usable; stop here rather than recursing without bound.
        throw new DepthExceeded();
      }
      return c === '{' ? this.readObject(path, depth) : this.readArray(path, depth);
    }
    if (c === '"') return this.readString(path);
    if (c === 't') return this.readLiteral('true', true);
    if (c === 'f') return this.readLiteral('false', false);
    if (c === 'n') return this.readLiteral('null', null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.readNumber(path);
    throw new SyntaxFailure(this.i, describeChar(this.text, this.i));
  }

  private readLiteral<T extends JsonValue>(word: string, value: T): T {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    throw new SyntaxFailure(this.i, describeChar(this.text, this.i));
  }

  private readObject(path: PathSegment[], depth: number): JsonObject {
    const obj = jsonObject();
    this.i++; // {
    this.skipWs();
    if (this.text[this.i] === '}') {
      this.i++;
      return obj;
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.i] !== '"') throw new SyntaxFailure(this.i, `${describeChar(this.text, this.i)}, expected a string key`);
      const key = this.readString(path, true);
      const keyPath = [...path, key];
      this.skipWs();
      this.expect(':');
      this.skipWs();
      const value = this.readValue(keyPath, depth + 1);
      if (hasJsonKey(obj, key)) {
        this.errors.push(diagnostic(MALFORMED, jqPath(keyPath), `duplicate key ${JSON.stringify(key)}`));
      } else {
        setJsonKey(obj, key, value);
      }
      this.skipWs();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === '}') {
        this.i++;
        return obj;
      }
      throw new SyntaxFailure(this.i, `${describeChar(this.text, this.i)}, expected ',' or '}'`);
    }
  }

  private readArray(path: PathSegment[], depth: number): JsonValue[] {
    const arr: JsonValue[] = [];
    this.i++; // [
    this.skipWs();
    if (this.text[this.i] === ']') {
      this.i++;
      return arr;
    }
    for (;;) {
      this.skipWs();
      arr.push(this.readValue([...path, arr.length], depth + 1));
      this.skipWs();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === ']') {
        this.i++;
        return arr;
      }
      throw new SyntaxFailure(this.i, `${describeChar(this.text, this.i)}, expected ',' or ']'`);
    }
  }

  /** Reads a string; `path` is the path of the string value (or, for a key, of its object). */
  private readString(path: PathSegment[], isKey = false): string {
    const t = this.text;
    this.i++; // opening quote
    let out = '';
    let hasNul = false;
    let loneSurrogate = false;
    for (;;) {
      if (this.i >= t.length) throw new SyntaxFailure(this.i, 'unterminated string');
      const c = t.charCodeAt(this.i);
      if (c === 0x22) {
        this.i++;
        break;
      }
      if (c === 0x5c) {
        const e = t[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
          out += simple[e];
          this.i += 2;
          continue;
        }
        if (e !== 'u') throw new SyntaxFailure(this.i, 'invalid escape sequence');
        const unit = this.readHex4(this.i + 2);
        this.i += 6;
        if (unit === 0) hasNul = true;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          // A high surrogate must be followed by an escaped low surrogate.
          if (t[this.i] === '\\' && t[this.i + 1] === 'u') {
            const low = this.readHex4(this.i + 2);
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(unit, low);
              this.i += 6;
              continue;
            }
          }
          // Kept (not dropped) so keys still compare as exact code-point sequences (§3.2):
          // `"a\ud800"` and `"a"` are different keys, not duplicates.
          loneSurrogate = true;
          out += String.fromCharCode(unit);
          continue;
        }
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          loneSurrogate = true;
          out += String.fromCharCode(unit);
          continue;
        }
        out += String.fromCharCode(unit);
        continue;
      }
      if (c === 0) {
        hasNul = true;
        this.i++;
        continue;
      }
      if (c < 0x20)
        throw new SyntaxFailure(this.i, `unescaped control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in string`);
      if (c >= 0xd800 && c <= 0xdfff) {
        // Only reachable for string input (bytes went through a fatal UTF-8 decoder).
        const next = t.charCodeAt(this.i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          out += t[this.i] + t[this.i + 1];
          this.i += 2;
          continue;
        }
        loneSurrogate = true;
        out += t[this.i];
        this.i++;
        continue;
      }
      // A run of ordinary characters is appended as one slice (per-character concatenation
      // made a 16 MiB string cost ~700 MB).
      const start = this.i;
      let end = start + 1;
      while (end < t.length) {
        const d = t.charCodeAt(end);
        if (d === 0x22 || d === 0x5c || d < 0x20 || (d >= 0xd800 && d <= 0xdfff)) break;
        end++;
      }
      out += t.slice(start, end);
      this.i = end;
    }
    const where = jqPath(isKey ? [...path, out] : path);
    if (hasNul) this.errors.push(diagnostic(MALFORMED, where, `U+0000 is not allowed in ${isKey ? 'a key' : 'a string'}`));
    if (loneSurrogate) this.errors.push(diagnostic(MALFORMED, where, `unpaired surrogate in ${isKey ? 'a key' : 'a string'}`));
    return out;
  }

  private readHex4(at: number): number {
    const hex = this.text.slice(at, at + 4);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw new SyntaxFailure(at, 'invalid \\u escape');
    return parseInt(hex, 16);
  }

  private readNumber(path: PathSegment[]): number {
    const m = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
    m.lastIndex = this.i;
    const found = m.exec(this.text);
    if (!found) throw new SyntaxFailure(this.i, 'invalid number');
    const lexeme = found[0];
    this.i += lexeme.length;
    const where = jqPath(path);
    if (found[1] !== undefined || found[2] !== undefined) {
      this.errors.push(diagnostic(MALFORMED, where, `${lexeme} is not an integer (the IR is integer-only)`));
      return 0;
    }
    if (lexeme === '-0') {
      this.errors.push(diagnostic(MALFORMED, where, '-0 is not allowed'));
      return 0;
    }
    const n = Number(lexeme);
    // Any lexeme above 2^53-1 rounds to at least 2^53, which is not a safe integer.
    if (!Number.isSafeInteger(n)) {
      this.errors.push(diagnostic(MALFORMED, where, `${lexeme} exceeds 2^53-1 in magnitude`));
      return 0;
    }
    return n;
  }
}
