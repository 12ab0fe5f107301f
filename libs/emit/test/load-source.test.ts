import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodedError, canonicalizeWorkload } from '@mvmforge/ir';
import { WorkloadReadError, isPythonEntry, loadWorkloadSource } from '@mvmforge/emit';
import { CORPUS_DIR, FIXTURES, cleanEnv } from './helpers';

const HELLO_JSON =
  '{"schema_version":"0.1","id":"hello","apps":[{"name":"hello","source":{"kind":"local_path","path":"."},' +
  '"image":{"kind":"nix_packages","packages":["python312"]},"entrypoints":[{"kind":"command","command":["python","-m","hello"]}],' +
  '"resources":{"cpu_cores":1,"memory_mb":256,"rootfs_size_mb":512}}]}';

async function diagnosticsOf(promise: Promise<unknown>): Promise<{ code: string; path: string; detail: string }[]> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    return [...(err as CodedError).diagnostics];
  }
  throw new Error('expected a CodedError');
}

describe('loadWorkloadSource', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mvmforge-load-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a .py entry runs the SDK; manifestDir is the entry directory', async () => {
    const loaded = await loadWorkloadSource(join(CORPUS_DIR, 'with-source', 'app.py'), { env: cleanEnv(), stderr: 'capture' });
    expect(loaded.kind).toBe('python');
    expect(loaded.manifestDir).toBe(join(CORPUS_DIR, 'with-source'));
    expect(loaded.workload.id).toBe('with-source');
  });

  test('a relative .py entry gives an absolute manifestDir', async () => {
    const cwd = process.cwd();
    process.chdir(CORPUS_DIR);
    try {
      const loaded = await loadWorkloadSource(join('hello-app', 'app.py'), { env: cleanEnv(), stderr: 'capture' });
      expect(loaded.manifestDir).toBe(join(CORPUS_DIR, 'hello-app'));
    } finally {
      process.chdir(cwd);
    }
  });

  test('a .py entry is not validated by the loader (callers decide)', async () => {
    const loaded = await loadWorkloadSource(join(FIXTURES, 'invalid-ir', 'app.py'), { env: cleanEnv(), stderr: 'capture' });
    expect(loaded.workload.id).toBe('invalid-ir');
  });

  test('a JSON file is read and parsed strictly; manifestDir is its directory', async () => {
    const file = join(dir, 'ir.json');
    writeFileSync(file, HELLO_JSON);
    const loaded = await loadWorkloadSource(file);
    expect(loaded.kind).toBe('json');
    expect(loaded.manifestDir).toBe(dir);
    expect(canonicalizeWorkload(loaded.workload)).toContain('"include":["**"]');
  });

  test('stdin (-): manifestDir is the current directory', async () => {
    const loaded = await loadWorkloadSource('-', { readStdin: () => Buffer.from(HELLO_JSON) });
    expect(loaded.kind).toBe('stdin');
    expect(loaded.manifestDir).toBe(process.cwd());
    expect(loaded.workload.id).toBe('hello');
  });

  test('parse errors keep their codes and paths', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, HELLO_JSON.replace('"cpu_cores":1', '"cpu_cores":1.0'));
    const errors = await diagnosticsOf(loadWorkloadSource(file));
    expect(errors.map((e) => `${e.code} ${e.path}`)).toEqual(['E_MALFORMED_MANIFEST .apps[0].resources.cpu_cores']);
  });

  test('a missing input is E_INPUT_NOT_FOUND naming the path; an unreadable one E_INPUT_UNREADABLE', async () => {
    const missing = await diagnosticsOf(loadWorkloadSource(join(dir, 'missing.json')));
    expect(missing).toEqual([
      { code: 'E_INPUT_NOT_FOUND', path: '', detail: `${JSON.stringify(join(dir, 'missing.json'))}: no such file` },
    ]);
    const directory = await diagnosticsOf(loadWorkloadSource(dir));
    expect(directory).toEqual([{ code: 'E_INPUT_UNREADABLE', path: '', detail: `cannot read ${JSON.stringify(dir)}: is a directory` }]);
    const stdin = await diagnosticsOf(
      loadWorkloadSource('-', {
        readStdin: () => {
          throw new Error('EBADF');
        },
      }),
    );
    expect(stdin).toEqual([{ code: 'E_INPUT_UNREADABLE', path: '', detail: 'cannot read stdin: EBADF' }]);
  });

  test('a failing entry is E_EMIT_FAILED', async () => {
    const errors = await diagnosticsOf(
      loadWorkloadSource(join(FIXTURES, 'two-workloads', 'app.py'), { env: cleanEnv(), stderr: 'capture' }),
    );
    expect(errors.map((e) => e.code)).toEqual(['E_EMIT_FAILED']);
  });

  test('isPythonEntry', () => {
    expect(isPythonEntry('app.py')).toBe(true);
    expect(isPythonEntry('APP.PY')).toBe(true);
    expect(isPythonEntry('ir.json')).toBe(false);
    expect(isPythonEntry('-')).toBe(false);
  });
});

describe('unreadable inputs are WorkloadReadErrors (I/O), not emit failures', () => {
  test.each(['/nonexistent/app.py', '/nonexistent/manifest.json', '/nonexistent/APP.PY'])('%s', async (arg) => {
    const err = await loadWorkloadSource(arg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkloadReadError);
    expect((err as WorkloadReadError).diagnostics).toEqual([
      { code: 'E_INPUT_NOT_FOUND', path: '', detail: `${JSON.stringify(arg)}: no such file` },
    ]);
  });

  test('a directory named like an entry', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'mvmforge-dir-'));
    const dir = join(parent, 'entry.py');
    mkdirSync(dir);
    try {
      const err = await loadWorkloadSource(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkloadReadError);
      expect((err as WorkloadReadError).diagnostics[0]).toMatchObject({
        code: 'E_INPUT_UNREADABLE',
        detail: expect.stringContaining('is a directory'),
      });
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
