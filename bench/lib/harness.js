// The shared bench harness: A/B pairing, statistics, goal verdicts and the summary line (pure,
// covered by bench/test/harness.test.ts), plus the process helpers every bench uses (timed child
// processes, peak RSS, the real Python interpreter). CommonJS so that jest loads it without an ESM
// loader and the .mjs benches import it unchanged; its types are in harness.d.ts.
'use strict';
const { spawnSync } = require('node:child_process');
const { closeSync, mkdtempSync, openSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// ---------------------------------------------------------------- statistics (pure)

/** The median (mean of the two middle values for an even count); throws on an empty list. */
function median(xs) {
  if (xs.length === 0) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median and range of a list of numbers. */
function summarize(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/**
 * The order of the measured runs: `pairs` A/B pairs after `warmup` discarded pairs. Sides
 * alternate run by run, and every other pair starts with B (A B, B A, …) so that whatever the
 * first run of a pair pays (page cache, CPU frequency) falls on both sides equally. `swap: false`
 * keeps A first in every pair, for a B that depends on A (a warm run needs the cold run before it).
 */
function pairSchedule(pairs, warmup = 1, swap = true) {
  if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`pairs must be a positive integer, got ${pairs}`);
  const out = [];
  for (let i = 0; i < warmup + pairs; i++) {
    const order = swap && i % 2 === 1 ? ['b', 'a'] : ['a', 'b'];
    out.push({ index: i - warmup, warmup: i < warmup, order });
  }
  return out;
}

/**
 * Runs `a` and `b` (each returns milliseconds, or an object with `ms`) in alternating pairs; the
 * warm-up pairs are run and thrown away. The ratio is B/A per pair, so each ratio compares two
 * runs made back to back under the same machine load.
 */
async function measurePairs({ a, b, pairs, warmup = 1, swap = true, onPair }) {
  const results = { a: [], b: [], ratios: [], extra: { a: [], b: [] } };
  for (const step of pairSchedule(pairs, warmup, swap)) {
    const got = {};
    for (const side of step.order) {
      const r = await (side === 'a' ? a : b)(step);
      got[side] = typeof r === 'number' ? { ms: r } : r;
    }
    if (step.warmup) continue;
    for (const side of ['a', 'b']) {
      results[side].push(got[side].ms);
      results.extra[side].push(got[side]);
    }
    results.ratios.push(got.b.ms / got.a.ms);
    if (onPair) onPair(step.index, got);
  }
  return pairStats(results);
}

/** Summaries of measured pairs: each side's median and range, and the B/A ratio's. */
function pairStats(results) {
  return {
    a: summarize(results.a),
    b: summarize(results.b),
    ratio: summarize(results.ratios),
    raw: results,
  };
}

// ---------------------------------------------------------------- formatting (pure)

function fmtMs(ms) {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

function fmtRatio(x) {
  return `${x.toFixed(x >= 10 ? 1 : 2)}×`;
}

/** `median (min–max)` of a summary, formatted by `fmt`. */
function fmtSummary(s, fmt = fmtMs) {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

/** The lines a bench prints for one A/B measurement. */
function pairLines(title, labels, stats) {
  const w = Math.max(labels.a.length, labels.b.length);
  return [
    `${title} — median (min–max) of ${stats.ratio.n} pairs, warm-up pair discarded:`,
    `  A ${labels.a.padEnd(w)}  ${fmtSummary(stats.a)}`,
    `  B ${labels.b.padEnd(w)}  ${fmtSummary(stats.b)}`,
    `  B/A per pair${' '.repeat(Math.max(0, w - 10))}  ${fmtSummary(stats.ratio, fmtRatio)}`,
  ];
}

// ---------------------------------------------------------------- goals (pure)

/**
 * A goal: `value` must be ≤ `limit` (the issue's goals are all upper bounds). `unit` is '×' for
 * ratios, '%' for percentages, or a word (e.g. 'KiB/file', 'reads'). A goal whose measurement
 * failed carries `error` instead of `value` and counts as not met.
 */
function goal(name, value, limit, unit = '×', extra = {}) {
  return { name, value, limit, unit, ...extra };
}

/** A goal from its spec (`{name, limit, unit}`, what a bench's goalSpecs() lists) and the measured value. */
function goalFrom(spec, value, extra = {}) {
  return goal(spec.name, value, spec.limit, spec.unit ?? '×', extra);
}

function failedGoal(name, limit, unit, error) {
  return { name, value: undefined, limit, unit, error: String(error) };
}

/**
 * The goals of a bench that broke: each goal it lists (its goalSpecs), or one goal named after
 * the bench when it could not even say, all not measured with the error's first line, so the
 * summary's N does not shrink when a bench breaks.
 */
function notMeasured(specs, benchName, error) {
  const why = String(error instanceof Error ? error.message : error).split('\n')[0];
  const list = specs && specs.length > 0 ? specs : [{ name: benchName, limit: Number.NaN, unit: '' }];
  return list.map((s) => failedGoal(s.name, s.limit, s.unit ?? '×', why));
}

function isMet(g) {
  return g.error === undefined && typeof g.value === 'number' && Number.isFinite(g.value) && g.value <= g.limit;
}

function fmtValue(v, unit) {
  if (unit === '×') return fmtRatio(v);
  if (unit === '%') return `${v.toFixed(2)}%`;
  const digits = Number.isInteger(v) ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${unit}`;
}

/**
 * One goal as `name value (≤ limit) ok` or `… over by X (Y%)`; a goal that carries `floor` (what a
 * Node process that only starts the baseline's command measures, same unit) says so after it.
 */
function goalText(g) {
  const limit = `≤ ${fmtValue(g.limit, g.unit)}`;
  if (g.error !== undefined) return `${g.name} not measured${Number.isFinite(g.limit) ? ` (${limit})` : ''}: ${g.error}`;
  const head = `${g.name} ${fmtValue(g.value, g.unit)} (${limit})`;
  const floor = typeof g.floor === 'number' ? `, Node floor ${fmtValue(g.floor, g.unit)}` : '';
  if (isMet(g)) return `${head} ok${floor}`;
  const over = g.value - g.limit;
  const pct = g.limit > 0 ? ` (${((100 * over) / g.limit).toFixed(0)}%)` : '';
  return `${head} over by ${fmtValue(over, g.unit)}${pct}${floor}`;
}

/** The last line of `npm run bench`: `bench: K/N goals met — goal; goal; …`. */
function summaryLine(goals) {
  const met = goals.filter(isMet).length;
  return `bench: ${met}/${goals.length} goals met — ${goals.map(goalText).join('; ')}`;
}

// ---------------------------------------------------------------- processes

/**
 * argv for `node` that only runs `command args` and exits with its status: the cheapest any
 * Node.js front end can be at a job whose baseline is that command alone. Benches whose baseline
 * is not a Node process (python, nix) measure it as a floor, so the part of a ratio that no Node
 * CLI can remove (Node's own start-up on this machine, with its environment) is printed.
 */
function launcherArgs(command, args) {
  // Run it with floorEnv(env): the fastest start a Node front end has here (what bin/mvmforge does).
  const call = `require('node:child_process').spawnSync(${JSON.stringify(command)}, ${JSON.stringify(args)}, { stdio: 'inherit' })`;
  return ['-e', `const r = ${call}; process.exitCode = r.status ?? 1;`];
}

/**
 * The environment of a Node floor: `env` without NODE_EXTRA_CA_CERTS, which Node 20 parses at
 * start-up (nodejs/node#40524) and the mvmforge launcher withholds from its own node (it opens no
 * TLS). A floor is the least any Node front end can pay, so it does not pay that either.
 */
function floorEnv(env) {
  const without = { ...env };
  delete without.NODE_EXTRA_CA_CERTS;
  return without;
}

/**
 * Runs a command without a shell and returns its wall time. Output goes to files, never a pipe
 * (a pipe's buffer limits and truncation are what broke the old nx-cache bench); it is returned
 * as text. Throws with the output's tail when the command fails.
 */
function timeCommand(cmd, args, { cwd, env, what, allowFailure = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mvmforge-bench-out-'));
  try {
    const outFd = openSync(join(dir, 'stdout'), 'w');
    const errFd = openSync(join(dir, 'stderr'), 'w');
    let r;
    const start = process.hrtime.bigint();
    try {
      r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', outFd, errFd] });
    } finally {
      closeSync(outFd);
      closeSync(errFd);
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const stdout = readFileSync(join(dir, 'stdout'), 'utf8');
    const stderr = readFileSync(join(dir, 'stderr'), 'utf8');
    if (!allowFailure && (r.error || r.status !== 0)) {
      const how = r.error ? r.error.message : `exit ${r.status}${r.signal ? ` (${r.signal})` : ''}`;
      throw new Error(`${what ?? [cmd, ...args].join(' ')} failed: ${how}\n${(stderr || stdout).slice(-2000)}`);
    }
    return { ms, stdout, stderr, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs a command under GNU time and returns the child's peak resident set size in KiB (the
 * kernel's ru_maxrss of the waited process: the command itself, not this bench process).
 */
function peakRssKiB(cmd, args, opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mvmforge-bench-rss-'));
  try {
    const report = join(dir, 'time');
    timeCommand('/usr/bin/time', ['-f', '%M', '-o', report, cmd, ...args], opts);
    const kib = Number(readFileSync(report, 'utf8').trim().split('\n').pop());
    if (!Number.isFinite(kib) || kib <= 0) throw new Error(`GNU time reported no peak RSS for ${cmd}`);
    return kib;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The real Python interpreter behind `MVMFORGE_PYTHON` or `python3`: a pyenv shim (a shell
 * script that starts bash and pyenv before Python) would otherwise be paid by one side only, or
 * hide the cost on both. Asks the interpreter itself (`sys.executable`), which sees through
 * shims of any kind.
 */
function realPython(env = process.env) {
  const configured = env.MVMFORGE_PYTHON && env.MVMFORGE_PYTHON !== '' ? env.MVMFORGE_PYTHON : 'python3';
  const r = spawnSync(configured, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', env });
  const exe = r.status === 0 ? r.stdout.trim() : '';
  if (exe === '') throw new Error(`cannot resolve the Python interpreter behind ${configured}: ${r.error?.message ?? r.stderr}`);
  return exe;
}

/** The bench environment: Nx without daemon, cloud or TUI; MVMFORGE_* and NX_* of the caller dropped. */
function cleanEnv(extra = {}) {
  const kept = Object.entries(process.env).filter(([k]) => !k.startsWith('NX_') && !k.startsWith('MVMFORGE_'));
  return { ...Object.fromEntries(kept), NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...extra };
}

/**
 * Sizes: MVMFORGE_BENCH_QUICK=1 selects the smoke-run sizes. `pairs` is for the slow benches
 * (Nx, compile, check), `fastPairs` for the sub-second ones (emit, --version), where more pairs
 * are cheap; MVMFORGE_BENCH_PAIRS overrides both. Never fewer than 5.
 */
function benchConfig(env = process.env) {
  const quick = env.MVMFORGE_BENCH_QUICK === '1';
  const override = Number.parseInt(env.MVMFORGE_BENCH_PAIRS ?? '', 10);
  const pick = (dflt) => Math.max(5, Number.isFinite(override) ? override : dflt);
  return { quick, pairs: pick(5), fastPairs: pick(quick ? 5 : 15) };
}

module.exports = {
  median,
  summarize,
  pairSchedule,
  measurePairs,
  pairStats,
  fmtMs,
  fmtRatio,
  fmtSummary,
  pairLines,
  goal,
  goalFrom,
  failedGoal,
  notMeasured,
  isMet,
  goalText,
  summaryLine,
  timeCommand,
  peakRssKiB,
  realPython,
  cleanEnv,
  benchConfig,
  launcherArgs,
  floorEnv,
};
