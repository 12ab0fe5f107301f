import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@mvmforge/ir';
import { cargoBuildArgs, executableFromCargoMessages, exitStatusOf, KILL_GRACE_MS, runUp, UpUsageError } from '@mvmforge/up';
import { boots, cleanEnv, FAKE_MVMCTL, makeArtifact, NODE_DIR, readRecord, tempDir, waitFor, writeNodeScript } from './helpers';

describe('runUp against the fake mvmctl (library level)', () => {
  let root: string;
  let artifact: string;
  let record: string;

  beforeEach(() => {
    root = tempDir();
    artifact = makeArtifact(join(root, 'artifact'));
    record = join(root, 'record.jsonl');
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
    cleanEnv({
      PATH: NODE_DIR,
      MVMFORGE_MVMCTL: FAKE_MVMCTL,
      MVMFORGE_FAKE_MVMCTL_RECORD: record,
      MVMFORGE_FAKE_MVMCTL_BOOT_LOG: '',
      ...extra,
    });

  test('argv: up --flake path:<absolute dir>, then MVMFORGE_UP_ARGS words, then extraArgs', async () => {
    const relative = join(root, 'x', '..', 'artifact');
    const status = await runUp({
      artifactDir: relative,
      extraArgs: ['--name', 'my vm', '--detach'],
      env: env({ MVMFORGE_UP_ARGS: `--hypervisor qemu -e 'A=b c'` }),
    });
    expect(status).toBe(0);
    const [probe, call] = readRecord(record);
    // Detection asked clap for help first (nothing boots), then the one real call.
    expect(probe.argv).toEqual(['up', '--help']);
    expect(call.argv).toEqual(['up', '--flake', `path:${artifact}`, '--hypervisor', 'qemu', '-e', 'A=b c', '--name', 'my vm', '--detach']);
    expect(call.flake_path).toBe(artifact);
    expect(readRecord(record)).toHaveLength(2);
  });

  test('the exit status is the child’s exit code', async () => {
    await expect(runUp({ artifactDir: artifact, env: env({ MVMFORGE_FAKE_MVMCTL_EXIT: '3' }) })).resolves.toBe(3);
    expect(boots(record)[0].exit).toBe(3);
  });

  test('a child killed by signal n gives 128 + n', async () => {
    const selfKill = writeNodeScript(join(root, 'self-kill'), "process.kill(process.pid, 'SIGHUP');\nsetInterval(() => {}, 1000);");
    await expect(runUp({ artifactDir: artifact, env: env({ MVMFORGE_MVMCTL: selfKill, MVMFORGE_MVMCTL_CLI: 'up' }) })).resolves.toBe(
      128 + 1,
    );
    expect(exitStatusOf(null, 'SIGTERM')).toBe(143);
    expect(exitStatusOf(0, null)).toBe(0);
  });

  test('onSpawn sees the running child; verbose prints the version first', async () => {
    const lines: string[] = [];
    let spawnedPid: number | undefined;
    await runUp({
      artifactDir: artifact,
      env: env({ MVMFORGE_FAKE_MVMCTL_VERSION: '9.9.9' }),
      verbose: true,
      log: (l) => lines.push(l),
      onSpawn: (child) => (spawnedPid = child.pid),
    });
    expect(spawnedPid).toEqual(expect.any(Number));
    expect(readRecord(record).map((r) => r.argv?.join(' '))).toEqual(['up --help', '--version', `up --flake path:${artifact}`]);
    expect(lines[0]).toContain('mvmctl 9.9.9');
    expect(lines[0]).toContain('MVMFORGE_MVMCTL');
  });

  test('the child inherits the working directory', async () => {
    await runUp({ artifactDir: artifact, env: env() });
    expect(boots(record)[0].cwd).toBe(process.cwd());
  });

  test('verbose with mvmctl found on PATH (option 3) runs `mvmctl --version` first too', async () => {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    symlinkSync(FAKE_MVMCTL, join(bin, 'mvmctl'));
    const lines: string[] = [];
    const status = await runUp({
      artifactDir: artifact,
      env: env({ MVMFORGE_MVMCTL: '', PATH: `${bin}:${NODE_DIR}`, MVMFORGE_FAKE_MVMCTL_VERSION: '4.5.6' }),
      verbose: true,
      log: (l) => lines.push(l),
    });
    expect(status).toBe(0);
    expect(readRecord(record).map((r) => r.argv)).toEqual([['up', '--help'], ['--version'], ['up', '--flake', `path:${artifact}`]]);
    expect(lines[0]).toContain('mvmctl 4.5.6');
    expect(lines[0]).toContain('PATH');
  });

  test('without verbose, `--version` is not run', async () => {
    await runUp({ artifactDir: artifact, env: env() });
    expect(readRecord(record).map((r) => r.argv)).toEqual([
      ['up', '--help'],
      ['up', '--flake', `path:${artifact}`],
    ]);
  });

  test('MVMFORGE_MVM_REPO: cargo builds mvmctl once; detection, --version and the run use the built file', async () => {
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    const bin = join(root, 'bin');
    mkdirSync(bin);
    const calls = join(root, 'cargo.jsonl');
    // A fake cargo that answers like `cargo build --message-format=json-render-diagnostics`.
    const artifactMessage = JSON.stringify({
      reason: 'compiler-artifact',
      target: { name: 'mvmctl', kind: ['bin'] },
      executable: FAKE_MVMCTL,
    });
    writeNodeScript(
      join(bin, 'cargo'),
      `require('node:fs').appendFileSync(${JSON.stringify(calls)}, JSON.stringify(process.argv.slice(2)) + '\\n');
console.log(JSON.stringify({ reason: 'compiler-artifact', target: { name: 'mvm-core', kind: ['lib'] }, executable: null }));
console.log(${JSON.stringify(artifactMessage)});
console.log(JSON.stringify({ reason: 'build-finished', success: true }));`,
    );
    const lines: string[] = [];
    const status = await runUp({
      artifactDir: artifact,
      env: env({ MVMFORGE_MVMCTL: '', MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${NODE_DIR}` }),
      verbose: true,
      log: (l) => lines.push(l),
    });
    expect(status).toBe(0);
    const argvs = readFileSync(calls, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    expect(argvs).toEqual([cargoBuildArgs(join(repo, 'Cargo.toml'))]);
    expect(argvs[0]).toEqual([
      'build',
      '--quiet',
      '--manifest-path',
      join(repo, 'Cargo.toml'),
      '--bin',
      'mvmctl',
      '--message-format=json-render-diagnostics',
    ]);
    expect(readRecord(record).map((r) => r.argv?.join(' '))).toEqual(['up --help', '--version', `up --flake path:${artifact}`]);
    expect(lines.join('\n')).toContain('built by cargo from MVMFORGE_MVM_REPO');
  });

  test('MVMFORGE_MVM_REPO: a failed cargo build is E_MVMCTL_BUILD_FAILED and nothing runs', async () => {
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeNodeScript(join(bin, 'cargo'), 'process.exit(101);');
    const err = await runUp({
      artifactDir: artifact,
      env: env({ MVMFORGE_MVMCTL: '', MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${NODE_DIR}` }),
    }).catch((e: unknown) => e);
    expect((err as CodedError).diagnostics[0].code).toBe('E_MVMCTL_BUILD_FAILED');
    expect((err as CodedError).diagnostics[0].detail).toContain('exited with status 101');
    expect(readRecord(record)).toEqual([]);
  });

  test('cargo messages: the last mvmctl bin artifact names the executable', () => {
    const msg = (name: string, kind: string[], executable: string | null): string =>
      JSON.stringify({ reason: 'compiler-artifact', target: { name, kind }, executable });
    expect(
      executableFromCargoMessages(
        [msg('mvmctl', ['lib'], null), 'Compiling…', msg('mvmctl', ['bin'], '/t/debug/mvmctl'), '{bad json'].join('\n'),
      ),
    ).toBe('/t/debug/mvmctl');
    expect(executableFromCargoMessages(msg('other', ['bin'], '/t/other'))).toBeUndefined();
  });

  test('a malformed MVMFORGE_UP_ARGS is a usage error and nothing is spawned', async () => {
    await expect(runUp({ artifactDir: artifact, env: env({ MVMFORGE_UP_ARGS: `--name 'oops` }) })).rejects.toThrow(UpUsageError);
    expect(readRecord(record)).toEqual([]);
  });

  test('a directory without flake.nix/launch.json is E_ARTIFACT_INVALID', async () => {
    const err = await runUp({ artifactDir: root, env: env() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodedError);
    expect((err as CodedError).diagnostics[0].code).toBe('E_ARTIFACT_INVALID');
  });

  test('nothing to run is E_MVM_NOT_FOUND', async () => {
    const err = await runUp({ artifactDir: artifact, env: cleanEnv({ PATH: tempDir() }) }).catch((e: unknown) => e);
    expect((err as CodedError).diagnostics[0].code).toBe('E_MVM_NOT_FOUND');
  });

  describe('signals (delivered in-process with process.emit, so jest itself is never signalled)', () => {
    test('SIGINT/SIGTERM are forwarded; handlers are removed once the child exits', async () => {
      const before = [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')];
      const beforeTerm = process.listenerCount('SIGTERM');
      const running = runUp({ artifactDir: artifact, env: env({ MVMFORGE_FAKE_MVMCTL_HOLD: '1' }) });
      await waitFor(() => readRecord(record).some((r) => r.hold === true), 15_000, 'the fake to hold');
      // Exactly one SIGTERM listener of runUp's own is installed while mvmctl runs (a guard of an
      // earlier test may still be on its way out, so compare sets rather than counts).
      void beforeTerm;
      expect(process.listeners('SIGTERM').filter((l) => !before.includes(l))).toHaveLength(1);
      process.emit('SIGTERM', 'SIGTERM');
      await expect(running).resolves.toBe(143);
      expect(readRecord(record).at(-1)).toEqual({ signal: 'SIGTERM', exit: 143 });
      // Whatever else registered meanwhile, none of runUp's handlers is left behind.
      const after = [...process.listeners('SIGINT'), ...process.listeners('SIGTERM')];
      expect(after.filter((l) => !before.includes(l))).toEqual([]);
    });

    test('the default grace period before SIGKILL is 10 s (§11.5)', () => {
      expect(KILL_GRACE_MS).toBe(10_000);
    });

    test('a child that ignores signals is SIGKILLed after the grace period following a second signal', async () => {
      const marker = join(root, 'stubborn.started');
      const stubborn = writeNodeScript(
        join(root, 'stubborn'),
        `const fs = require('node:fs');
process.on('SIGINT', () => fs.appendFileSync(${JSON.stringify(marker)}, 'INT\\n'));
process.on('SIGTERM', () => fs.appendFileSync(${JSON.stringify(marker)}, 'TERM\\n'));
fs.appendFileSync(${JSON.stringify(marker)}, 'started\\n');
setInterval(() => {}, 1000);`,
      );
      const started = Date.now();
      const running = runUp({
        artifactDir: artifact,
        env: env({ MVMFORGE_MVMCTL: stubborn, MVMFORGE_MVMCTL_CLI: 'up' }),
        killGraceMs: 300,
      });
      const lines = (): string[] => {
        try {
          return require('node:fs').readFileSync(marker, 'utf8').trim().split('\n');
        } catch {
          return [];
        }
      };
      await waitFor(() => lines().includes('started'), 15_000, 'the stubborn child to start');
      process.emit('SIGINT', 'SIGINT');
      await waitFor(() => lines().includes('INT'), 15_000, 'the first forwarded signal');
      // One signal alone never escalates: the child is still running well past the grace period.
      await new Promise((r) => setTimeout(r, 500));
      let settled = false;
      void running.then(() => (settled = true));
      await new Promise((r) => setImmediate(r));
      expect(settled).toBe(false);
      process.emit('SIGTERM', 'SIGTERM');
      await expect(running).resolves.toBe(128 + 9);
      expect(lines()).toEqual(['started', 'INT', 'TERM']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    });
  });
});
