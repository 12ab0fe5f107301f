import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BIN, assertCliBuilt } from '../../../fixtures/test-support/cli';
import fc from 'fast-check';
import { ERROR_CODES, irHash, parseWorkload, validateWorkload, type Diagnostic } from '../src';
import { toText, validWorkload } from './arbitraries';
import { fixture } from './helpers';

/** Mutations of a document's bytes: flip, insert, delete, duplicate a slice. */
const byteMutation = (base: Uint8Array) =>
  fc
    .array(
      fc.oneof(
        fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
        fc.record({
          op: fc.constant('insert' as const),
          at: fc.nat(),
          byte: fc.constantFrom(0x22, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x2e, 0x30, 0x2d, 0x65, 0x5c, 0x00, 0xff, 0xc3, 0xed),
        }),
        fc.record({ op: fc.constant('delete' as const), at: fc.nat(), byte: fc.constant(0) }),
        fc.record({ op: fc.constant('dup' as const), at: fc.nat(), byte: fc.integer({ min: 1, max: 40 }) }),
      ),
      { minLength: 1, maxLength: 6 },
    )
    .map((ops) => {
      let b = Array.from(base);
      for (const { op, at, byte } of ops) {
        const i = b.length === 0 ? 0 : at % b.length;
        if (op === 'set') b[i] = byte;
        else if (op === 'insert') b.splice(i, 0, byte);
        else if (op === 'delete') b.splice(i, 1);
        else b = [...b.slice(0, i), ...b.slice(i, i + byte), ...b.slice(i)];
      }
      return Uint8Array.from(b);
    });

function checkDiagnostics(ds: readonly Diagnostic[]): void {
  expect(ds.length).toBeGreaterThan(0);
  for (const d of ds) {
    expect(Object.prototype.hasOwnProperty.call(ERROR_CODES, d.code)).toBe(true);
    expect(typeof d.path).toBe('string');
    expect(d.path.startsWith('.')).toBe(true);
    expect(typeof d.detail).toBe('string');
  }
}

/** The library contract under fuzzing: coded errors or a result, never an exception. */
function exercise(input: string | Uint8Array): void {
  const r = parseWorkload(input);
  if (!r.ok) return checkDiagnostics(r.errors);
  expect(irHash(r.workload)).toMatch(/^[0-9a-f]{64}$/);
  for (const d of validateWorkload(r.workload)) expect(Object.prototype.hasOwnProperty.call(ERROR_CODES, d.code)).toBe(true);
}

const seeds = ['hello.min.json', 'hello.defaults.json', 'adder.json'].map((f) => Buffer.from(fixture(f)));

describe('fuzz: parseWorkload / validateWorkload / irHash only produce coded errors', () => {
  it('random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => exercise(s)),
      { numRuns: 500 },
    );
  });

  it('random JSON-ish strings built from JSON tokens', () => {
    const token = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"id"',
      '"apps"',
      '"kind"',
      '"schema_version"',
      '"0.1"',
      '1',
      '-0',
      '1.5',
      '1e9',
      'null',
      'true',
      '"\\u0000"',
      '"\\ud800"',
      ' ',
      '"__proto__"',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (ts) => exercise(`{${ts.join('')}`)),
      { numRuns: 500 },
    );
  });

  it('fast-check JSON values (floats, -0, big numbers, odd keys) wrapped as documents', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => exercise(JSON.stringify({ schema_version: '0.1', id: 'x', apps: [v] }))),
      { numRuns: 300 },
    );
  });

  it('byte mutations of valid documents', () => {
    for (const seed of seeds)
      fc.assert(
        fc.property(byteMutation(seed), (b) => exercise(b)),
        { numRuns: 400 },
      );
  });

  it('byte mutations of generated valid workloads', () => {
    fc.assert(
      fc.property(
        validWorkload.chain((w) => byteMutation(Buffer.from(toText(w)))),
        (b) => exercise(b),
      ),
      { numRuns: 200 },
    );
  });

  it('structural mutations: every field of a valid document replaced by odd values', () => {
    const odd = [null, -1, 1.5, 4294967296, '', 'x', [], {}, true, [null], { kind: 'zzz' }];
    const base = JSON.parse(fixture('adder.json'));
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(base, []);
    for (const p of paths.slice(1)) {
      for (const value of odd) {
        const d = JSON.parse(JSON.stringify(base));
        let cur = d;
        for (const seg of p.slice(0, -1)) cur = cur[seg];
        cur[p[p.length - 1] as string] = value;
        exercise(JSON.stringify(d));
      }
    }
  });
});

describe('fuzz: the CLI (validate, hash) prints coded errors, never a stack trace', () => {
  const bin = CLI_BIN;
  const tmp = mkdtempSync(join(tmpdir(), 'mvmforge-fuzz-'));

  beforeAll(assertCliBuilt);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('mutated documents through `mvmforge validate` and `mvmforge hash`', () => {
    const samples = fc.sample(
      fc.oneof(
        byteMutation(seeds[0] as Buffer),
        byteMutation(seeds[2] as Buffer),
        fc.string({ maxLength: 40 }).map((s) => Buffer.from(s)),
      ),
      { numRuns: 12, seed: 42 },
    );
    samples.forEach((bytes, i) => {
      const file = join(tmp, `doc-${i}.json`);
      writeFileSync(file, bytes);
      for (const verb of ['validate', 'hash']) {
        const r = spawnSync(process.execPath, [bin, verb, file], { encoding: 'utf8' });
        expect([0, 1]).toContain(r.status);
        expect(r.stderr).not.toContain('internal error');
        expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
        if (r.status === 1) expect(r.stderr).toMatch(/^E_[A-Z_]+ at \.[^\n]*: /);
      }
    });
  });
});
