import { execFileSync } from 'node:child_process';
import { canonicalizeWorkload, irHash, parseWorkload, sha256Hex } from '../src';
import { fixture, parseOk } from './helpers';

// Computed from the §12.1 canonical bytes and cross-checked with `sha256sum` (coreutils).
const HELLO_HASH = 'bf6f9f61571d7c5080144d83b681eb6718d76ab30ab80f61a715c50ac85b6ab3';
const ADDER_HASH = '2aaef571a71ec81d5c761b5e6b19e03823b7cb1c0ca7bee4168392b30603d703';

describe('canonicalize and ir_hash (ir-v0 §5–§7, §12.1, §12.2)', () => {
  const helloBytes = fixture('hello.canonical.txt');

  it('the §12.1 canonical line is 441 ASCII bytes', () => {
    expect(Buffer.byteLength(helloBytes)).toBe(441);
  });

  it.each([
    ['the minimal input', 'hello.min.json'],
    ['every default spelled out, keys reordered', 'hello.defaults.json'],
    ['the canonical line itself', 'hello.canonical.txt'],
  ])('%s canonicalizes to the §12.1 bytes and the pinned hash', (_name, file) => {
    const w = parseOk(fixture(file));
    expect(canonicalizeWorkload(w)).toBe(helloBytes);
    expect(irHash(w)).toBe(HELLO_HASH);
  });

  it('pretty-printing and whitespace do not change the hash', () => {
    const pretty = JSON.stringify(JSON.parse(fixture('hello.min.json')), null, 4);
    expect(irHash(parseOk(pretty))).toBe(HELLO_HASH);
  });

  it('accepts bytes as well as strings', () => {
    const r = parseWorkload(Buffer.from(fixture('hello.min.json')));
    expect(r.ok && irHash(r.workload)).toBe(HELLO_HASH);
  });

  it('the pinned hello hash equals sha256sum of the bytes', () => {
    const out = execFileSync('sha256sum', [], { input: helloBytes }).toString();
    expect(out.split(' ')[0]).toBe(HELLO_HASH);
    expect(sha256Hex(Buffer.from(helloBytes))).toBe(HELLO_HASH);
  });

  it('§12.2: the adder function app drops defaults but keeps primary', () => {
    const w = parseOk(fixture('adder.json'));
    expect(canonicalizeWorkload(w)).toBe(fixture('adder.canonical.txt'));
    expect(irHash(w)).toBe(ADDER_HASH);
    expect(sha256Hex(fixture('adder.canonical.txt'))).toBe(ADDER_HASH);
  });

  it('a different document has a different hash', () => {
    const d = JSON.parse(fixture('hello.min.json'));
    d.apps[0].resources.cpu_cores = 2;
    expect(irHash(parseOk(d))).not.toBe(HELLO_HASH);
  });
});
