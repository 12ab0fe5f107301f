/**
 * `mvmforge up` end to end: the built CLI, the fake mvmctl (or a fake cargo), real processes and
 * real signals. Needs `npm run build` first (npm test does it).
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  boots,
  CLI,
  assertCliBuilt,
  cleanEnv,
  FAKE_MVMCTL,
  FAKE_MVMCTL_MACHINE_RUN,
  makeArtifact,
  NODE_DIR,
  readRecord,
  REPO_ROOT,
  runCli,
  tempDir,
  waitFor,
  writeFakeCargo,
  writeNodeScript,
} from './helpers';

describe('mvmforge up (built CLI)', () => {
  let root: string;
  let artifact: string;
  let record: string;
  let privateTmp: string;

  beforeAll(() => {
    assertCliBuilt();
  });

  beforeEach(() => {
    root = tempDir();
    artifact = makeArtifact(join(root, 'artifact'), 'hello');
    record = join(root, 'record.jsonl');
    // up's own temporary artifacts go here, so a test can prove they were removed.
    privateTmp = join(root, 'tmp');
    mkdirSync(privateTmp);
  });

  const fakeEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv =>
    cleanEnv({ MVMFORGE_MVMCTL: FAKE_MVMCTL, MVMFORGE_FAKE_MVMCTL_RECORD: record, TMPDIR: privateTmp, ...extra });

  test('argv is exactly up --flake path:<abs dir>, MVMFORGE_UP_ARGS words, then the words after --', async () => {
    const r = await runCli(['up', 'artifact', '--', '--hypervisor', 'x', '--name', 'my vm'], {
      cwd: root,
      env: fakeEnv({ MVMFORGE_UP_ARGS: `-e 'A=b c' -p 8080:80` }),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('[fake-mvmctl] booted hello\n');
    const calls = boots(record);
    expect(calls).toHaveLength(1);
    expect(calls[0].argv).toEqual([
      'up',
      '--flake',
      `path:${artifact}`,
      '-e',
      'A=b c',
      '-p',
      '8080:80',
      '--hypervisor',
      'x',
      '--name',
      'my vm',
    ]);
    expect(calls[0].cwd).toBe(root);
    // An artifact directory is used as is: not recompiled, not removed afterwards.
    expect(readdirSync(artifact).sort()).toEqual(['flake.nix', 'launch.json']);
  });

  test('words after -- reach mvmctl verbatim, including --out, --verbose and another --', async () => {
    const r = await runCli(['up', artifact, '--', '--out', 'o', '--verbose', '--', '-x'], { env: fakeEnv() });
    expect(r.status).toBe(0);
    expect(boots(record)[0].argv).toEqual(['up', '--flake', `path:${artifact}`, '--out', 'o', '--verbose', '--', '-x']);
  });

  test('mvmctl inherits stdin and, outside a terminal, leads its own process group (so it can be reaped with it)', async () => {
    // /proc gives the process group without a shell or `ps`; Linux only, like CI.
    if (!existsSync('/proc/self/stat')) return;
    const seen = join(root, 'seen.json');
    const probe = writeNodeScript(
      join(root, 'probe-mvmctl'),
      `const fs = require('node:fs');
// Field 5 of /proc/<pid>/stat is the process group; the command name may hold spaces, so count after ')'.
const pgrp = (pid) => Number(fs.readFileSync('/proc/' + pid + '/stat', 'utf8').split(')').pop().trim().split(' ')[2]);
const stdin = fs.readFileSync(0, 'utf8');
fs.writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ stdin, self: pgrp('self'), parent: pgrp(process.ppid), ppid: process.ppid, pid: process.pid }));`,
    );
    const child = spawn(process.execPath, [CLI, 'up', artifact], {
      env: fakeEnv({ MVMFORGE_MVMCTL: probe, MVMFORGE_MVMCTL_CLI: 'up' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end('typed into mvmforge\n');
    const status = await new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    expect(status).toBe(0);
    const got = JSON.parse(readFileSync(seen, 'utf8'));
    expect(got.stdin).toBe('typed into mvmforge\n');
    expect(got.ppid).toBe(child.pid);
    expect(got.self).not.toBe(got.parent);
    // mvmctl's pid is its process group id: it leads the group.
    expect(got.self).toBe(got.pid);
  });

  test.each([0, 3, 64, 255])('mvmctl exit status %i is mvmforge’s exit status', async (code) => {
    const r = await runCli(['up', artifact], { env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_EXIT: String(code) }) });
    expect(r.status).toBe(code);
  });

  test('the fake’s own check failures propagate too (66: launch.json lacks required keys)', async () => {
    // A format-1.0 document that passes up's own artifact check but not the fake's key check.
    writeFileSync(join(artifact, 'launch.json'), '{"artifact_format_version":"1.0","workload_id":"x"}');
    const r = await runCli(['up', artifact], { env: fakeEnv() });
    expect(r.status).toBe(66);
    expect(r.stderr).toMatch(/^fake-mvmctl: launch\.json lacks/m);
  });

  test('a launch.json that is not a format-1.0 document is E_ARTIFACT_INVALID before mvmctl runs', async () => {
    writeFileSync(join(artifact, 'launch.json'), '{}');
    const r = await runCli(['up', artifact], { env: fakeEnv() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_ARTIFACT_INVALID: .*artifact_format_version/m);
    expect(existsSync(record)).toBe(false);
  });

  test('--verbose prints the resolved mvmctl and its version before running it', async () => {
    const r = await runCli(['up', artifact, '--verbose'], { env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_VERSION: '1.2.3' }) });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('mvmctl 1.2.3');
    expect(readRecord(record).map((c) => c.argv)).toEqual([['up', '--help'], ['--version'], ['up', '--flake', `path:${artifact}`]]);
  });

  describe.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while mvmctl holds', (signal, status) => {
    test(`is forwarded; mvmforge exits ${status} only after mvmctl has exited`, async () => {
      const r = await runCli(['up', artifact], {
        // The fake lingers 400 ms after the signal: if mvmforge did not wait, it would be gone
        // before the fake records the signal.
        env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_HOLD: '1', MVMFORGE_FAKE_MVMCTL_SIGNAL_DELAY_MS: '400' }),
        onStart: (child) => {
          void waitFor(() => readRecord(record).some((c) => c.hold === true), 20_000, 'the fake to hold').then(() => child.kill(signal));
        },
      });
      const calls = readRecord(record);
      expect(calls.at(-1)).toEqual({ signal, exit: status });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(status);
      expect(r.stdout).toBe('[fake-mvmctl] booted hello\n');
    });
  });

  test('nothing resolves (empty PATH dir) → E_MVM_NOT_FOUND with guidance, exit 1', async () => {
    const r = await runCli(['up', artifact], { env: cleanEnv({ PATH: join(root, 'tmp') }) });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^E_MVM_NOT_FOUND: /);
    for (const option of ['MVMFORGE_MVMCTL', 'MVMFORGE_MVM_REPO', 'mvmctl on PATH']) expect(r.stderr).toContain(option);
    // No stack trace: the coded line (and at most the registry's hint line).
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('MVMFORGE_MVMCTL pointing at a non-executable → E_MVM_NOT_FOUND, no fall-through to PATH', async () => {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    copyFileSync(FAKE_MVMCTL, join(bin, 'mvmctl'));
    copyFileSync(join(REPO_ROOT, 'fixtures/fake-mvmctl/fake-mvmctl.js'), join(bin, 'fake-mvmctl.js'));
    chmodSync(join(bin, 'mvmctl'), 0o755);
    const plain = join(root, 'not-executable');
    writeFileSync(plain, '#!/bin/sh\n');
    chmodSync(plain, 0o644);
    const r = await runCli(['up', artifact], { env: fakeEnv({ MVMFORGE_MVMCTL: plain, PATH: `${bin}:${NODE_DIR}` }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_MVM_NOT_FOUND: MVMFORGE_MVMCTL is set to .*not-executable.*not an executable file/);
    expect(readRecord(record)).toEqual([]);
    // Sanity check of the setup: without MVMFORGE_MVMCTL, the PATH copy is what runs.
    const ok = await runCli(['up', artifact], { env: fakeEnv({ MVMFORGE_MVMCTL: undefined, PATH: `${bin}:${NODE_DIR}` }) });
    expect(ok.status).toBe(0);
    expect(boots(record)).toHaveLength(1);
  });

  test('MVMFORGE_MVM_REPO with cargo on PATH → one cargo build, then the built mvmctl; a failed build is coded', async () => {
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    const bin = join(root, 'bin');
    mkdirSync(bin);
    const cargoRecord = join(root, 'cargo.jsonl');
    writeFakeCargo(join(bin, 'cargo'), cargoRecord, FAKE_MVMCTL);
    const r = await runCli(['up', artifact, '--', '--name', 'vm-1'], {
      env: fakeEnv({
        MVMFORGE_MVMCTL: undefined,
        MVMFORGE_MVM_REPO: repo,
        MVMFORGE_UP_ARGS: '--hypervisor qemu',
        PATH: `${bin}:${NODE_DIR}`,
      }),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(
      readFileSync(cargoRecord, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      ['build', '--quiet', '--manifest-path', join(repo, 'Cargo.toml'), '--bin', 'mvmctl', '--message-format=json-render-diagnostics'],
    ]);
    expect(boots(record).map((c) => c.argv)).toEqual([['up', '--flake', `path:${artifact}`, '--hypervisor', 'qemu', '--name', 'vm-1']]);

    const failed = await runCli(['up', artifact], {
      env: fakeEnv({ MVMFORGE_MVMCTL: undefined, MVMFORGE_MVM_REPO: repo, PATH: `${bin}:${NODE_DIR}`, FAKE_CARGO_FAIL: '1' }),
    });
    expect(failed.status).toBe(1);
    // cargo's own diagnostics are shown as they are, then the coded line.
    expect(failed.stderr).toMatch(/^error\[E0425\]/);
    expect(failed.stderr).toMatch(/^E_MVMCTL_BUILD_FAILED: .*exited with status 101/m);
    expect(boots(record)).toHaveLength(1);
  });

  describe('usage errors exit 2 and run nothing', () => {
    test.each([
      [
        'a malformed MVMFORGE_UP_ARGS',
        ['up', 'ARTIFACT'],
        { MVMFORGE_UP_ARGS: `--name 'my vm` },
        /MVMFORGE_UP_ARGS: unterminated single quote/,
      ],
      ['a trailing backslash in MVMFORGE_UP_ARGS', ['up', 'ARTIFACT'], { MVMFORGE_UP_ARGS: 'a\\' }, /trailing lone backslash/],
      ['a stray argument before --', ['up', 'ARTIFACT', 'extra', '--', 'x'], {}, /unexpected argument "extra"/],
      ['an mvmctl flag without --', ['up', 'ARTIFACT', '--hypervisor', 'x'], {}, /unknown option '--hypervisor'/],
      ['--out with an artifact directory', ['up', 'ARTIFACT', '--out', 'somewhere'], {}, /--out applies only/],
      ['no target', ['up'], {}, /missing required argument/],
    ])('%s', async (_what, args, extra, message) => {
      const r = await runCli(
        args.map((a) => (a === 'ARTIFACT' ? artifact : a)),
        { env: fakeEnv(extra) },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(readRecord(record)).toEqual([]);
    });

    test('a malformed MVMFORGE_UP_ARGS is reported before compiling anything', async () => {
      const r = await runCli(['up', 'corpus/with-source/app.py'], { env: fakeEnv({ MVMFORGE_UP_ARGS: '"x' }) });
      expect(r.status).toBe(2);
      expect(readdirSync(privateTmp)).toEqual([]);
    });
  });

  test('a directory without flake.nix/launch.json → E_ARTIFACT_INVALID, exit 1', async () => {
    const r = await runCli(['up', root], { env: fakeEnv() });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_ARTIFACT_INVALID: /);
    expect(readRecord(record)).toEqual([]);
  });

  describe('compiling an entry first', () => {
    test('up corpus/with-source/app.py compiles to a temp dir, runs mvmctl on it, then removes it', async () => {
      // The fake copies what it sees, so we can check the artifact existed while mvmctl ran.
      const r = await runCli(['up', 'corpus/with-source/app.py', '--', '--name', 'ws'], { env: fakeEnv() });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('[fake-mvmctl] booted with-source\n');
      const [call] = boots(record);
      const flake = call.flake_path as string;
      expect(flake.startsWith(`${privateTmp}/mvmforge-up-`)).toBe(true);
      expect(call.argv).toEqual(['up', '--flake', `path:${flake}`, '--name', 'ws']);
      expect(JSON.parse(call.launch_json as string)).toMatchObject({ workload_id: 'with-source', artifact_format_version: '1.0' });
      expect(existsSync(flake)).toBe(false);
      expect(readdirSync(privateTmp)).toEqual([]);
    });

    test('the temp dir is removed after mvmctl fails, and after a signal', async () => {
      const failed = await runCli(['up', 'corpus/with-source/app.py'], { env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_EXIT: '5' }) });
      expect(failed.status).toBe(5);
      expect(readdirSync(privateTmp)).toEqual([]);
      const held = await runCli(['up', 'corpus/with-source/app.py'], {
        env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_HOLD: '1' }),
        onStart: (child) => {
          void waitFor(() => readRecord(record).some((c) => c.hold === true), 30_000, 'the fake to hold').then(() => {
            // While mvmctl runs, the artifact is there.
            expect(readdirSync(privateTmp)).toHaveLength(1);
            child.kill('SIGTERM');
          });
        },
      });
      expect(held.status).toBe(143);
      expect(readdirSync(privateTmp)).toEqual([]);
    });

    test('a signal while compiling leaves no temporary directory behind', async () => {
      const r = await runCli(['up', 'corpus/with-source/app.py'], {
        env: fakeEnv({ MVMFORGE_FAKE_MVMCTL_HOLD: '1' }),
        onStart: (child) => {
          // Signal as soon as up's temporary directory appears (compile is then running). If we
          // are late and mvmctl already runs, the signal is forwarded instead — either way the
          // directory must be gone afterwards.
          const poll = (): void => {
            if (readdirSync(privateTmp).some((n) => n.startsWith('mvmforge-up-'))) child.kill('SIGTERM');
            else setImmediate(poll);
          };
          poll();
        },
      });
      // Held during compile, forwarded once mvmctl runs: 143 either way, never death by signal.
      expect(r.signal).toBeNull();
      expect(r.status).toBe(143);
      expect(readdirSync(privateTmp).filter((n) => n.startsWith('mvmforge-up-'))).toEqual([]);
    });

    test('a manifest (IR JSON) is compiled into a temp dir too, which is removed afterwards', async () => {
      const manifest = join(root, 'hello.json');
      // The IR resolves its source against its own folder: give it the app it bundles (an IR
      // emitted away from app.py would be an empty bundle, E_SOURCE_BUNDLE_EMPTY).
      writeFileSync(join(root, 'app.py'), readFileSync(join(REPO_ROOT, 'corpus/hello-app/app.py')));
      const emitted = await runCli(['emit', 'corpus/hello-app/app.py', '--out', manifest], { env: fakeEnv() });
      expect(emitted.status).toBe(0);
      const r = await runCli(['up', manifest], { env: fakeEnv() });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('[fake-mvmctl] booted hello-app\n');
      const [call] = boots(record);
      expect((call.flake_path as string).startsWith(`${privateTmp}/mvmforge-up-`)).toBe(true);
      expect(readdirSync(privateTmp)).toEqual([]);
    });

    test('a function workload is not pre-empted: mvmctl gets it (its flake throws at evaluation, §11.6)', async () => {
      const r = await runCli(['up', 'corpus/function-app/app.py'], { env: fakeEnv() });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const [call] = boots(record);
      expect(JSON.parse(call.launch_json as string)).toMatchObject({ workload_id: 'function-app' });
    });

    test('the temp dir is removed when no mvmctl can be found after compiling (exit 1)', async () => {
      const r = await runCli(['up', 'corpus/hello-app/app.py'], {
        env: fakeEnv({ MVMFORGE_MVMCTL: join(root, 'missing-mvmctl') }),
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^E_MVM_NOT_FOUND: /m);
      expect(readdirSync(privateTmp)).toEqual([]);
    });

    test('--out keeps the compiled artifact', async () => {
      const out = join(root, 'out');
      const r = await runCli(['up', 'corpus/with-source/app.py', '--out', out], { env: fakeEnv() });
      expect(r.status).toBe(0);
      expect(boots(record)[0].flake_path).toBe(out);
      expect(readdirSync(out).sort()).toEqual(['flake.nix', 'launch.json', 'src']);
    });

    test('a failed compile exits 1 with the coded error, runs nothing and leaves no temp dir', async () => {
      const manifest = join(root, 'bad.json');
      writeFileSync(manifest, '{"schema_version": ');
      const r = await runCli(['up', manifest], { env: fakeEnv() });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^E_[A-Z_]+/);
      expect(readRecord(record)).toEqual([]);
      expect(readdirSync(privateTmp)).toEqual([]);
    });
  });
});

describe('mvmforge up against both mvmctl CLIs, flake refs, masking', () => {
  let root: string;
  let record: string;
  let privateTmp: string;
  beforeEach(() => {
    root = tempDir();
    record = join(root, 'record.jsonl');
    privateTmp = join(root, 'tmp');
    mkdirSync(privateTmp);
  });
  const env = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv =>
    cleanEnv({ MVMFORGE_MVMCTL: FAKE_MVMCTL_MACHINE_RUN, MVMFORGE_FAKE_MVMCTL_RECORD: record, TMPDIR: privateTmp, ...extra });

  test('the current CLI: machine run --flake path:<abs>, detected without booting (the up probe is refused as clap does)', async () => {
    const artifact = makeArtifact(join(root, 'artifact'));
    const r = await runCli(['up', artifact, '--', '--name', 'vm1'], { env: env({ MVMFORGE_UP_ARGS: '--hypervisor qemu' }) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readRecord(record).map((c) => [c.argv?.join(' '), c.exit])).toEqual([
      ['up --help', 2],
      ['machine run --help', 0],
      [`machine run --flake path:${artifact} --hypervisor qemu --name vm1`, 0],
    ]);
  });

  test('an entry compiled by up boots through machine run too; the temp artifact is removed', async () => {
    const r = await runCli(['up', 'corpus/with-source/app.py'], { env: env() });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('[fake-mvmctl] booted with-source\n');
    const [call] = boots(record);
    expect(call.cli).toBe('machine-run');
    expect((call.flake_ref as string).startsWith(`path:${privateTmp}/mvmforge-up-`)).toBe(true);
    expect(readdirSync(privateTmp)).toEqual([]);
  });

  test('a machine run flag mvmctl does not have is its own clap error; up adds one line of its own', async () => {
    const artifact = makeArtifact(join(root, 'artifact'));
    const r = await runCli(['up', artifact, '--', '--watch'], { env: env() });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: unexpected argument '--watch' found$/m);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('mvmforge up: mvmctl exited with status 2');
  });

  test('an mvmctl that speaks neither CLI → E_MVMCTL_CLI_UNKNOWN naming the version seen; nothing boots', async () => {
    const artifact = makeArtifact(join(root, 'artifact'));
    const old = writeNodeScript(
      join(root, 'old-mvmctl'),
      `if (process.argv[2] === '--version') { console.log('mvmctl 0.3.1'); process.exit(0); }
require('node:fs').appendFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2) }) + '\\n');
process.stderr.write("error: unrecognized subcommand '" + process.argv[2] + "'\\n"); process.exit(2);`,
    );
    const r = await runCli(['up', artifact], { env: env({ MVMFORGE_MVMCTL: old }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_MVMCTL_CLI_UNKNOWN: .*version "mvmctl 0\.3\.1".*MVMFORGE_MVMCTL_CLI=up\|machine-run/m);
    expect(readRecord(record).map((c) => c.argv?.slice(0, 2))).toEqual([
      ['up', '--help'],
      ['machine', 'run'],
    ]);
  });

  test('MVMFORGE_MVMCTL_CLI forces the CLI; a value other than up|machine-run is a usage error (exit 2)', async () => {
    const artifact = makeArtifact(join(root, 'artifact'));
    const forced = await runCli(['up', artifact], { env: env({ MVMFORGE_MVMCTL: FAKE_MVMCTL, MVMFORGE_MVMCTL_CLI: 'up' }) });
    expect(forced.status).toBe(0);
    expect(readRecord(record).map((c) => c.argv?.[0])).toEqual(['up']);
    const bad = await runCli(['up', artifact], { env: env({ MVMFORGE_MVMCTL_CLI: 'run' }) });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/MVMFORGE_MVMCTL_CLI must be "up" or "machine-run", got "run"/);
  });

  test('an artifact path with a space is never handed over: mvmctl gets a copy at a safe path, removed afterwards', async () => {
    const artifact = makeArtifact(join(root, 'my artifacts', 'hello'));
    const r = await runCli(['up', artifact], {
      env: env({ MVMFORGE_MVMCTL: FAKE_MVMCTL, MVMFORGE_FAKE_MVMCTL_HOLD: '1' }),
      onStart: (child) => {
        void waitFor(() => boots(record).some((c) => c.hold === true), 30_000, 'the fake to hold').then(() => {
          // While mvmctl runs, the copy exists and is a complete artifact.
          const [call] = boots(record);
          expect(readdirSync(call.flake_path as string).sort()).toEqual(['flake.nix', 'launch.json']);
          child.kill('SIGTERM');
        });
      },
    });
    expect(r.status).toBe(143);
    const [call] = boots(record);
    expect(call.flake_ref).toMatch(/^path:[A-Za-z0-9._/+=@,:-]+$/);
    expect((call.flake_path as string).startsWith(`${privateTmp}/mvmforge-up-`)).toBe(true);
    expect(readdirSync(privateTmp)).toEqual([]);
    // The user's artifact is untouched.
    expect(readdirSync(artifact).sort()).toEqual(['flake.nix', 'launch.json']);
  });

  test('…and when the temp dir is unsafe too: E_MVMCTL_FLAKE_PATH_UNSAFE saying what to do, nothing runs', async () => {
    const artifact = makeArtifact(join(root, 'my artifacts', 'hello'));
    const spaced = join(root, 'tmp dir');
    mkdirSync(spaced);
    const r = await runCli(['up', artifact], { env: env({ MVMFORGE_MVMCTL: FAKE_MVMCTL, TMPDIR: spaced }) });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_MVMCTL_FLAKE_PATH_UNSAFE: .*" ".*Set TMPDIR/m);
    expect(boots(record)).toEqual([]);
    // up compiling an entry refuses before it compiles anything.
    const compiled = await runCli(['up', 'corpus/hello-app/app.py'], { env: env({ MVMFORGE_MVMCTL: FAKE_MVMCTL, TMPDIR: spaced }) });
    expect(compiled.status).toBe(1);
    expect(compiled.stderr).toMatch(/^E_MVMCTL_FLAKE_PATH_UNSAFE: up compiles into the temporary directory/m);
    expect(readdirSync(spaced)).toEqual([]);
  });

  test('--verbose masks -e values and the IR’s secrets, wherever they come from; mvmctl still gets them', async () => {
    const r = await runCli(
      ['up', '--verbose', 'corpus/secret-app/app.py', '--', '-e', 'PASSWORD=hunter2', '--env=TOKEN=s3cr3t', 'API_TOKEN=abc123'],
      {
        env: env({ MVMFORGE_MVMCTL: FAKE_MVMCTL, MVMFORGE_UP_ARGS: "-e 'DB_PASS=pa ss' --secret KEY=v4lue:api.example.com" }),
      },
    );
    expect(r.status).toBe(0);
    for (const secret of ['hunter2', 's3cr3t', 'abc123', 'pa ss', 'v4lue']) expect(r.stderr).not.toContain(secret);
    expect(r.stderr).toContain('"PASSWORD=***"');
    expect(r.stderr).toContain('"--env=TOKEN=***"');
    expect(r.stderr).toContain('"API_TOKEN=***"');
    expect(boots(record)[0].argv).toEqual(
      expect.arrayContaining(['PASSWORD=hunter2', '--env=TOKEN=s3cr3t', 'API_TOKEN=abc123', 'DB_PASS=pa ss']),
    );
  });
});
