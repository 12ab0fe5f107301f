import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readlinkSync,
  symlinkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { artifactFlakeRef, checkArtifact, firstDifference, jsonDeepEqual, resolveSystem, stderrTail, UnsupportedSystemError } from '../src';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { freshTempDir, useStubFlakes } from '../../../fixtures/nix/harness';
import { WITH_SOURCE_FILES, writeHandBuiltArtifact } from '../../../fixtures/nix/artifact';
import { codedError } from '../../../fixtures/test-support/coded';

/** Every file under `dir` with its bytes, to prove that check changes nothing. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(d, e.name), r);
      else out.set(r, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

describe('resolveSystem', () => {
  test('defaults to the host CPU', () => {
    expect(resolveSystem(undefined, 'x64')).toBe('x86_64-linux');
    expect(resolveSystem(undefined, 'arm64')).toBe('aarch64-linux');
    expect(() => resolveSystem(undefined, 'riscv64')).toThrow(UnsupportedSystemError);
  });
  test('accepts only the systems the flake defines', () => {
    expect(resolveSystem('aarch64-linux', 'x64')).toBe('aarch64-linux');
    expect(() => resolveSystem('x86_64-darwin')).toThrow(UnsupportedSystemError);
  });
});

describe('checkArtifact without Nix', () => {
  let work: string;
  beforeAll(() => {
    work = freshTempDir('mvmforge-check-');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const artifact = (name: string): string =>
    writeHandBuiltArtifact(join(work, name), {
      workloadId: 'with-source',
      mvmUrl: 'path:/nonexistent',
      entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
      files: WITH_SOURCE_FILES,
    });

  test.each([
    ['a missing directory', (d: string) => rmSync(d, { recursive: true }), 'does not exist'],
    [
      'a file instead of a directory',
      (d: string) => {
        rmSync(d, { recursive: true });
        writeFileSync(d, '');
      },
      'not a directory',
    ],
    ['no flake.nix', (d: string) => rmSync(join(d, 'flake.nix')), 'flake.nix is missing'],
    ['no launch.json', (d: string) => rmSync(join(d, 'launch.json')), 'launch.json is missing'],
    ['launch.json not JSON', (d: string) => writeFileSync(join(d, 'launch.json'), '{'), 'not valid JSON'],
    ['launch.json an array', (d: string) => writeFileSync(join(d, 'launch.json'), '[]'), 'not a JSON object'],
    [
      'format 2.0',
      (d: string) => writeFileSync(join(d, 'launch.json'), '{"artifact_format_version":"2.0","workload_id":"x"}'),
      '"artifact_format_version": "1.0"',
    ],
    ['no workload id', (d: string) => writeFileSync(join(d, 'launch.json'), '{"artifact_format_version":"1.0"}'), 'workload_id'],
  ])('%s is E_ARTIFACT_INVALID', async (name, damage, why) => {
    const dir = artifact(name.replace(/\W+/g, '-'));
    damage(dir);
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    expect(err.diagnostics).toHaveLength(1);
    expect(err.diagnostics[0]).toMatchObject({ code: 'E_ARTIFACT_INVALID', path: '' });
    expect(err.diagnostics[0].detail).toContain(why);
  });

  test('no nix on PATH is E_NIX_NOT_FOUND with installation guidance', async () => {
    const dir = artifact('no-nix');
    const emptyBin = join(work, 'empty-bin');
    mkdirSync(emptyBin);
    // A non-executable file named nix does not count.
    writeFileSync(join(emptyBin, 'nix'), '#!/bin/sh\n');
    chmodSync(join(emptyBin, 'nix'), 0o644);
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux', path: `${emptyBin}:relative/bin:` }));
    expect(err.diagnostics[0].code).toBe('E_NIX_NOT_FOUND');
    expect(err.diagnostics[0].detail).toContain('apt-get install nix-bin');
    expect(err.diagnostics[0].detail).toContain('nix-command flakes');
  });
});

/**
 * A stand-in `nix` (a Node script) that records its argv and answers the one evaluation of
 * `mvmforge check` from the artifact's own launch.json, so the exact command and each comparison
 * are tested without Nix. `answers` overrides one part of the report: `packages`, `workload` or
 * `metadata`; `hang` makes it record its pid and wait (for the signal tests).
 */
