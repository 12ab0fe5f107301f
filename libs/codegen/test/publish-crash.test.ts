/**
 * Crash-consistent publish and the `--out` lock (issue 10 items 3 and 7), with real processes:
 * children run the built library (`npm run build` first) and are SIGKILLed at random points and,
 * deterministically, after the rename-exchange, between the two renames of the fallback protocol
 * and between walk and open. With the exchange `--out` is a complete artifact after every kill
 * (and, watched from another process, at every instant); after the next compile it is complete
 * with no stray sibling. Parallel compiles into one `--out` all succeed (they wait for the lock), and an
 * `--out` inside a shared source root never lands in the other compile's bundle.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { executeBundle, planBundle } from '../src/bundle';
import { compileWorkload } from '../src/compile';
import { compileSourceFilter } from '../src/globs';
import { lockOut, lockPath } from '../src/out-lock';
import { recoverOut } from '../src/publish';
import { codesOf, fakeWorkspace, irDoc, removeDir, workloadOf, type Json } from './helpers';

const CODEGEN_DIST = resolve(__dirname, '../dist/index.js');
const IR_PKG = resolve(__dirname, '../../ir/dist/index.js');

/** A child that compiles `doc` from `proj` into `out`; `kill` makes it SIGKILL itself at a hook. */
const CHILD = `
const { compileWorkload } = require(${JSON.stringify(CODEGEN_DIST)});
const { parseWorkload } = require(${JSON.stringify(IR_PKG)});
const [doc, proj, out, kill] = process.argv.slice(1);
const die = () => process.kill(process.pid, 'SIGKILL');
const hooks =
  kill === 'between' ? { betweenRenames: die, twoRenamesOnly: true }
  : kill === 'after' ? { afterPublish: die }
  : kill === 'open' ? { beforeOpen: die }
  : kill === 'gap' ? { betweenRenames: () => { const end = Date.now() + 30; while (Date.now() < end); }, twoRenamesOnly: true }
  : {};
compileWorkload({ workload: parseWorkload(doc).workload, manifestDir: proj, out, env: {}, hooks })
  .then((r) => { process.stdout.write(JSON.stringify({ treeHash: r.treeHash, src: Object.keys(r) })); })
  .catch((e) => { process.stderr.write(String(e && e.message)); process.exit(1); });
`;

/** Polls `out` until stdin closes; prints how often launch.json was missing. */
const WATCHER = `
const { existsSync } = require('node:fs');
const out = process.argv[1];
let open = true, polls = 0, misses = 0;
process.stdin.on('end', () => (open = false)).resume();
const tick = () => {
  const end = Date.now() + 20;
  while (Date.now() < end) { polls++; if (!existsSync(out + '/launch.json')) misses++; }
  if (open) setImmediate(tick); else process.stdout.write(JSON.stringify({ polls, misses }));
};
tick();
`;

let ws: string;
let proj: string;
let out: string;
beforeEach(() => {
  ({ ws, proj } = fakeWorkspace());
  for (let i = 0; i < 150; i++) writeFileSync(join(proj, 'pkg', `m${String(i).padStart(3, '0')}.py`), `x = ${i}\n`.repeat(200));
  out = join(ws, 'dist', 'artifact');
});
afterEach(() => removeDir(ws));

