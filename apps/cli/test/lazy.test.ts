// The CLI loads only the verb it runs (apps/cli/src/main.ts): measured by which modules a run left
// in Node's require cache, in a fresh process running the built CLI.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, assertCliBuilt } from '../../../fixtures/test-support/cli';

const MAIN = join(REPO_ROOT, 'apps/cli/dist/main.js');

/** Runs `run(argv)` of the built CLI in a fresh node and returns the loaded module paths. */
function loadedBy(argv: string[], input = ''): string[] {
  assertCliBuilt();
  const script = `require(${JSON.stringify(MAIN)}).run(${JSON.stringify(argv)}).then(() => { process.stderr.write('\\n@@' + JSON.stringify(Object.keys(require.cache))); });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, input });
  const err = r.stderr.toString('utf8');
  const at = err.lastIndexOf('@@');
  if (at < 0) throw new Error(`no module list: ${err}`);
  return (JSON.parse(err.slice(at + 2)) as string[]).map((p) => p.split('\\').join('/'));
}

const has = (mods: string[], part: string) => mods.some((m) => m.includes(part));
const verbsLoaded = (mods: string[]) =>
  mods.filter((m) => m.includes('apps/cli/dist/commands/')).map((m) => m.replace(/.*\/commands\//, ''));

describe('lazy CLI', () => {
  it('--version loads neither commander, zod nor any verb', () => {
    const mods = loadedBy(['--version']);
    expect(has(mods, 'node_modules/commander/')).toBe(false);
    expect(has(mods, 'node_modules/zod/')).toBe(false);
    expect(verbsLoaded(mods)).toEqual([]);
  });

  it('explain loads only its own module and no zod', () => {
    const mods = loadedBy(['explain', 'E_UNKNOWN_FIELD']);
    expect(verbsLoaded(mods)).toEqual(['explain.js']);
    expect(has(mods, 'node_modules/zod/')).toBe(false);
  });

  it('hash loads only its own verb; zod without its locale bundle', () => {
    const doc = '{"schema_version":"0.1","id":"w","apps":[]}';
    const mods = loadedBy(['hash', '-'], doc);
    expect(verbsLoaded(mods)).toEqual(['hash.js']);
    expect(has(mods, 'node_modules/zod/')).toBe(true);
    // The locale index is the empty stub seeded by libs/ir/src/zod-locales.ts; only English loads.
    const locales = mods.filter((m) => m.includes('node_modules/zod/v4/locales/')).map((m) => m.replace(/.*\/locales\//, ''));
    expect(locales.sort()).toEqual(['en.cjs', 'index.cjs']);
  });

  it('check loads neither zod nor the compiler (it compares JSON, it does not validate IR)', () => {
    // A missing directory fails in readArtifact, after every module check needs has loaded.
    const mods = loadedBy(['check', join(REPO_ROOT, 'no-such-artifact-dir')]);
    expect(verbsLoaded(mods)).toEqual(['check.js']);
    expect(has(mods, 'libs/nix-check/dist/check.js')).toBe(true);
    expect(has(mods, 'node_modules/zod/')).toBe(false);
    expect(has(mods, 'libs/codegen/dist/compile.js')).toBe(false);
  });

  it.each([
    ['emit', [] as string[]],
    ['compile', ['--out', join(REPO_ROOT, 'no-such-dir', 'never-written')]],
  ])('%s starts the SDK before it loads zod and the compiler (they load while the SDK runs)', (verb, rest) => {
    // spawn is wrapped to record, at the moment the SDK's child starts, which modules are loaded.
    // The SDK is a stand-in that exits 1 at once, so nothing is compiled and the --out stays unwritten.
    const script = [
      `const cp = require('node:child_process'); const spawn = cp.spawn; let seen;`,
      `cp.spawn = function (...a) { seen ??= Object.keys(require.cache).filter((m) => m.includes('node_modules/zod/') || m.includes('codegen/dist/compile')); return spawn.apply(this, a); };`,
      `require(${JSON.stringify(MAIN)}).run(${JSON.stringify([verb, join(REPO_ROOT, 'corpus/hello-app/app.py'), ...rest])}).then((code) => {`,
      `  process.stderr.write('\\n@@' + JSON.stringify({ seen, code, zod: Object.keys(require.cache).some((m) => m.includes('node_modules/zod/')) }));`,
      `});`,
    ].join('\n');
    assertCliBuilt();
    const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, env: { ...process.env, MVMFORGE_PYTHON: 'false' } });
    const err = r.stderr.toString('utf8');
    const report = JSON.parse(err.slice(err.lastIndexOf('@@') + 2)) as { seen?: string[]; code: number; zod: boolean };
    expect(report.seen).toEqual([]); // the SDK was spawned, with nothing heavy loaded yet
    expect(report.zod).toBe(true); // and the IR library did load, while it ran
    expect(report.code).toBe(1); // E_EMIT_FAILED from the stand-in SDK
    expect(err).toContain('E_EMIT_FAILED');
  });

  it('help without a verb loads every verb (it lists them all)', () => {
    expect(verbsLoaded(loadedBy(['--help'])).sort()).toEqual([
      'canonicalize.js',
      'check.js',
      'compile.js',
      'emit.js',
      'explain.js',
      'hash.js',
      'up.js',
      'validate.js',
    ]);
  });
});
