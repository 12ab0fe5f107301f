#!/usr/bin/env node
// Compile through the CLI as a user runs it (`mvmforge compile manifest.json --out DIR`, a new
// node process) vs the baseline `cp -r` of the tree plus `sha256sum` of every file, alternating
// pairs on the same generated tree (10k files / 100 MB; quick: 500 files / 5 MB). Goal (issue 12):
// ≤ 1.2×. Then peak RSS (GNU time's ru_maxrss of the CLI process) for 1k / 10k / 50k files of
// 1 KiB, reported per file above the smallest tree (goal ≤ 1 KiB/file), and for the same file
// count at 10× the bytes (goal: peak RSS independent of byte size, ≤ 1.1× of the small-file run).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import harness from './lib/harness.js';
import { CLI, standalone } from './lib/common.mjs';

const { measurePairs, pairLines, goalFrom, timeCommand, peakRssKiB, cleanEnv, median } = harness;

const FILES_PER_DIR = 100;

/** Deterministic, incompressible bytes: a xorshift stream seeded by the file index. */
function fileContent(index, size) {
  const buf = Buffer.allocUnsafe(size);
  let x = (index * 2654435761) >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf.writeUInt32LE(x, i);
  }
  for (let i = size - (size % 4); i < size; i++) buf[i] = i & 0xff;
  return buf;
}

/**
 * A workspace `<dir>` with a .git marker (the CLI's default allowed root), `tree/` of `files`
 * files of `perFile` bytes in folders of 100, and `manifest.json` bundling the tree.
 */
function makeTree(dir, files, perFile) {
  const tree = join(dir, 'tree');
  mkdirSync(join(dir, '.git'), { recursive: true });
  const list = [];
  for (let i = 0; i < files; i++) {
    const sub = join(tree, `d${String(Math.floor(i / FILES_PER_DIR)).padStart(3, '0')}`);
    if (i % FILES_PER_DIR === 0) mkdirSync(sub, { recursive: true });
    const file = join(sub, `f${String(i).padStart(5, '0')}.bin`);
    writeFileSync(file, fileContent(i, perFile));
    list.push(file);
  }
  const manifest = join(dir, 'manifest.json');
  writeFileSync(
    manifest,
    JSON.stringify({
      schema_version: '0.1',
      id: 'bench',
      apps: [
        {
          name: 'bench',
          source: { kind: 'local_path', path: 'tree' },
          image: { kind: 'nix_packages', packages: [] },
          entrypoints: [{ kind: 'command', command: ['true'] }],
          resources: { cpu_cores: 1, memory_mb: 64, rootfs_size_mb: 64 },
        },
      ],
    }),
  );
  return { dir, tree, manifest, list, files };
}

/** Baseline: `cp -r`, then sha256sum over the file list in batches of 500 (no shell, no find). */
function copyAndHash(t, dst, env) {
  let ms = timeCommand('cp', ['-r', t.tree, dst], { env }).ms;
  for (let i = 0; i < t.list.length; i += 500) ms += timeCommand('sha256sum', t.list.slice(i, i + 500), { env }).ms;
  return ms;
}

function compileArgs(t, out) {
  return ['compile', t.manifest, '--out', out, '--json'];
}

function checkCompiled(stdout, files) {
  const count = JSON.parse(stdout).file_count;
  if (count !== files) throw new Error(`compile bundled ${count} files, expected ${files}`);
}

function fmtMiB(kib) {
  return `${(kib / 1024).toFixed(1)} MiB`;
}

const SMALL = 1024;

function sizes(config) {
  const timing = config.quick ? { files: 500, bytes: 5 * 1024 * 1024 } : { files: 10_000, bytes: 100 * 1024 * 1024 };
  const series = config.quick ? [200, 500, 2000] : [1000, 10_000, 50_000];
  return {
    timing,
    series,
    label: `${timing.files} files / ${timing.bytes / 1024 / 1024} MB`,
    bigPerFileKiB: Math.floor(timing.bytes / timing.files / 1024),
  };
}

