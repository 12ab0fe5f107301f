import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath, isExecutableFile, runCaptured } from '@mvmforge/process';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mvmforge-process-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function script(path: string, body: string, mode = 0o755): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

describe('findOnPath', () => {
  test('skips empty and relative PATH entries and follows symlinks', () => {
    const bin = join(root, 'bin');
    require('node:fs').mkdirSync(bin);
    script(join(root, 'tool'), 'exit 0');
    // A relative entry must never resolve, even when it would match from the cwd.
    expect(findOnPath('tool', `:.:${root.slice(1)}`)).toBeUndefined();
    symlinkSync(join(root, 'tool'), join(bin, 'tool'));
    expect(findOnPath('tool', bin)).toBe(join(bin, 'tool'));
    expect(findOnPath('tool', undefined)).toBeUndefined();
  });

  test('a file without any execute bit is not executable, even for root', () => {
    const file = script(join(root, 'plain'), 'exit 0', 0o644);
    expect(isExecutableFile(file)).toBe(false);
    expect(findOnPath('plain', root)).toBeUndefined();
    expect(isExecutableFile(root)).toBe(false);
  });
});

describe('runCaptured', () => {
  test('keeps stdout and stderr apart and reports the exit status', async () => {
    const tool = script(join(root, 'tool'), 'echo out; echo err >&2; exit 3');
    const r = await runCaptured(tool, []);
    expect(r).toEqual({ kind: 'exit', status: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
  });

  test('passes arguments verbatim, without a shell', async () => {
    const tool = script(join(root, 'tool'), 'for a in "$@"; do printf "[%s]" "$a"; done');
    const r = await runCaptured(tool, ['$(id)', 'a b', "'", '*']);
    expect(r.stdout).toBe("[$(id)][a b]['][*]");
  });

  test('runs in the given cwd with exactly the given env', async () => {
    const tool = script(join(root, 'tool'), 'pwd; printf "%s|%s" "$ONLY_THIS" "${HOME-unset}"');
    const r = await runCaptured(tool, [], { cwd: root, env: { ONLY_THIS: 'x', PATH: process.env.PATH } });
    expect(r.stdout).toBe(`${require('node:fs').realpathSync(root)}\nx|unset`);
  });

  test('stdin is closed (never the terminal), so a child that reads it sees EOF instead of hanging', async () => {
    const tool = script(join(root, 'tool'), 'if read line; then echo "read:$line"; else echo eof; fi');
    const r = await runCaptured(tool, [], { timeoutMs: 10_000 });
    expect(r).toMatchObject({ kind: 'exit', status: 0, stdout: 'eof\n' });
  });

  test("stdout: 'ignore' discards stdout but stderr is still captured", async () => {
    const tool = script(join(root, 'tool'), 'echo out; echo err >&2');
    const r = await runCaptured(tool, [], { stdout: 'ignore' });
    expect(r).toMatchObject({ kind: 'exit', status: 0, stdout: '', stderr: 'err\n' });
  });

  test('a missing executable is a spawn error, not a throw', async () => {
    const r = await runCaptured(join(root, 'missing'), []);
    expect(r.kind).toBe('spawn-error');
    if (r.kind === 'spawn-error') expect(r.error.code).toBe('ENOENT');
  });

  test('a child that outlives the timeout is killed and reported as a timeout', async () => {
    const tool = script(join(root, 'tool'), 'echo started >&2; exec sleep 30');
    const r = await runCaptured(tool, [], { timeoutMs: 300 });
    expect(r.kind).toBe('timeout');
    expect(r.stderr).toBe('started\n');
  });

  test('a background grandchild holding the pipes does not make the caller wait for it', async () => {
    const tool = script(join(root, 'tool'), 'sleep 20 & echo done');
    const started = Date.now();
    const r = await runCaptured(tool, []);
    expect(r.kind).toBe('exit');
    expect(r.stdout).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
