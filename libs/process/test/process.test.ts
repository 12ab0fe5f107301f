import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { findOnPath, isExecutableFile, runCaptured, shellQuote } from '@mvmforge/process';

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

describe('shellQuote', () => {
  test('leaves plain words and flake references bare, quotes the rest', () => {
    expect(shellQuote('--no-link')).toBe('--no-link');
    expect(shellQuote('path:/tmp/a#packages.x86_64-linux.default')).toBe('path:/tmp/a#packages.x86_64-linux.default');
    expect(shellQuote('#c')).toBe(`'#c'`);
    expect(shellQuote('')).toBe(`''`);
    expect(shellQuote('nix-command flakes')).toBe(`'nix-command flakes'`);
    expect(shellQuote(`it's`)).toBe(`'it'"'"'s'`);
  });

  test('a real /bin/sh reads every quoted word back unchanged', () => {
    const words = ['', '#c', 'a#b', `it's`, '$HOME', '`id`', 'a b\tc', '*', '~', 'x;y|z&', '"q"', 'line\nbreak'];
    const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${words.map(shellQuote).join(' ')}`]);
    expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(words);
  });
});

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

describe('runCaptured and signals (a separate node process, so jest is never signalled)', () => {
  const dist = require('node:path').resolve(__dirname, '../dist/index.js');
  const alive = (pid: number): boolean => {
    try {
      return require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim()[0] !== 'Z';
    } catch {
      return false;
    }
  };
  const linuxAndBuilt = require('node:fs').existsSync('/proc/self/stat') && require('node:fs').existsSync(dist);
  if (!linuxAndBuilt) console.warn('\n*** process.test.ts: signal tests need /proc and `npm run build`; skipped ***\n');
  (linuxAndBuilt ? test.each : test.skip.each)(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s: the child and its own child (one process group) are reaped, then the signal ends the caller',
    async (signal) => {
      const pids = join(root, 'pids');
      const marker = join(root, 'after');
      const tool = script(join(root, 'tool'), `sleep 300 &\necho $! > ${pids}.tmp; echo $$ >> ${pids}.tmp; mv ${pids}.tmp ${pids}\nwait`);
      const host = join(root, 'host.js');
      writeFileSync(
        host,
        // A caller with cleanup to do after the child (a temp dir) holds its own guard.
        `const { runCaptured, guardSignals } = require(${JSON.stringify(dist)});
const guard = guardSignals();
runCaptured(${JSON.stringify(tool)}, []).then(() => { require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'continued'); guard.release(); });`,
      );
      const child = require('node:child_process').spawn(process.execPath, [host], { stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((r) => child.once('exit', (_c: number | null, s: NodeJS.Signals | null) => r(s)));
      const start = Date.now();
      while (!require('node:fs').existsSync(pids)) {
        if (Date.now() - start > 15_000) throw new Error('the tool never started');
        await new Promise((r) => setTimeout(r, 20));
      }
      const [sleeper, shell] = require('node:fs').readFileSync(pids, 'utf8').trim().split('\n').map(Number);
      child.kill(signal);
      expect(await exited).toBe(signal);
      // The guarded caller's continuation ran before the re-raised signal ended it.
      expect(require('node:fs').readFileSync(marker, 'utf8')).toBe('continued');
      const until = Date.now() + 10_000;
      while ((alive(sleeper) || alive(shell)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect([alive(sleeper), alive(shell)]).toEqual([false, false]);
    },
  );
});