/** The goals this bench measures, in order (the runner lists them as not measured if the bench breaks). */
export function goalSpecs(config) {
  const { timing, series, label, bigPerFileKiB } = sizes(config);
  return [
    { name: `compile ${label} vs cp+sha256sum`, limit: 1.2 },
    { name: `compile RSS per file above base (${series[0]}→${series.at(-1)} files)`, limit: 1, unit: 'KiB/file' },
    { name: `compile RSS at ${bigPerFileKiB}× the bytes (${timing.files} files)`, limit: 1.1 },
  ];
}

export async function run(config) {
  const env = cleanEnv();
  const { timing, series, label, bigPerFileKiB } = sizes(config);
  if (!series.includes(timing.files)) throw new Error("the RSS series must include the timing tree's file count");
  const specs = goalSpecs(config);
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-bench-compile-')));
  const goals = [];
  try {
    // 1. time: alternating pairs on one tree.
    const t = makeTree(join(work, 'timing'), timing.files, Math.floor(timing.bytes / timing.files));
    const out = join(work, 'timing-out');
    const copy = join(work, 'timing-copy');
    const stats = await measurePairs({
      pairs: config.pairs,
      a: () => {
        rmSync(copy, { recursive: true, force: true });
        return copyAndHash(t, copy, env);
      },
      b: () => {
        rmSync(out, { recursive: true, force: true });
        const r = timeCommand(CLI, compileArgs(t, out), { env, what: 'mvmforge compile' });
        checkCompiled(r.stdout, timing.files);
        return r.ms;
      },
    });
    rmSync(copy, { recursive: true, force: true });
    for (const line of pairLines(`compile ${label}`, { a: 'cp -r + sha256sum', b: 'mvmforge compile (CLI)' }, stats)) console.log(line);
    goals.push(goalFrom(specs[0], stats.ratio.median));

    // 2. peak RSS: the same count at 1 KiB per file and at the timing tree's size, then the series.
    const rssOf = (tree) => {
      const o = join(work, 'rss-out');
      const runs = [];
      for (let i = 0; i < 3; i++) {
        rmSync(o, { recursive: true, force: true });
        runs.push(peakRssKiB(CLI, compileArgs(tree, o), { env, what: 'mvmforge compile' }));
      }
      rmSync(o, { recursive: true, force: true });
      return median(runs);
    };
    const bigBytes = rssOf(t);
    rmSync(t.dir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
    const points = [];
    for (const n of series) {
      const tree = makeTree(join(work, `rss-${n}`), n, SMALL);
      points.push({ files: n, kib: rssOf(tree) });
      rmSync(tree.dir, { recursive: true, force: true });
    }
    const base = points[0];
    console.log('compile peak RSS (GNU time maxRSS of the CLI process, median of 3):');
    for (const p of points) {
      const per =
        p === base ? '' : `   ${((p.kib - base.kib) / (p.files - base.files)).toFixed(2)} KiB/file above the ${base.files}-file base`;
      console.log(`  ${String(p.files).padStart(6)} files × 1 KiB   ${fmtMiB(p.kib).padStart(10)}${per}`);
    }
    const sameCount = points.find((p) => p.files === timing.files);
    const perFile = (points.at(-1).kib - base.kib) / (points.at(-1).files - base.files);
    goals.push(goalFrom(specs[1], perFile));
    console.log(
      `  ${String(timing.files).padStart(6)} files × ${bigPerFileKiB} KiB  ${fmtMiB(bigBytes).padStart(10)}   ${(bigBytes / sameCount.kib).toFixed(2)}× the 1 KiB-per-file run`,
    );
    goals.push(goalFrom(specs[2], bigBytes / sameCount.kib));
    return goals;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await standalone(import.meta.url, run);
