import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { CodedError } from '@mvmforge/ir';
import { DEFAULT_EMIT_TIMEOUT_MS, runSdk, sdkPythonPath, pythonInterpreter } from '@mvmforge/emit';
import { CORPUS_DIR, FIXTURES, REPO_ROOT, cleanEnv } from './helpers';

async function emitError(promise: Promise<unknown>): Promise<{ code: string; path: string; detail: string }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CodedError);
    const diagnostics = (err as CodedError).diagnostics;
    expect(diagnostics).toHaveLength(1);
    return diagnostics[0];
  }
  throw new Error('expected a CodedError');
}

describe('sdk location and interpreter', () => {
  test('the bundled SDK is the mvmforge package of @mvmforge/sdk-python', () => {
    expect(sdkPythonPath()).toBe(join(REPO_ROOT, 'libs', 'sdk-python', 'python'));
    expect(existsSync(join(sdkPythonPath(), 'mvmforge', '__main__.py'))).toBe(true);
  });

  test('MVMFORGE_PYTHON wins over python3, an empty value does not', () => {
    expect(pythonInterpreter({ MVMFORGE_PYTHON: '/opt/py/bin/python3.12' })).toEqual({ command: '/opt/py/bin/python3.12', fromEnv: true });
    expect(pythonInterpreter({ MVMFORGE_PYTHON: '' })).toEqual({ command: 'python3', fromEnv: false });
    expect(pythonInterpreter({})).toEqual({ command: 'python3', fromEnv: false });
  });
});

describe('runSdk', () => {
  test('returns the bytes the SDK wrote', async () => {
    const { bytes, stderr } = await runSdk(join(CORPUS_DIR, 'hello-app', 'app.py'), { env: cleanEnv(), stderr: 'capture' });
    expect(bytes.toString('utf8')).toMatch(/^\{"apps":\[\{.*"id":"hello-app","schema_version":"0.1","volumes":\[\]\}$/);
    expect(bytes.length).toBe(518);
    expect(stderr).toBe('');
  });

  test('environment: PYTHONPATH prepended, no bytecode, a fresh IR file that is removed afterwards', async () => {
    const env = cleanEnv({ PYTHONPATH: '/existing/path' });
    const { stderr } = await runSdk(join(FIXTURES, 'prints', 'app.py'), { env, stderr: 'capture' });
    expect(stderr).toContain('author print');
    expect(stderr).toContain(`PYTHONPATH=${sdkPythonPath()}${delimiter}/existing/path\n`);
    expect(stderr).toContain('PYTHONDONTWRITEBYTECODE=1\n');
    const irOut = /MVMFORGE_IR_OUT=(.*)\n/.exec(stderr)?.[1] ?? '';
    expect(irOut.startsWith(tmpdir())).toBe(true);
    expect(existsSync(irOut)).toBe(false);
    expect(existsSync(dirname(irOut))).toBe(false);
  });

  test('PYTHONPATH unset or empty: just the bundled SDK (an empty element would put the cwd on sys.path)', async () => {
    for (const value of [undefined, '']) {
      const env = cleanEnv();
      if (value === undefined) delete env.PYTHONPATH;
      else env.PYTHONPATH = value;
      const { stderr } = await runSdk(join(FIXTURES, 'prints', 'app.py'), { env, stderr: 'capture' });
      expect(stderr).toContain(`PYTHONPATH=${sdkPythonPath()}\n`);
    }
  });

  test('the default timeout is 120 s', () => {
    expect(DEFAULT_EMIT_TIMEOUT_MS).toBe(120_000);
  });

  test("'inherit' copies the SDK's stderr through live and still returns it", async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(Buffer.from(chunk).toString('utf8'));
      return true;
    });
    try {
      const { stderr } = await runSdk(join(FIXTURES, 'prints', 'app.py'), { env: cleanEnv() });
      expect(stderr).toContain('author print');
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('author print');
  });

  test('a non-zero exit is E_EMIT_FAILED with the status and the SDK message naming file and line', async () => {
    const entry = join(FIXTURES, 'wrong-type', 'app.py');
    const d = await emitError(runSdk(entry, { env: cleanEnv(), stderr: 'capture' }));
    expect(d.code).toBe('E_EMIT_FAILED');
    expect(d.path).toBe('');
    expect(d.detail).toContain('exited with status 1');
    expect(d.detail).toContain(`mvmforge.emit: ${entry}:4: env value of 'PORT' must be a str`);
  });

  test('no interpreter: guidance for python3 on PATH and for MVMFORGE_PYTHON', async () => {
    const entry = join(CORPUS_DIR, 'hello-app', 'app.py');
    const empty = mkdtempSync(join(tmpdir(), 'mvmforge-nopython-'));
    try {
      const onPath = await emitError(runSdk(entry, { env: cleanEnv({ PATH: empty }) }));
      expect(onPath.code).toBe('E_PYTHON_NOT_FOUND');
      expect(onPath.detail).toContain('no python3 found on PATH');
      expect(onPath.detail).toContain('MVMFORGE_PYTHON');
      const configured = await emitError(runSdk(entry, { env: cleanEnv({ MVMFORGE_PYTHON: join(empty, 'python9') }) }));
      expect(configured.code).toBe('E_PYTHON_NOT_FOUND');
      expect(configured.detail).toContain(`MVMFORGE_PYTHON=${join(empty, 'python9')} cannot be run`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test.each([
    ['empty', 'its IR output is empty'],
    ['no-file', 'wrote no IR file'],
    ['signal', 'killed by SIGKILL'],
  ])('a misbehaving SDK (%s) is E_EMIT_FAILED', async (mode, fragment) => {
    const d = await emitError(
      runSdk('whatever.py', {
        env: cleanEnv({ FAKE_SDK_MODE: mode }),
        sdkPath: join(FIXTURES, 'fake-sdk'),
        stderr: 'capture',
      }),
    );
    expect(d.code).toBe('E_EMIT_FAILED');
    expect(d.detail).toContain(fragment);
  });

  test('a timeout kills the SDK and is E_EMIT_FAILED', async () => {
    const started = Date.now();
    const d = await emitError(runSdk(join(FIXTURES, 'slow', 'app.py'), { env: cleanEnv(), timeoutMs: 1500, stderr: 'capture' }));
    expect(d.code).toBe('E_EMIT_FAILED');
    expect(d.detail).toContain('did not finish within 2 s and was killed');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('a background process left by the author does not keep the host waiting', async () => {
    const started = Date.now();
    const { bytes } = await runSdk(join(FIXTURES, 'background-child', 'app.py'), { env: cleanEnv(), stderr: 'capture' });
    expect(bytes.toString('utf8')).toContain('"id":"background-child"');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('an interpreter that is not executable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvmforge-badpython-'));
    try {
      const fake = join(dir, 'python3');
      writeFileSync(fake, '#!/bin/sh\nexit 0\n');
      chmodSync(fake, 0o644);
      const d = await emitError(runSdk(join(CORPUS_DIR, 'hello-app', 'app.py'), { env: cleanEnv({ MVMFORGE_PYTHON: fake }) }));
      expect(d.code).toBe('E_PYTHON_NOT_FOUND');
      expect(d.detail).toContain('cannot be run');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
