import { canonicalJson, canonicalBytes, compareCodePoints, jsonObject, parseJson, type JsonValue } from '../src';

describe('canonical JSON writer (ir-v0 §6)', () => {
  it('orders integer-like keys by bytes: "10" before "9"', () => {
    const o = jsonObject([
      ['9', 1],
      ['10', 2],
      ['a', 3],
    ]);
    expect(canonicalJson(o)).toBe('{"10":2,"9":1,"a":3}');
  });

  it('puts a key above U+FFFF after a key in U+E000–U+FFFF (UTF-8 order, not UTF-16)', () => {
    const o = jsonObject([
      ['😀', 1],
      ['\uffff', 2],
      ['\ue000', 3],
    ]);
    expect(canonicalJson(o)).toBe('{"\ue000":3,"\uffff":2,"😀":1}');
    expect(compareCodePoints('😀', '\uffff')).toBeGreaterThan(0);
    expect(['😀', '\uffff'].sort()).toEqual(['😀', '\uffff']); // the pitfall this guards against
  });

  it('reproduces the §6.2 example exactly', () => {
    const s = 'tab\there "q" back\\ nl\n esc\u001b del\u007f ls\u2028 /';
    const o = jsonObject([
      ['b', 0],
      ['a', 0],
      ['9', 0],
      ['10', 0],
      ['é', 0],
      ['\uffff', 0],
      ['😀', s],
    ]);
    const out = canonicalJson(o);
    expect(out).toBe(
      '{"10":0,"9":0,"a":0,"b":0,"é":0,"\uffff":0,"😀":"tab\\there \\"q\\" back\\\\ nl\\n esc\\u001b del\u007f ls\u2028 /"}',
    );
    // Byte order of the keys as listed in §6.2.
    const keys = ['10', '9', 'a', 'b', 'é', '\uffff', '😀'].map((k) => Buffer.from(k, 'utf8'));
    for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1] as Buffer, keys[i] as Buffer)).toBeLessThan(0);
  });

  it('escapes every control character with the short form or lowercase \\u00xx', () => {
    let all = '';
    for (let c = 1; c < 0x20; c++) all += String.fromCharCode(c);
    const out = canonicalJson(all);
    expect(out).toBe(
      '"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f' +
        '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"',
    );
    expect(canonicalJson('"\\/')).toBe('"\\"\\\\/"');
    expect(canonicalJson('\u007f\u2028\u2029é')).toBe('"\u007f\u2028\u2029é"');
  });

  it('writes literals, integers, arrays and nested objects without whitespace', () => {
    const v: JsonValue = jsonObject([
      ['z', [1, -2, 0, null, true, false, 'x']],
      [
        'a',
        jsonObject([
          ['y', jsonObject()],
          ['x', []],
        ]),
      ],
    ]);
    expect(canonicalJson(v)).toBe('{"a":{"x":[],"y":{}},"z":[1,-2,0,null,true,false,"x"]}');
  });

  it('keeps __proto__ as an ordinary key', () => {
    const r = parseJson('{"__proto__":{"b":1,"a":2},"x":1}');
    expect(r.ok && canonicalJson(r.value)).toBe('{"__proto__":{"a":2,"b":1},"x":1}');
  });

  it('refuses values the IR cannot hold', () => {
    expect(() => canonicalJson(1.5)).toThrow(TypeError);
    expect(() => canonicalJson(-0)).toThrow(TypeError);
    expect(() => canonicalJson(2 ** 53)).toThrow(TypeError);
    expect(() => canonicalJson('\ud800')).toThrow(TypeError);
    expect(() => canonicalJson(undefined as unknown as JsonValue)).toThrow(TypeError);
  });

  it('produces UTF-8 bytes without BOM or trailing newline, and is idempotent', () => {
    const v = jsonObject([['é', '😀\n']]);
    const bytes = canonicalBytes(v);
    expect(bytes.toString('utf8')).toBe('{"é":"😀\\n"}');
    expect(bytes[0]).toBe(0x7b);
    expect(bytes[bytes.length - 1]).toBe(0x7d);
    const again = parseJson(bytes);
    expect(again.ok && canonicalBytes(again.value).equals(bytes)).toBe(true);
  });
});