describe('checkArtifact against a recording fake nix', () => {
  let work: string;
  let bin: string;
  let log: string;
  let answersFile: string;
  beforeAll(() => {
    work = freshTempDir('mvmforge-check-fake-');
    bin = join(work, 'bin');
    mkdirSync(bin);
    log = join(work, 'nix-calls.jsonl');
    answersFile = join(work, 'answers.json');
    const script = `#!${process.execPath}
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
const answers = JSON.parse(fs.readFileSync(${JSON.stringify(answersFile)}, 'utf8'));
if (answers.hang) { fs.writeFileSync(answers.hang, String(process.pid)); setTimeout(() => {}, 60000); return; }
const ref = args[args.indexOf('--override-input') + 2];
const launch = JSON.parse(fs.readFileSync(ref.slice('path:'.length) + '/launch.json', 'utf8'));
const pick = (k) => Object.fromEntries(k.map((key) => [key, launch[key]]));
const pkg = { default: { name: 'mvm-' + launch.workload_id, drvPath: '/nix/store/x.drv' } };
process.stdout.write(JSON.stringify({
  packages: 'packages' in answers ? answers.packages : { 'aarch64-linux': pkg, 'x86_64-linux': pkg },
  workload: 'workload' in answers ? answers.workload : launch,
  metadata: 'metadata' in answers ? answers.metadata : pick(['ir_hash', 'ir_schema_version', 'artifact_format_version', 'toolchain_version']),
}));
`;
    writeFileSync(join(bin, 'nix'), script);
    chmodSync(join(bin, 'nix'), 0o755);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  let n = 0;
  const run = async (answers: Record<string, unknown> = {}) => {
    const dir = writeHandBuiltArtifact(join(work, `a${n++}`), {
      workloadId: 'with-source',
      mvmUrl: 'path:/nonexistent',
      entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
      files: WITH_SOURCE_FILES,
    });
    writeFileSync(answersFile, JSON.stringify(answers));
    rmSync(log, { force: true });
    return { dir, result: () => checkArtifact(dir, { system: 'aarch64-linux', path: bin }) };
  };
  const calls = (): string[][] =>
    readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  test('runs exactly one nix evaluation: the check flake with the artifact as its overridden input', async () => {
    const { dir, result } = await run();
    expect(await result()).toMatchObject({ name: 'mvm-with-source', system: 'aarch64-linux', copied: false });
    const flags = ['--extra-experimental-features', 'nix-command flakes', '--no-write-lock-file', '--option', 'eval-cache', 'false'];
    const all = calls();
    expect(all).toHaveLength(1);
    expect(all[0]).toEqual([
      'eval',
      '--json',
      ...flags,
      '--override-input',
      'artifact',
      `path:${dir}`,
      expect.stringMatching(/^path:\/.*\/check#report$/),
    ]);
    // The check flake's scratch directory is gone afterwards.
    const checkDir = all[0][all[0].length - 1].slice('path:'.length, -'#report'.length);
    expect(existsSync(checkDir)).toBe(false);
    expect(existsSync(join(dir, 'flake.lock'))).toBe(false);
  });

  test('an invalid artifact is refused before nix is looked up or run', async () => {
    const { dir } = await run();
    rmSync(join(dir, 'flake.nix'));
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux', path: join(work, 'no-such-bin') }));
    expect(err.diagnostics.map((d) => d.code)).toEqual(['E_ARTIFACT_INVALID']);
    expect(existsSync(log)).toBe(false);
  });

  test.each([
    ['mvm-<id>-prod (nix/flake.nix@c022a74)', 'mvm-with-source-prod'],
    ['an ext4 image (nix/lib/mk-guest.nix@055a9572)', 'ext4-fs.img'],
  ])('a guest named like %s passes: the name is reported, not compared', async (_what, name) => {
    const pkg = { default: { name, drvPath: '/nix/store/x.drv' } };
    const { result } = await run({ packages: { 'x86_64-linux': pkg, 'aarch64-linux': pkg } });
    expect((await result()).name).toBe(name);
  });

  const pkg = (name = 'mvm-with-source') => ({ default: { name, drvPath: '/nix/store/x.drv' } });
  test.each([
    ['an empty guest name', { packages: { 'x86_64-linux': pkg(), 'aarch64-linux': pkg('') } }, 'has no name'],
    ['a missing system', { packages: { 'x86_64-linux': pkg() } }, "the flake's packages are {x86_64-linux: default}"],
    [
      'an extra package',
      { packages: { 'x86_64-linux': pkg(), 'aarch64-linux': { ...pkg(), other: pkg().default } } },
      'aarch64-linux: default, other',
    ],
    ['a workload missing a key', { workload: { artifact_format_version: '1.0' } }, 'mvmforge.workload differs'],
    [
      'metadata with an extra key',
      {
        metadata: {
          ir_hash: '0'.repeat(64),
          ir_schema_version: '0.1',
          artifact_format_version: '1.0',
          toolchain_version: '0.1.0',
          extra: 1,
        },
      },
      'mvmforge.metadata',
    ],
    [
      'metadata with another ir_hash',
      { metadata: { ir_hash: '1'.repeat(64), ir_schema_version: '0.1', artifact_format_version: '1.0', toolchain_version: '0.1.0' } },
      'mvmforge.metadata',
    ],
  ])('%s is E_FLAKE_CHECK_FAILED', async (_what, answers, why) => {
    const { result } = await run(answers);
    const err = await codedError(result());
    expect(err.diagnostics.map((d) => d.code)).toEqual(['E_FLAKE_CHECK_FAILED']);
    expect(err.diagnostics[0].detail).toContain(why);
  });

  test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s during the evaluation removes the scratch directory and the artifact copy',
    async (sig) => {
      const dir = writeHandBuiltArtifact(join(work, `needs copy ${sig}`), {
        workloadId: 'with-source',
        mvmUrl: 'path:/nonexistent',
        entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
        files: WITH_SOURCE_FILES,
      });
      const pidFile = join(work, `nix-${sig}.pid`);
      writeFileSync(answersFile, JSON.stringify({ hang: pidFile }));
      rmSync(log, { force: true });
      const entry = join(__dirname, '../dist/index.js');
      const child = spawn(
        process.execPath,
        [
          '-e',
          `require(${JSON.stringify(entry)}).checkArtifact(${JSON.stringify(dir)}, { system: 'x86_64-linux', path: ${JSON.stringify(bin)} })`,
        ],
        { stdio: 'ignore' },
      );
      try {
        while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setTimeout(r, 50));
        const [args] = calls();
        const scratch = args[args.length - 1].slice('path:'.length, -'/check#report'.length);
        const copy = args[args.indexOf('--override-input') + 2].slice('path:'.length);
        expect(copy).toBe(join(scratch, 'artifact'));
        expect(existsSync(copy)).toBe(true);
        const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, s) => r(s)));
        child.kill(sig);
        // The process still dies of the signal, after removing its scratch directory.
        expect(await exited).toBe(sig);
        expect(existsSync(scratch)).toBe(false);
      } finally {
        child.kill('SIGKILL');
        if (existsSync(pidFile)) {
          try {
            process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    },
  );
});

describeWithNix('checkArtifact with real Nix and the stand-in flakes', () => {
  const suite = useStubFlakes('mvmforge-check-nix-');
  let n = 0;
  const artifact = (dir = join(suite.work, `a${n++}`)): string =>
    writeHandBuiltArtifact(dir, {
      workloadId: 'with-source',
      mvmUrl: suite.stubs.guestLibUrl,
      entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
      files: WITH_SOURCE_FILES,
    });
  const editFlake = (dir: string, from: string, to: string) => {
    const p = join(dir, 'flake.nix');
    const text = readFileSync(p, 'utf8');
    expect(text).toContain(from);
    writeFileSync(p, text.replace(from, to));
  };

  test('passes, returns the guest name, and leaves the artifact byte-identical (no flake.lock)', async () => {
    const dir = artifact();
    const before = snapshot(dir);
    const r = await checkArtifact(dir, { system: 'x86_64-linux' });
    expect(r).toMatchObject({ name: 'mvm-with-source', system: 'x86_64-linux', workloadId: 'with-source', copied: false });
    expect(r.flakeRef).toBe(`path:${dir}`);
    expect(r.irHash).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(dir, 'flake.lock'))).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });

  test("writes no eval cache (Nix 2.8's answers wrong attributes under concurrent evaluations)", async () => {
    const cache = join(suite.work, 'xdg-cache');
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    try {
      expect((await checkArtifact(artifact(), { system: 'x86_64-linux' })).name).toBe('mvm-with-source');
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
    // Without the flag Nix 2.8 creates nix/eval-cache-v2 under XDG_CACHE_HOME.
    expect(existsSync(join(cache, 'nix', 'eval-cache-v2'))).toBe(false);
  });

  test('evaluates the aarch64-linux guest on request', async () => {
    expect((await checkArtifact(artifact(), { system: 'aarch64-linux' })).system).toBe('aarch64-linux');
  });

  test.each(['with space', 'hash#mark', 'q?mark', 'pct%41'])('a path with %j is checked through a temporary copy', async (name) => {
    const dir = artifact(join(suite.work, name, 'artifact'));
    const before = snapshot(dir);
    const r = await checkArtifact(dir, { system: 'x86_64-linux' });
    expect(r.copied).toBe(true);
    expect(r.name).toBe('mvm-with-source');
    expect(r.flakeRef).not.toContain(name);
    // The copy is gone afterwards, and the original untouched.
    expect(existsSync(r.flakeRef.slice('path:'.length))).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });

  test('a failing nix command is E_FLAKE_CHECK_FAILED with the command and the stderr tail', async () => {
    const dir = writeHandBuiltArtifact(join(suite.work, `f${n++}`), {
      workloadId: 'adder',
      mvmUrl: suite.stubs.guestLibUrl,
      entrypoint: { kind: 'function', language: 'python', module: 'app', function: 'add', format: 'json' },
    });
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    const [d] = err.diagnostics;
    expect(d.code).toBe('E_FLAKE_CHECK_FAILED');
    expect(d.detail).toContain(
      `nix eval --json --extra-experimental-features 'nix-command flakes' --no-write-lock-file --option eval-cache false --override-input artifact path:${dir} path:`,
    );
    expect(d.detail).toContain('exited with status 1');
    expect(d.detail).toContain('function workloads need mvm 5a4fba9 (2026-05-06) or later');
    expect(d.detail).not.toContain('not writing modified lock file');
    expect(existsSync(join(dir, 'flake.lock'))).toBe(false);
  });

  test('an unresolvable mvm input fails the check', async () => {
    const dir = writeHandBuiltArtifact(join(suite.work, `u${n++}`), {
      workloadId: 'with-source',
      mvmUrl: `path:${join(suite.work, 'no-such-guest-lib')}`,
      entrypoint: { kind: 'command', command: ['python', '-m', 'hello'] },
    });
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    expect(err.diagnostics[0].code).toBe('E_FLAKE_CHECK_FAILED');
    expect(err.diagnostics[0].detail).toContain('no-such-guest-lib');
  });

  test('a workload that differs from launch.json is reported', async () => {
    const dir = artifact();
    editFlake(dir, 'workload = launch;', 'workload = launch // { env = { X = "1"; }; };');
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    expect(err.diagnostics[0].code).toBe('E_FLAKE_CHECK_FAILED');
    expect(err.diagnostics[0].detail).toContain('mvmforge.workload differs from launch.json');
    expect(err.diagnostics[0].detail).toContain('.env.X');
  });

  test('metadata that differs from launch.json is reported', async () => {
    const dir = artifact();
    editFlake(dir, 'toolchain_version = "0.1.0";', 'toolchain_version = "9.9.9";');
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    expect(err.diagnostics[0].code).toBe('E_FLAKE_CHECK_FAILED');
    expect(err.diagnostics[0].detail).toContain('mvmforge.metadata');
    expect(err.diagnostics[0].detail).toContain('9.9.9');
  });

  test('a guest with another name passes (the name is reported, not compared)', async () => {
    const dir = artifact();
    editFlake(dir, 'default = guestFor system;', 'default = guestFor system // { name = "mvm-other-prod"; };');
    expect((await checkArtifact(dir, { system: 'x86_64-linux' })).name).toBe('mvm-other-prod');
  });

  test('a package that is not a derivation fails, as nix flake check would', async () => {
    const dir = artifact();
    editFlake(dir, 'default = guestFor system;', 'default = guestFor system; extra = 1;');
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    expect(err.diagnostics[0].code).toBe('E_FLAKE_CHECK_FAILED');
    expect(err.diagnostics[0].detail).toMatch(/mvmforge check: packages\.(x86_64|aarch64)-linux\.extra is not a derivation/);
  });

  test('a guest whose derivation cannot be instantiated fails, as nix flake check would', async () => {
    const dir = artifact();
    editFlake(dir, 'default = guestFor system;', 'default = guestFor system // { drvPath = throw "no drv for ${system}"; };');
    const err = await codedError(checkArtifact(dir, { system: 'x86_64-linux' }));
    expect(err.diagnostics[0].code).toBe('E_FLAKE_CHECK_FAILED');
    expect(err.diagnostics[0].detail).toContain('no drv for');
  });

  test('a symlinked artifact directory is checked at its canonical path', async () => {
    const dir = artifact();
    const { symlinkSync } = await import('node:fs');
    const link = join(suite.work, `link${n++}`);
    symlinkSync(dir, link);
    expect((await checkArtifact(link, { system: 'x86_64-linux' })).flakeRef).toBe(`path:${dir}`);
  });
});

