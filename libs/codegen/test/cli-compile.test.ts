/**
 * `mvmforge compile` end to end through the built CLI (run `npm run build` first; `npm test` does).
 * Determinism is checked the way artifact-v1 §9 asks: another checkout path, another umask,
 * another LANG/TZ — byte-identical trees including modes.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, REPO_ROOT } from '../../../fixtures/test-support/cli';
import { entryName } from '../../../fixtures/test-support/corpus-entry';
import { removeDir, snapshotTree, tempDir } from './helpers';

const REPO = REPO_ROOT;
const BIN = CLI_BIN;
const CORPUS = join(REPO, 'corpus');
const WORKLOADS = readdirSync(CORPUS)
  .filter((w) => entryName(join(CORPUS, w)) !== undefined)
  .sort();

// Pinned: the with-source bundle of python-sdk.md §8.2 (recomputed independently below).
const WITH_SOURCE_TREE_HASH = '4a085db40417c86c03aa36bd32b7655a1c8ea74b6852ebeb7ccf387c00322dca';

let tmp: string;
beforeAll(() => {
  tmp = tempDir('mvmforge-cli-compile-');
  // A child that sets its umask before loading the CLI (no shell involved).
  writeFileSync(join(tmp, 'umask-run.js'), `process.umask(parseInt(process.env.TEST_UMASK, 8));\nrequire(${JSON.stringify(BIN)});\n`);
});
afterAll(() => removeDir(tmp));

interface RunOpts {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  umask?: string;
  input?: string;
}
function cli(args: string[], opts: RunOpts = {}): SpawnSyncReturns<string> {
  const env = { ...process.env, MVMFORGE_MVM_FLAKE_URL: '', ...opts.env };
  const argv = opts.umask ? [join(tmp, 'umask-run.js'), ...args] : [BIN, ...args];
  return spawnSync(process.execPath, argv, {
    cwd: opts.cwd ?? tmp,
    env: opts.umask ? { ...env, TEST_UMASK: opts.umask } : env,
    encoding: 'utf8',
    input: opts.input,
  });
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('mvmforge compile', () => {
  test('corpus/with-source/app.py lands exactly flake.nix, launch.json and the hello package', () => {
    const out = join(tmp, 'ws-1');
    const r = cli(['compile', join(CORPUS, 'with-source/app.py'), '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result).sort()).toEqual(['bytes', 'file_count', 'ir_hash', 'out', 'rules', 'tree_hash', 'warnings', 'workload_id']);
    expect(result.rules).toEqual({
      never: ['.bzr/', '.git/', '.hg/', '.jj/', '.nx/', '.svn/', '_darcs/', 'mvmforge artifacts', 'mvmforge staging/backup/lock siblings'],
      defaults: ['.gitignore', '.venv/', '__pycache__/', 'node_modules/', 'pyvenv.cfg folders', '*.pyc', '*.pyo'],
      include: ['hello/**'],
      exclude: ['**/__pycache__/**'],
    });
    expect(result.warnings).toEqual([]);
    expect(result).toMatchObject({ out, file_count: 2, workload_id: 'with-source', tree_hash: WITH_SOURCE_TREE_HASH });

    const snap = snapshotTree(out);
    expect(Object.keys(snap)).toEqual(['flake.nix', 'launch.json', 'src', 'src/hello', 'src/hello/__init__.py', 'src/hello/__main__.py']);
    expect(snap['src/hello/__init__.py']).toBe('f 0644 ');
    expect(snap['src/hello/__main__.py']).toBe(
      `f 0644 ${Buffer.from('print("hello from a bundled mvmforge workload")\n').toString('base64')}`,
    );

    // tree_hash recomputed by hand from §6.4 and the corpus bytes.
    const main = readFileSync(join(CORPUS, 'with-source/hello/__main__.py'));
    const records = `f 0644 hello/__init__.py\0${sha('')}\nf 0644 hello/__main__.py\0${sha(main)}\n`;
    expect(sha(records)).toBe(WITH_SOURCE_TREE_HASH);

    const launch = readFileSync(join(out, 'launch.json'), 'utf8');
    expect(launch.endsWith('}')).toBe(true);
    expect(JSON.parse(launch).ir_hash).toBe(result.ir_hash);
    // ir_hash is exactly what `mvmforge hash` would print for the emitted IR.
    const hash = cli(['hash', join(CORPUS, 'with-source/app.py')]);
    if (hash.status === 0) expect(hash.stdout.trim()).toBe(result.ir_hash);
  });

  test('human summary without --json', () => {
    const r = cli(['compile', join(CORPUS, 'hello-app/app.py'), '--out', join(tmp, 'human')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^compiled hello-app -> .*human\n {2}ir_hash +[0-9a-f]{64}\n {2}tree_hash +[0-9a-f]{64}\n {2}src files +1\n$/);
  });

  test('stdin: a relative source.path needs --base-dir (E_SOURCE_BUNDLE_EMPTY, nothing walked); with it, the base is --base-dir', () => {
    const dir = join(tmp, 'stdin-ws');
    mkdirSync(join(dir, 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'pkg', 'x.py'), 'x');
    const ir = JSON.stringify({
      schema_version: '0.1',
      id: 'from-stdin',
      apps: [
        {
          name: 'from-stdin',
          source: { kind: 'local_path', path: 'pkg' },
          image: { kind: 'nix_packages', packages: [] },
          entrypoints: [{ kind: 'command', command: ['true'] }],
          resources: { cpu_cores: 1, memory_mb: 64, rootfs_size_mb: 64 },
        },
      ],
    });
    const refused = cli(['compile', '-', '--out', 'artifact', '--json'], { cwd: dir, input: ir });
    expect(refused.status).not.toBe(0);
    const err = JSON.parse(refused.stdout);
    expect(err.errors.map((e: { code: string }) => e.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(err.errors[0].detail).toContain('--base-dir');
    expect(existsSync(join(dir, 'artifact'))).toBe(false);
    const r = cli(['compile', '-', '--out', 'artifact', '--base-dir', '.', '--json'], { cwd: dir, input: ir });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ out: join(dir, 'artifact'), file_count: 1, workload_id: 'from-stdin' });
  });

  test('the three empty-bundle routes of issue 9 fail with E_SOURCE_BUNDLE_EMPTY (IR emitted elsewhere, stdin pipe, include typo)', () => {
    const entry = join(CORPUS, 'with-source', 'app.py');
    // 1. emit app.py --out /x/ir.json; compile /x/ir.json: the IR's folder holds no hello/ package.
    const x = join(tmp, 'emitted-elsewhere');
    mkdirSync(x);
    expect(cli(['emit', entry, '--out', join(x, 'ir.json')]).status).toBe(0);
    const elsewhere = cli(['compile', join(x, 'ir.json'), '--out', join(tmp, 'route-1'), '--json']);
    expect(JSON.parse(elsewhere.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(JSON.parse(elsewhere.stdout).errors[0].detail).toContain(`base directory ${x}`);
    // ...and --base-dir fixes it.
    const fixed = cli(['compile', join(x, 'ir.json'), '--base-dir', join(CORPUS, 'with-source'), '--out', join(tmp, 'route-1'), '--json']);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ file_count: 2, tree_hash: WITH_SOURCE_TREE_HASH });
    // 2. emit … | compile - from the repository root: nothing is walked.
    const ir = cli(['emit', entry]).stdout;
    const piped = cli(['compile', '-', '--out', join(tmp, 'route-2'), '--json'], { cwd: REPO, input: ir });
    expect(JSON.parse(piped.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(existsSync(join(tmp, 'route-2'))).toBe(false);
    // 3. An include typo.
    const typo = join(tmp, 'typo');
    mkdirSync(join(typo, 'src'), { recursive: true });
    writeFileSync(join(typo, 'src', 'a.py'), 'a');
    writeFileSync(join(typo, 'ir.json'), ir.replace('"hello/**"', '"srcc/**"'));
    const typoed = cli(['compile', join(typo, 'ir.json'), '--out', join(tmp, 'route-3'), '--json']);
    const err = JSON.parse(typoed.stdout).errors;
    expect(err.map((e: { code: string }) => e.code)).toEqual(['E_SOURCE_BUNDLE_EMPTY']);
    expect(err[0].detail).toContain('include "srcc/**" matched no file');
    expect(typoed.status).not.toBe(0);
  });

  test('an IR file: source.path is relative to its directory; --base-dir and --root are passed through (§7)', () => {
    const ws = join(tmp, 'flags-ws');
    mkdirSync(join(ws, 'manifests'), { recursive: true });
    mkdirSync(join(ws, 'manifests', 'pkg'));
    mkdirSync(join(ws, 'proj', 'pkg'), { recursive: true });
    writeFileSync(join(ws, 'manifests', 'pkg', 'from-manifest-dir.py'), 'm');
    writeFileSync(join(ws, 'proj', 'pkg', 'from-base-dir.py'), 'b');
    const manifest = join(ws, 'manifests', 'ir.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        schema_version: '0.1',
        id: 'flags',
        apps: [
          {
            name: 'flags',
            source: { kind: 'local_path', path: 'pkg' },
            image: { kind: 'nix_packages', packages: [] },
            entrypoints: [{ kind: 'command', command: ['true'] }],
            resources: { cpu_cores: 1, memory_mb: 64, rootfs_size_mb: 64 },
          },
        ],
      }),
    );
    const files = (out: string) => readdirSync(join(out, 'src'));
    // The cwd (tmp) has no pkg/: the manifest's own directory is the base.
    let r = cli(['compile', manifest, '--out', join(ws, 'out-a')]);
    expect(r.stderr).toBe('');
    expect(files(join(ws, 'out-a'))).toEqual(['from-manifest-dir.py']);
    r = cli(['compile', manifest, '--out', join(ws, 'out-b'), '--base-dir', join(ws, 'proj')]);
    expect(r.stderr).toBe('');
    expect(files(join(ws, 'out-b'))).toEqual(['from-base-dir.py']);
    // --root narrower than the source: refused; without it the allowed root is the manifest directory.
    r = cli(['compile', manifest, '--out', join(ws, 'out-c'), '--base-dir', join(ws, 'proj'), '--root', join(ws, 'manifests'), '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).errors.map((e: { code: string }) => e.code)).toEqual(['E_SOURCE_OUTSIDE_ROOT']);
  });

  test('usage errors exit 2; coded errors exit 1 with `CODE at path: detail` or JSON', () => {
    expect(cli(['compile', join(CORPUS, 'hello-app/app.py')]).status).toBe(2);
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"schema_version":"0.1"}');
    const human = cli(['compile', bad, '--out', join(tmp, 'never')]);
    expect(human.status).toBe(1);
    expect(human.stderr).toMatch(/^E_MALFORMED_MANIFEST at /m);
    expect(human.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const json = cli(['compile', join(CORPUS, 'hello-app/app.py'), '--out', join(tmp, 'x.tgz'), '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      errors: [{ code: 'E_COMPILE_OUTPUT_UNSAFE', path: '', detail: expect.any(String) }],
    });
    expect(existsSync(join(tmp, 'never'))).toBe(false);
    expect(existsSync(join(tmp, 'x.tgz'))).toBe(false);
  });

  test('--out at the home directory is refused (HOME from the environment)', () => {
    const home = join(tmp, 'home');
    mkdirSync(home);
    const r = cli(['compile', join(CORPUS, 'hello-app/app.py'), '--out', home], { env: { HOME: home } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^E_COMPILE_OUTPUT_UNSAFE: .*home/);
    expect(readdirSync(home)).toEqual([]);
  });
});

describe('determinism (artifact-v1 §9)', () => {
  // A second checkout: the corpus copied to another path, with its own .git so the allowed root
  // is that copy (like a real clone), compiled under another umask, locale and time zone.
  let copy: string;
  beforeAll(() => {
    copy = join(tmp, 'elsewhere', 'checkout');
    mkdirSync(join(copy, '.git'), { recursive: true });
    cpSync(CORPUS, join(copy, 'corpus'), { recursive: true });
  });

  test.each(WORKLOADS)('%s: byte-identical trees including modes', (w) => {
    const a = join(tmp, 'det-a', w);
    const b = join(tmp, 'det-b', 'nested', w);
    const first = cli(['compile', join(CORPUS, w, entryName(join(CORPUS, w))!), '--out', a], {
      umask: '022',
      env: { LANG: 'C', TZ: 'UTC' },
    });
    expect(first.stderr).toBe('');
    const second = cli(['compile', join(copy, 'corpus', w, entryName(join(CORPUS, w))!), '--out', b], {
      umask: '077',
      env: { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'Pacific/Chatham' },
      cwd: join(copy, 'corpus'),
    });
    expect(second.stderr).toBe('');
    expect(snapshotTree(b)).toEqual(snapshotTree(a));
    // No absolute path leaks into generated files.
    for (const f of ['flake.nix', 'launch.json']) {
      const text = readFileSync(join(a, f), 'utf8');
      expect(text).not.toContain(tmp);
      expect(text).not.toContain(REPO);
      expect(text).not.toContain('\r');
    }
  });

  test('a path: MVMFORGE_MVM_FLAKE_URL changes flake.nix only', () => {
    const a = join(tmp, 'url-a');
    const b = join(tmp, 'url-b');
    expect(cli(['compile', join(CORPUS, 'with-source/app.py'), '--out', a]).status).toBe(0);
    const url = `path:${join(tmp, 'guest-lib-stub')}`;
    expect(cli(['compile', join(CORPUS, 'with-source/app.py'), '--out', b], { env: { MVMFORGE_MVM_FLAKE_URL: url } }).status).toBe(0);
    const sa = snapshotTree(a);
    const sb = snapshotTree(b);
    const differing = Object.keys(sa).filter((k) => sa[k] !== sb[k]);
    expect(differing).toEqual(['flake.nix']);
    expect(Object.keys(sb)).toEqual(Object.keys(sa));
    expect(readFileSync(join(b, 'flake.nix'), 'utf8')).toContain(`inputs.mvm.url = "${url}";`);
  });
});
