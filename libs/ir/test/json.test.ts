import { parseJson, jsonObject, isJsonObject, type JsonObject } from '../src';

const errorsOf = (input: string | Uint8Array) => {
  const r = parseJson(input);
  if (r.ok) throw new Error('expected an error');
  return r.errors.map((e) => `${e.code} at ${e.path}`);
};

describe('parseJson (strict reader, ir-v0 §3)', () => {
  it('parses objects into null-prototype objects and keeps __proto__ as an ordinary key', () => {
    const r = parseJson('{"__proto__": {"x": 1}, "a": [1, -2, "s", true, false, null]}');
    expect(r.ok).toBe(true);
    const v = (r as { value: JsonObject }).value;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
    expect(isJsonObject(v.__proto__)).toBe(true);
    expect((v.__proto__ as JsonObject).x).toBe(1);
    expect(v.a).toEqual([1, -2, 's', true, false, null]);
  });

  it('rejects a non-object top level, empty input and trailing garbage', () => {
    expect(errorsOf('[1]')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('{} {}')).toEqual(['E_MALFORMED_MANIFEST at .']);
  });

  it('reports syntax errors at . with 1-based line:column', () => {
    const r = parseJson('{\n  "a": 1,\n  "b" 2\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.path).toBe('.');
      expect(r.errors[0]?.detail).toContain('3:7');
    }
  });

  it.each([
    ['fraction', '{"a": {"b": 1.0}}', '.a.b'],
    ['exponent', '{"a": [0, 1e3]}', '.a[1]'],
    ['upper exponent', '{"a": 1E+2}', '.a'],
    ['half', '{"a": 0.5}', '.a'],
    ['negative zero', '{"a": -0}', '.a'],
    ['2^53', '{"a": 9007199254740992}', '.a'],
    ['-(2^53)', '{"a": -9007199254740992}', '.a'],
    ['huge', '{"a": 123456789012345678901234567890}', '.a'],
  ])('rejects the number (%s) at its path', (_n, doc, path) => {
    expect(errorsOf(doc)).toEqual([`E_MALFORMED_MANIFEST at ${path}`]);
  });

  it('accepts the extreme safe integers', () => {
    const r = parseJson('{"a": 9007199254740991, "b": -9007199254740991, "c": 0}');
    expect(r.ok && (r.value as JsonObject).a).toBe(9007199254740991);
    expect(r.ok && (r.value as JsonObject).b).toBe(-9007199254740991);
  });

  it('rejects invalid number lexemes as syntax errors', () => {
    expect(errorsOf('{"a": 01}')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('{"a": +1}')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('{"a": 1.}')).toEqual(['E_MALFORMED_MANIFEST at .']);
  });

  it('rejects duplicate keys at the duplicated key path, in any object', () => {
    expect(errorsOf('{"id": "a", "id": "b"}')).toEqual(['E_MALFORMED_MANIFEST at .id']);
    expect(errorsOf('{"x": {"MY-VAR": 1, "MY-VAR": 2}}')).toEqual(['E_MALFORMED_MANIFEST at .x["MY-VAR"]']);
    // Keys are compared as exact code points: precomposed vs decomposed é are different keys.
    expect(parseJson('{"\u00e9": 1, "e\u0301": 2}').ok).toBe(true);
  });

  it('rejects U+0000 raw or escaped, in strings and keys', () => {
    expect(errorsOf('{"a": "x\\u0000y"}')).toEqual(['E_MALFORMED_MANIFEST at .a']);
    expect(errorsOf('{"a": ["x\u0000"]}')).toEqual(['E_MALFORMED_MANIFEST at .a[0]']);
    expect(errorsOf('{"k\\u0000": 1}')).toEqual(['E_MALFORMED_MANIFEST at .["k\\u0000"]']);
  });

  it('rejects lone surrogates (escaped, or raw in a JS string) but accepts escaped pairs', () => {
    expect(errorsOf('{"a": "\\ud800"}')).toEqual(['E_MALFORMED_MANIFEST at .a']);
    expect(errorsOf('{"a": "\\udc00x"}')).toEqual(['E_MALFORMED_MANIFEST at .a']);
    expect(errorsOf('{"a": "\\ud800\\u0041"}')).toEqual(['E_MALFORMED_MANIFEST at .a']);
    expect(errorsOf('{"a": "\ud800"}')).toEqual(['E_MALFORMED_MANIFEST at .a']);
    const r = parseJson('{"a": "\\ud83d\\ude00"}');
    expect(r.ok && (r.value as JsonObject).a).toBe('😀');
  });

  it('a lone surrogate in a key is one error at that key; the key is not confused with another', () => {
    // Keys compare as exact code points (§3.2): "a\ud800" and "a" are different keys, so there is
    // no duplicate-key error, and the path names the key as written, not with the surrogate dropped.
    expect(errorsOf('{"a\\ud800": 1, "a": 2}')).toEqual(['E_MALFORMED_MANIFEST at .["a\\ud800"]']);
    expect(errorsOf('{"a\\udc00b": 1, "ab": 2}')).toEqual(['E_MALFORMED_MANIFEST at .["a\\udc00b"]']);
    // Errors below such a key still get a printable path.
    expect(errorsOf('{"k\\ud800": {"x": 1.5}}').sort()).toEqual([
      'E_MALFORMED_MANIFEST at .["k\\ud800"]',
      'E_MALFORMED_MANIFEST at .["k\\ud800"].x',
    ]);
  });

  it('rejects a BOM and invalid UTF-8 at .', () => {
    expect(errorsOf(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('\ufeff{}')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual(['E_MALFORMED_MANIFEST at .']);
    // Overlong encoding of '/' and an encoded surrogate are invalid UTF-8 too.
    expect(errorsOf(Buffer.from('{"a":"\xc0\xaf"}', 'latin1'))).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf(Buffer.from('{"a":"\xed\xa0\x80"}', 'latin1'))).toEqual(['E_MALFORMED_MANIFEST at .']);
  });

  it('accepts only space, tab, LF and CR as whitespace', () => {
    expect(parseJson(' \t\r\n{ "a" :\t1 }\n').ok).toBe(true);
    expect(errorsOf('{\u00a0"a": 1}')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('{\f"a": 1}')).toEqual(['E_MALFORMED_MANIFEST at .']);
  });

  it('rejects raw control characters in strings and bad escapes', () => {
    expect(errorsOf('{"a": "x\ty"}')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('{"a": "\\x41"}')).toEqual(['E_MALFORMED_MANIFEST at .']);
    expect(errorsOf('{"a": "\\u12g4"}')).toEqual(['E_MALFORMED_MANIFEST at .']);
  });

  it('allows 128 levels of nesting and rejects the 129th at its path', () => {
    const nest = (n: number) => '{"a":'.repeat(n - 1) + '{}' + '}'.repeat(n - 1);
    expect(parseJson(nest(128)).ok).toBe(true);
    expect(errorsOf(nest(129))).toEqual([`E_MALFORMED_MANIFEST at ${'.a'.repeat(128)}`]);
    const arrays = '{"x":' + '['.repeat(128) + ']'.repeat(128) + '}';
    expect(errorsOf(arrays)).toEqual([`E_MALFORMED_MANIFEST at .x${'[0]'.repeat(127)}`]);
    // Far deeper input must not overflow the stack.
    expect(errorsOf('{"a":' + '['.repeat(100000))).toHaveLength(1);
  });

  it('reports several non-syntax errors in one pass', () => {
    expect(errorsOf('{"a": 1.5, "b": "\\u0000", "a": 2}').sort()).toEqual(
      ['E_MALFORMED_MANIFEST at .a', 'E_MALFORMED_MANIFEST at .a', 'E_MALFORMED_MANIFEST at .b'].sort(),
    );
  });

  it('jsonObject builds null-prototype objects that hold __proto__ as data', () => {
    const o = jsonObject([
      ['__proto__', 1],
      ['b', 2],
    ]);
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.keys(o)).toEqual(['__proto__', 'b']);
    expect(o['__proto__']).toBe(1);
  });
});
