#!/usr/bin/env node
// Compile throughput: generated source trees of 1k files / 10 MB and 10k files / 100 MB, compiled
// through the built @mvmforge/codegen library in a child process (so its peak RSS is its own),
// against the baseline `cp -r` + `sha256sum` of the same tree measured in the same run. Goal:
// compile ≤ 1.5× the baseline. Memory must stay bounded (streamed copies), whatever the tree size.
// Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const codegenDist = join(root, 'libs/codegen/dist/index.js');
const irDist = join(root, 'libs/ir/dist/index.js');
if (!existsSync(codegenDist) || !existsSync(irDist)) {
  console.error('bench/compile: build first (`npm run build`)');
  process.exit(2);
}

const SIZES = [
  { name: '1k files / 10 MB', files: 1_000, bytes: 10 * 1024 * 1024 },
  { name: '10k files / 100 MB', files: 10_000, bytes: 100 * 1024 * 1024 },
];
const RUNS = 3;
const FILES_PER_DIR = 100;

/** Deterministic bytes: a xorshift stream seeded by the file index (not compressible, not random). */
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

function generate(dir, files, totalBytes) {
  const per = Math.floor(totalBytes / files);
  const list = [];
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${String(Math.floor(i / FILES_PER_DIR)).padStart(3, '0')}`);
    if (i % FILES_PER_DIR === 0) mkdirSync(sub, { recursive: true });
    const file = join(sub, `f${String(i).padStart(5, '0')}.bin`);
    writeFileSync(file, fileContent(i, per));
    list.push(file);
  }
  return list;
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr}`);
  return r;
}

/** Baseline: cp -r, then sha256sum over the file list in batches (no shell, no find). */
function baseline(src, dst, files) {
  const t0 = process.hrtime.bigint();
  must(spawnSync('cp', ['-r', src, dst]), 'cp -r');
  for (let i = 0; i < files.length; i += 500) {
    must(spawnSync('sha256sum', files.slice(i, i + 500), { maxBuffer: 64 * 1024 * 1024 }), 'sha256sum');
  }
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// The child compiles once and reports its own timing and peak RSS (maxRSS is in KiB).
const childSource = `
const { compileWorkload } = require(${JSON.stringify(codegenDist)});
const { parseWorkload } = require(${JSON.stringify(irDist)});
const fs = require('node:fs');
const [manifest, out] = process.argv.slice(1);
const parsed = parseWorkload(fs.readFileSync(manifest));
if (!parsed.ok) { console.error(JSON.stringify(parsed.errors)); process.exit(1); }
const t0 = process.hrtime.bigint();
compileWorkload({ workload: parsed.workload, manifestDir: require('node:path').dirname(manifest), out, env: {} })
  .then((r) => {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, file_count: r.file_count }));
  })
  .catch((e) => { console.error(e.message); process.exit(1); });
`;

function compileOnce(manifest, out) {
  rmSync(out, { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const r = must(spawnSync(process.execPath, ['-e', childSource, manifest, out], { encoding: 'utf8' }), 'compile');
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ...JSON.parse(r.stdout), wallMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;

const work = mkdtempSync(join(tmpdir(), 'mvmforge-bench-compile-'));
try {
  for (const size of SIZES) {
    const ws = join(work, size.files.toString());
    const tree = join(ws, 'tree');
    mkdirSync(join(ws, '.git'), { recursive: true });
    const files = generate(tree, size.files, size.bytes);
    const manifest = join(ws, 'manifest.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        schema_version: '0.1',
        id: 'bench',
        apps: [{ name: 'bench', source: { kind: 'local_path', path: 'tree' }, image: { kind: 'nix_packages', packages: [] }, entrypoints: [{ kind: 'command', command: ['true'] }], resources: { cpu_cores: 1, memory_mb: 64, rootfs_size_mb: 64 } }],
      }),
    );

    // Warm the page cache for both sides once, then alternate the measured runs.
    baseline(tree, join(ws, 'warm-copy'), files);
    rmSync(join(ws, 'warm-copy'), { recursive: true, force: true });
    compileOnce(manifest, join(ws, 'out'));

    const base = [];
    const comp = [];
    for (let i = 0; i < RUNS; i++) {
      const dst = join(ws, `copy-${i}`);
      base.push(baseline(tree, dst, files));
      rmSync(dst, { recursive: true, force: true });
      comp.push(compileOnce(manifest, join(ws, 'out')));
    }
    const fileCount = comp[0].file_count;
    if (fileCount !== size.files) throw new Error(`compile bundled ${fileCount} files, expected ${size.files}`);
    const baseMs = median(base);
    const compMs = median(comp.map((c) => c.ms));
    const wallMs = median(comp.map((c) => c.wallMs));
    const rssMiB = Math.max(...comp.map((c) => c.maxRssKiB)) / 1024;
    console.log(`${size.name}:`);
    console.log(`  cp -r + sha256sum   ${fmt(baseMs)}`);
    console.log(`  compile (library)   ${fmt(compMs)}   (child process wall time incl. node startup: ${wallMs.toFixed(0)} ms)`);
    console.log(`  ratio               ${(compMs / baseMs).toFixed(2)}x   (goal <= 1.5x)`);
    console.log(`  compile peak RSS    ${rssMiB.toFixed(1)} MiB`);
    rmSync(ws, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
