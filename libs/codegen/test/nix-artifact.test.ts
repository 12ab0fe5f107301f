/**
 * The §5.3 template evaluated by real Nix against the stand-in flakes, on hand-built artifacts
 * (launch.json from the canonical writer + renderFlake), so these tests pin the template's Nix
 * behaviour independently of the rest of the compile pipeline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { nixEvalJson, nixEvalRaw, runNix, useStubFlakes } from '../../../fixtures/nix/harness';
import { WITH_SOURCE_FILES, writeHandBuiltArtifact, type HandBuiltArtifact } from '../../../fixtures/nix/artifact';

describeWithNix('flake template with real Nix (hand-built artifacts)', () => {
  const suite = useStubFlakes('mvmforge-nix-artifact-');
  let n = 0;
  const build = (a: Omit<HandBuiltArtifact, 'mvmUrl'>): string =>
    writeHandBuiltArtifact(join(suite.work, `artifact-${n++}`), { ...a, mvmUrl: suite.stubs.guestLibUrl });
  const withSource = (): string =>
    build({
      workloadId: 'with-source',
      entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
      files: WITH_SOURCE_FILES,
    });

  test('nix flake check passes (with the expected mvmforge warning) and writes no flake.lock', () => {
    const dir = withSource();
    const before = readFileSync(join(dir, 'flake.nix'));
    const r = runNix(['flake', 'check'], [`path:${dir}`]);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("unknown flake output 'mvmforge'");
    expect(existsSync(join(dir, 'flake.lock'))).toBe(false);
    expect(readFileSync(join(dir, 'flake.nix'))).toEqual(before);
  });

  test('the guest is mvm-with-source for both systems and the service runs the hello line', () => {
    const ref = `path:${withSource()}`;
    for (const system of ['x86_64-linux', 'aarch64-linux']) {
      expect(nixEvalRaw(`${ref}#packages.${system}.default.name`)).toBe('mvm-with-source');
    }
    const args = nixEvalJson(`${ref}#packages.x86_64-linux.default.mvmGuestArgs.services`) as Record<string, Record<string, unknown>>;
    expect(Object.keys(args)).toEqual(['with-source']);
    const svc = args['with-source'];
    expect(svc.command).toBe('cd /app && exec python -m hello');
    expect(svc.env).toEqual({});
    expect(Object.keys(svc).sort()).toEqual(['command', 'env', 'preStart']);
  });

  test('mkGuest receives name, hostname, the app package first, then the image packages', () => {
    const ref = `path:${withSource()}`;
    const base = `${ref}#packages.x86_64-linux.default.mvmGuestArgs`;
    expect(nixEvalRaw(`${base}.name`)).toBe('with-source');
    expect(nixEvalRaw(`${base}.hostname`)).toBe('with-source');
    const names = nixEvalJson(`${base}.packages`) as string[];
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^\/nix\/store\/[a-z0-9]{32}-with-source-app-0$/);
    expect(names[1]).toMatch(/^\/nix\/store\/[a-z0-9]{32}-python312-stub$/);
    const preStart = nixEvalRaw(`${base}.services.with-source.preStart`);
    expect(preStart).toBe(
      `case ":$PATH:" in *":${names[1]}/bin:"*) ;; *) export PATH="${names[1]}/bin:$PATH" ;; esac\n` +
        `mkdir -p /\nln -sfn ${names[0]} /app\n`,
    );
  });

  test('mvmforge.workload equals launch.json and mvmforge.metadata carries the spliced values', () => {
    const dir = withSource();
    const launch = JSON.parse(readFileSync(join(dir, 'launch.json'), 'utf8'));
    expect(nixEvalJson(`path:${dir}#mvmforge.workload`)).toEqual(launch);
    expect(nixEvalJson(`path:${dir}#mvmforge.metadata`)).toEqual({
      ir_hash: launch.ir_hash,
      ir_schema_version: '0.1',
      artifact_format_version: '1.0',
      toolchain_version: '0.1.0',
    });
  });

  test('env is launch.env overridden by the entrypoint env, each value escaped for single quotes', () => {
    const dir = build({
      workloadId: 'envs',
      entrypoint: { kind: 'command', command: ['srv'], env: { B: "ep's", C: 'ep' } },
      env: { A: 'top', B: 'top' },
    });
    expect(nixEvalJson(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.services.envs.env`)).toEqual({
      A: 'top',
      B: "ep'\\''s",
      C: 'ep',
    });
  });

  test('command words and the working dir are shell-quoted by the shlex rule, then escaped for mkGuest', () => {
    const dir = build({
      workloadId: 'quoting',
      entrypoint: { kind: 'command', command: ['srv', '', 'a b', "it's", '$HOME', 'x=y,z:@%+-./_'], working_dir: '/srv/my app' },
    });
    const cmd = nixEvalRaw(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.services.quoting.command`);
    // shlex line: cd '/srv/my app' && exec srv '' 'a b' 'it'"'"'s' '$HOME' x=y,z:@%+-./_
    // then every ' becomes '\''.
    const line = `cd '/srv/my app' && exec srv '' 'a b' 'it'"'"'s' '$HOME' x=y,z:@%+-./_`;
    expect(cmd).toBe(line.replace(/'/g, "'\\''"));
  });

  test('a missing image package fails evaluation with the template message', () => {
    const dir = build({ workloadId: 'nopkg', entrypoint: { kind: 'command', command: ['x'] }, packages: ['python312Packages.flask'] });
    const r = runNix(['flake', 'check'], [`path:${dir}`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("mvmforge: image package 'python312Packages.flask' is not an attribute of nixpkgs.legacyPackages.");
  });

  test('a function workload fails at the pin-shaped guest lib, naming the oldest mvm revision that builds it', () => {
    const dir = build({
      workloadId: 'adder',
      entrypoint: { kind: 'function', language: 'python', module: 'app', function: 'add', format: 'json' },
    });
    const r = runNix(['flake', 'check'], [`path:${dir}`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(
      /mvmforge: this mvm revision provides no function factory \(mvm\.lib\.<system>\.mkFunctionService or mkPythonFunctionService\); function workloads need mvm 5a4fba9 \(2026-05-06\) or later: point MVMFORGE_MVM_FLAKE_URL at such a revision/,
    );
    expect(existsSync(join(dir, 'flake.lock'))).toBe(false);
  });

  const hostIsX64 = process.arch === 'x64';
  (hostIsX64 ? test : test.skip)('the app package builds to a byte-faithful copy of src/', () => {
    const dir = withSource();
    const appPath = (nixEvalJson(`path:${dir}#packages.x86_64-linux.default.mvmGuestArgs.packages`) as string[])[0];
    // Building the guest builds its closure, the app package included.
    const b = runNix(['build'], ['--no-link', `path:${dir}#packages.x86_64-linux.default`]);
    expect(b.stderr).not.toMatch(/^error/m);
    expect(b.status).toBe(0);
    for (const [rel, text] of Object.entries(WITH_SOURCE_FILES)) {
      expect(readFileSync(join(appPath, rel), 'utf8')).toBe(text);
    }
  });
});
