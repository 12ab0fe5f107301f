// The input size cap (libs/ir/src/input-limit.ts): refused before parsing, as a coded error.
import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_INPUT_BYTES, maxInputBytes, parseWorkload, readFileBounded } from '../src';
import { runCliSync } from '../../../fixtures/test-support/cli';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mvmforge-cap-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const codes = (r: ReturnType<typeof parseWorkload>) => (r.ok ? [] : r.errors.map((e) => `${e.code} at ${e.path}`));

describe('input size cap', () => {
  it('a 200 MB string is refused before parsing with E_INPUT_TOO_LARGE', () => {
    const big = `{"id":"${'x'.repeat(200 * 1024 * 1024)}"}`;
    expect(codes(parseWorkload(big))).toEqual(['E_INPUT_TOO_LARGE at .']);
    expect(codes(parseWorkload(Buffer.alloc(DEFAULT_MAX_INPUT_BYTES + 1, 0x20)))).toEqual(['E_INPUT_TOO_LARGE at .']);
  });

  it('counts UTF-8 bytes, not UTF-16 units, and accepts a document at the limit', () => {
    const doc = '{"schema_version":"0.1","id":"w","apps":[],"extensions":{"é":1}}';
    const bytes = Buffer.byteLength(doc);
    expect(codes(parseWorkload(doc, { maxInputBytes: bytes }))).toEqual([]);
    expect(codes(parseWorkload(doc, { maxInputBytes: bytes - 1 }))).toEqual(['E_INPUT_TOO_LARGE at .']);
  });

  it('MVMFORGE_MAX_INPUT_BYTES sets the cap; a bad value is a coded error', () => {
    expect(maxInputBytes({})).toBe(DEFAULT_MAX_INPUT_BYTES);
    expect(maxInputBytes({ MVMFORGE_MAX_INPUT_BYTES: '1000' })).toBe(1000);
    for (const bad of ['0', '-1', '1e6', 'lots'])
      expect(() => maxInputBytes({ MVMFORGE_MAX_INPUT_BYTES: bad })).toThrow(/E_INPUT_TOO_LARGE: MVMFORGE_MAX_INPUT_BYTES=/);
  });

  it('a 200 MB file is refused from its size, without reading it', () => {
    const p = join(tmp, 'huge.json');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024); // sparse: no 200 MB written
    closeSync(fd);
    expect(() => readFileBounded(p, 'huge.json')).toThrow(/E_INPUT_TOO_LARGE at \.: huge\.json is 209715200 bytes; the limit is/);
    const r = runCliSync(['hash', p]);
    expect(r.status).toBe(1);
    expect(r.stderr.toString('utf8')).toMatch(/^E_INPUT_TOO_LARGE at \.: ".*huge\.json" is 209715200 bytes/);
  });

  it('stdin is read only up to the cap (the CLI, for every verb that reads it)', () => {
    const env = { ...process.env, MVMFORGE_MAX_INPUT_BYTES: '1000' };
    const input = Buffer.alloc(64 * 1024, 0x20);
    for (const verb of ['hash', 'validate', 'canonicalize']) {
      const r = runCliSync([verb, '-'], { env, input });
      expect({ verb, status: r.status }).toEqual({ verb, status: 1 });
      expect(r.stderr.toString('utf8')).toMatch(
        /^E_INPUT_TOO_LARGE at \.: stdin is more than 1000 bytes; the limit is 1000 \(MVMFORGE_MAX_INPUT_BYTES\)\n {2}hint: /,
      );
    }
    const ok = join(tmp, 'ok.json');
    writeFileSync(ok, '{"schema_version":"0.1","id":"w","apps":[]}');
    expect(runCliSync(['hash', ok], { env }).status).toBe(0);
  });
});