describe('artifactFlakeRef', () => {
  let work: string;
  beforeAll(() => {
    work = freshTempDir('mvmforge-ref-');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('a URL-safe canonical path is used in place', () => {
    const dir = join(work, 'safe_dir-1.0+x@y=z,w~');
    mkdirSync(dir);
    const ref = artifactFlakeRef(dir);
    expect(ref).toMatchObject({ ref: `path:${dir}`, copied: false, evaluatedDir: dir });
    ref.release();
    expect(existsSync(dir)).toBe(true);
  });

  test('any other path is copied with symlinks kept as links, and release removes the copy', () => {
    const dir = join(work, 'needs copy');
    writeHandBuiltArtifact(dir, {
      workloadId: 'x',
      mvmUrl: 'path:/x',
      entrypoint: { kind: 'command', command: ['x'] },
      files: WITH_SOURCE_FILES,
    });
    symlinkSync('hello/__main__.py', join(dir, 'src', 'main-link.py'));
    const ref = artifactFlakeRef(dir);
    expect(ref.copied).toBe(true);
    expect(ref.ref).toBe(`path:${ref.evaluatedDir}`);
    expect(ref.evaluatedDir).toMatch(/^[A-Za-z0-9._+@=,~/-]+$/);
    const link = join(ref.evaluatedDir, 'src', 'main-link.py');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('hello/__main__.py');
    expect(snapshot(ref.evaluatedDir)).toEqual(snapshot(dir));
    ref.release();
    expect(existsSync(ref.evaluatedDir)).toBe(false);
  });
});

describe('comparison and message helpers', () => {
  test('jsonDeepEqual compares by value and own keys, including __proto__', () => {
    expect(jsonDeepEqual({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] })).toBe(true);
    expect(jsonDeepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonDeepEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonDeepEqual(null, {})).toBe(false);
    expect(jsonDeepEqual(JSON.parse('{"__proto__":"x"}'), JSON.parse('{"__proto__":"y"}'))).toBe(false);
    expect(jsonDeepEqual(JSON.parse('{"__proto__":"x"}'), {})).toBe(false);
  });

  test('firstDifference names the first differing path', () => {
    expect(firstDifference({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe('.a.b[1]');
    expect(firstDifference({ env: {} }, { env: { 'MY-VAR': 'x' } })).toBe('.env["MY-VAR"] (present on one side only)');
    expect(firstDifference([1], [1, 2])).toBe('. (array length 1 vs 2)');
    // The same jq form as @mvmforge/ir's jqPath: a root key or index keeps its leading dot.
    expect(firstDifference({ 'a-b': 1 }, { 'a-b': 2 })).toBe('.["a-b"]');
    expect(firstDifference([1, 2], [1, 3])).toBe('.[1]');
    expect(firstDifference(1, 1)).toBeUndefined();
  });

  test('stderrTail drops the lock-file notice and keeps the last lines', () => {
    const stderr = [
      "warning: not writing modified lock file of flake 'path:/x':",
      "\u2022 Added input 'mvm':",
      "    'path:/y'",
      'evaluating flake...',
      'error: boom',
      '       at /nix/store/x/flake.nix:1:1',
      '',
    ].join('\n');
    expect(stderrTail(stderr)).toBe('evaluating flake...\nerror: boom\n       at /nix/store/x/flake.nix:1:1');
    expect(stderrTail(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'), 2)).toBe('line 28\nline 29');
  });
});