function child(kill: string, target = out, doc: Json = irDoc()): ChildProcess {
  return spawn(process.execPath, ['-e', CHILD, JSON.stringify(doc), proj, target, kill], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function finished(c: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((r) => c.on('close', (code, signal) => r({ code, signal, stderr })));
}

/** `dir` is a complete artifact: its src/ hashes to the tree_hash launch.json records. */
async function treeHashIfComplete(dir: string): Promise<string> {
  expect(readdirSync(dir).sort()).toEqual(['flake.nix', 'launch.json', 'src']);
  const launch = JSON.parse(readFileSync(join(dir, 'launch.json'), 'utf8'));
  const plan = await planBundle({ sourceRoot: join(dir, 'src'), filter: compileSourceFilter([], []) });
  const actual = await executeBundle(plan, undefined);
  expect(actual.treeHash).toBe(launch.source.tree_hash);
  expect(actual.fileCount).toBe(launch.source.file_count);
  return actual.treeHash;
}

const siblings = () => readdirSync(join(ws, 'dist')).sort();

test('with the rename-exchange, another process polling --out never sees it missing or incomplete', async () => {
  // The control run uses the two-rename fallback with a 30 ms gap between the renames: the same
  // watcher must see the gap there, which proves it can.
  await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
  const watch = async (kill: string): Promise<number> => {
    const watcher = spawn(process.execPath, ['-e', WATCHER, out], { stdio: ['pipe', 'pipe', 'inherit'] });
    let report = '';
    watcher.stdout!.on('data', (d: Buffer) => (report += d.toString()));
    const closed = new Promise((r) => watcher.on('close', r));
    for (let i = 0; i < 8; i++) {
      writeFileSync(join(proj, 'pkg', 'm000.py'), `${kill} ${i}\n`);
      const r = await finished(child(kill));
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    }
    watcher.stdin!.end();
    await closed;
    const { misses, polls } = JSON.parse(report) as { misses: number; polls: number };
    expect(polls).toBeGreaterThan(100);
    return misses;
  };
  expect(await watch('none')).toBe(0);
  expect(await watch('gap')).toBeGreaterThan(0);
  expect(siblings()).toEqual(['artifact']);
}, 300_000);

test('a kill right after the exchange leaves the new artifact in place; the next compile removes the old one', async () => {
  await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
  writeFileSync(join(proj, 'pkg', 'm000.py'), 'changed\n');
  const r = await finished(child('after'));
  expect(r.signal).toBe('SIGKILL');
  const next = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
  expect(await treeHashIfComplete(out)).toBe(next.treeHash);
  expect(siblings()).toEqual(['artifact']);
});

test('the next compile restores the previous artifact after a kill between the two renames of the fallback', async () => {
  const first = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
  writeFileSync(join(proj, 'pkg', 'm000.py'), 'changed\n');
  const r = await finished(child('between'));
  expect(r.signal).toBe('SIGKILL');
  expect(existsSync(out)).toBe(false); // the gap the fallback (no renameat2) cannot close
  expect(siblings().some((n) => n.startsWith('.artifact.mvmforge-old-'))).toBe(true);
  const repaired = recoverOut(out);
  expect(repaired.restored).toMatch(/^\.artifact\.mvmforge-old-/);
  expect(await treeHashIfComplete(out)).toBe(first.treeHash);
  expect(siblings()).toEqual(['.artifact.mvmforge-lock', 'artifact']); // the dead child's lock: reclaimed by the next compile
  await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
  expect(siblings()).toEqual(['artifact']);
});

test('50 SIGKILLs at random points (and at the hooks) leave --out complete and no stray dirs after the next compile', async () => {
  await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
  const modes = { between: 0, open: 0, after: 0, random: 0, finished: 0 };
  for (let i = 0; i < 50; i++) {
    writeFileSync(join(proj, 'pkg', 'm000.py'), `round ${i}\n`);
    const kill = i % 5 === 0 ? 'between' : i % 5 === 1 ? 'open' : i % 5 === 2 ? 'after' : 'random';
    const c = child(kill);
    const done = finished(c);
    if (kill === 'random') {
      // A random point in the child's life: start-up, walk, copy, renames, backup removal, exit.
      const delay = Math.floor(Math.random() * 400);
      setTimeout(() => c.kill('SIGKILL'), delay);
    }
    const r = await done;
    if (r.signal === 'SIGKILL') modes[kill as 'between' | 'open' | 'after' | 'random']++;
    else modes.finished++;
    // Only the fallback's gap may leave --out missing; with the exchange it is always complete.
    if (kill !== 'between') await treeHashIfComplete(out);
    else expect(existsSync(out)).toBe(false);
    const next = await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {} });
    expect(await treeHashIfComplete(out)).toBe(next.treeHash);
    expect(siblings()).toEqual(['artifact']);
  }
  expect(modes.between).toBe(10);
  expect(modes.open).toBe(10);
  expect(modes.after).toBe(10);
}, 600_000);

test('parallel compiles into one --out all succeed (they wait for the lock) and leave one complete artifact', async () => {
  const runs = Array.from({ length: 6 }, (_, i) => {
    const doc = irDoc({ source: { kind: 'local_path', path: '.', include: [`pkg/m00${i}.py`, 'app.py'] } });
    return finished(child('none', out, doc));
  });
  writeFileSync(join(proj, 'app.py'), 'app\n');
  const results = await Promise.all(runs);
  for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  await treeHashIfComplete(out);
  expect(siblings()).toEqual(['artifact']);
}, 300_000);

test("an --out inside a shared source root never gets into another compile's bundle", async () => {
  const inner = join(proj, 'build', 'artifact');
  const other = join(ws, 'dist', 'other');
  for (let round = 0; round < 4; round++) {
    writeFileSync(join(proj, 'pkg', 'm001.py'), `round ${round}\n`);
    const results = await Promise.all([finished(child('none', inner)), finished(child('none', other))]);
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const dir of [inner, other]) {
      const names: string[] = [];
      const walk = (d: string, rel: string) => {
        for (const n of readdirSync(d, { withFileTypes: true })) {
          const r = rel ? `${rel}/${n.name}` : n.name;
          if (n.isDirectory()) walk(join(d, n.name), r);
          else names.push(r);
        }
      };
      walk(join(dir, 'src'), '');
      expect(names.filter((n) => n.startsWith('build'))).toEqual([]);
    }
  }
}, 300_000);

test('a held lock makes a compile wait, then fail with E_COMPILE_OUTPUT_LOCKED naming the holder', async () => {
  mkdirSync(join(ws, 'dist'));
  const lock = await lockOut(out);
  try {
    const diags = await codesOf(() => compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {}, lockWaitMs: 200 }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_OUTPUT_LOCKED']);
    expect(diags[0].detail).toContain(`pid ${process.pid}`);
    expect(existsSync(out)).toBe(false);
  } finally {
    lock.release();
  }
  expect(siblings()).toEqual([]);
});

test('a lock left by a dead process (or a reused pid with another start time) is reclaimed at once', async () => {
  mkdirSync(join(ws, 'dist'));
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(lockPath(out), `${dead} 1\n`);
  await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {}, lockWaitMs: 0 });
  // Our own pid, but not our start time: a previous process that had this pid.
  writeFileSync(lockPath(out), `${process.pid} 1\n`);
  await compileWorkload({ workload: workloadOf(irDoc()), manifestDir: proj, out, env: {}, lockWaitMs: 0 });
  expect(siblings()).toEqual(['artifact']);
});
