/**
 * The `emit` executor called directly with a hand-built ExecutorContext (nx-notes §10): it writes
 * the canonical ir.json and the source fingerprint beside it, and reports failures as a line
 * without a stack.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { executorContext } from './executor-context';
import emitExecutor from '../src/executors/emit/executor';
import compileExecutor from '../src/executors/compile/executor';
import { WITH_SOURCE_IR } from '../../../fixtures/test-support/corpus-ir';

const REPO = resolve(__dirname, '../../..');

let root: string;
const saved = { ...process.env };
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mvmforge-emit-exec-'));
  cpSync(join(REPO, 'corpus/with-source'), join(root, 'corpus/with-source'), {
    recursive: true,
    filter: (src) => !src.split(/[\\/]/).includes('__pycache__'),
  });
  delete process.env.MVMFORGE_PYTHON;
  delete process.env.MVMFORGE_IR_OUT;
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(root, { recursive: true, force: true });
});

const context = (): ExecutorContext => executorContext(root, 'with-source', 'corpus/with-source');

const options = { entry: 'corpus/with-source/app.py', outputDir: 'dist/mvmforge/corpus/with-source' };

function quietly<T>(body: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const written: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(Buffer.from(chunk).toString('utf8'));
    return true;
  });
  return body()
    .then((result) => ({ result, stderr: written.join('') }))
    .finally(() => spy.mockRestore());
}

test('writes the canonical ir.json (the SDK bytes of python-sdk.md §8.2) and source.json beside it', async () => {
  const { result } = await quietly(() => emitExecutor(options, context()));
  expect(result).toEqual({ success: true });
  const out = join(root, options.outputDir);
  expect(readFileSync(join(out, 'ir.json'), 'utf8')).toBe(WITH_SOURCE_IR);
  const fingerprint = JSON.parse(readFileSync(join(out, 'source.json'), 'utf8'));
  expect(fingerprint.file_count).toBe(2);
  expect(fingerprint.files.map((f: { path: string }) => f.path)).toEqual(['hello/__init__.py', 'hello/__main__.py']);
  expect(fingerprint.tree_hash).toMatch(/^[0-9a-f]{64}$/);
  // No absolute path of this machine leaks into the cache key that compile reads.
  expect(readFileSync(join(out, 'source.json'), 'utf8')).not.toContain(root);
  expect(existsSync(join(root, 'corpus/with-source/hello/__pycache__'))).toBe(false);
});

test('an unbundled edit leaves both files byte-identical; a bundled edit changes source.json only', async () => {
  const out = join(root, options.outputDir);
  await quietly(() => emitExecutor(options, context()));
  const first = { ir: readFileSync(join(out, 'ir.json')), src: readFileSync(join(out, 'source.json')) };
  writeFileSync(join(root, 'corpus/with-source/app.py'), `${readFileSync(join(root, 'corpus/with-source/app.py'), 'utf8')}# comment\n`);
  writeFileSync(join(root, 'corpus/with-source/README.md'), 'not bundled\n');
  await quietly(() => emitExecutor(options, context()));
  expect(readFileSync(join(out, 'ir.json')).equals(first.ir)).toBe(true);
  expect(readFileSync(join(out, 'source.json')).equals(first.src)).toBe(true);
  writeFileSync(join(root, 'corpus/with-source/hello/__main__.py'), 'print("changed")\n');
  await quietly(() => emitExecutor(options, context()));
  expect(readFileSync(join(out, 'ir.json')).equals(first.ir)).toBe(true);
  expect(readFileSync(join(out, 'source.json')).equals(first.src)).toBe(false);
});

test('compile reuses the digests emit took while the files keep their stamps, and hashes again once one moved', async () => {
  const out = join(root, options.outputDir);
  // Files strictly older than emit's clock reading (a file written in the same tick is never trusted).
  await new Promise((r) => setTimeout(r, 20));
  await quietly(() => emitExecutor(options, context()));
  const stamps = JSON.parse(readFileSync(join(out, 'source.stamps.json'), 'utf8'));
  const fingerprint = JSON.parse(readFileSync(join(out, 'source.json'), 'utf8'));
  expect(stamps).toMatchObject({ format: 1, tree_hash: fingerprint.tree_hash });
  expect(Object.keys(stamps.files).sort()).toEqual(['hello/__init__.py', 'hello/__main__.py']);
  // Plant a digest in source.json: an artifact that records it was built without hashing that file.
  const planted = { ...fingerprint, files: fingerprint.files.map((f: object) => ({ ...f, sha256: 'f'.repeat(64) })) };
  writeFileSync(join(out, 'source.json'), JSON.stringify(planted));
  const compileOptions = { ir: `${options.outputDir}/ir.json`, out: `${options.outputDir}/artifact` };
  const treeHash = () => JSON.parse(readFileSync(join(out, 'artifact/launch.json'), 'utf8')).source.tree_hash as string;
  expect((await quietly(() => compileExecutor(compileOptions, context()))).result).toEqual({ success: true });
  expect(treeHash()).toMatch(/^[0-9a-f]{64}$/);
  expect(treeHash()).not.toBe(fingerprint.tree_hash);
  // Touch both files (same bytes, new mtime): compile no longer trusts the stamps and hashes them.
  for (const f of ['hello/__init__.py', 'hello/__main__.py']) utimesSync(join(root, 'corpus/with-source', f), new Date(), new Date());
  expect((await quietly(() => compileExecutor(compileOptions, context()))).result).toEqual({ success: true });
  expect(treeHash()).toBe(fingerprint.tree_hash);
  // Without the stamps file (a cache restore, another machine) compile hashes everything.
  await quietly(() => emitExecutor(options, context()));
  rmSync(join(out, 'source.stamps.json'));
  writeFileSync(join(out, 'source.json'), JSON.stringify(planted));
  await quietly(() => compileExecutor(compileOptions, context()));
  expect(treeHash()).toBe(fingerprint.tree_hash);
});

test('an SDK failure fails the task with the E_EMIT_FAILED line naming file and line, and writes nothing', async () => {
  writeFileSync(join(root, 'corpus/with-source/app.py'), 'import mvmforge as mv\nmv.workload("Bad")\n');
  const { result, stderr } = await quietly(() => emitExecutor(options, context()));
  expect(result).toEqual({ success: false });
  expect(stderr).toMatch(/E_EMIT_FAILED/);
  expect(stderr).toContain("app.py:2: workload id 'Bad' must match");
  expect(stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(existsSync(join(root, options.outputDir, 'ir.json'))).toBe(false);
});

test('options that leave the workspace are refused', async () => {
  const { result, stderr } = await quietly(() => emitExecutor({ ...options, outputDir: '../elsewhere' }, context()));
  expect(result).toEqual({ success: false });
  expect(stderr).toContain('must stay inside the workspace');
});
