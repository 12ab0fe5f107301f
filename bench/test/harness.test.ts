// The bench harness's own parts (bench/lib/harness.js): a broken pairing, median or summary line
// would make every `npm run bench` number wrong without anything failing, so they are tested
// here, in `npm test`. The benches themselves stay out of it.
import { chmodSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  benchConfig,
  cleanEnv,
  goal,
  goalFrom,
  failedGoal,
  floorEnv,
  notMeasured,
  goalText,
  isMet,
  launcherArgs,
  measurePairs,
  median,
  pairSchedule,
  realPython,
  summarize,
  summaryLine,
  timeCommand,
  type PairStep,
} from '../lib/harness';

describe('median and summarize', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it('refuses an empty list instead of returning NaN', () => {
    expect(() => median([])).toThrow(/no values/);
  });

  it('summarizes median, min, max and count', () => {
    expect(summarize([10, 30, 20, 50, 40])).toEqual({ median: 30, min: 10, max: 50, n: 5 });
  });
});

describe('pairSchedule', () => {
  it('puts the warm-up pair first, then alternates which side starts each pair', () => {
    const s = pairSchedule(5, 1);
    expect(s).toHaveLength(6);
    expect(s.map((p) => p.warmup)).toEqual([true, false, false, false, false, false]);
    expect(s.map((p) => p.index)).toEqual([-1, 0, 1, 2, 3, 4]);
    expect(s.map((p) => p.order.join(''))).toEqual(['ab', 'ba', 'ab', 'ba', 'ab', 'ba']);
  });

  it('keeps A first in every pair when swapping is off (a warm run after its cold run)', () => {
    expect(pairSchedule(3, 1, false).map((p) => p.order.join(''))).toEqual(['ab', 'ab', 'ab', 'ab']);
  });

  it('rejects a pair count that is not a positive integer', () => {
    expect(() => pairSchedule(0)).toThrow(/positive integer/);
    expect(() => pairSchedule(2.5)).toThrow(/positive integer/);
  });
});

describe('measurePairs', () => {
  it('runs A and B alternately, discards the warm-up pair and takes each ratio within one pair', async () => {
    const calls: string[] = [];
    // Every pair runs at a different "machine load" (its own base), B always costs 3× A within
    // the pair; the warm-up pair is wildly off and must not show up anywhere.
    const base = (step: PairStep) => (step.warmup ? 1000 : 10 * (step.index + 1));
    const stats = await measurePairs({
      pairs: 5,
      a: (step) => {
        calls.push(`a${step.index}`);
        return base(step) * (step.warmup ? 50 : 1);
      },
      b: (step) => {
        calls.push(`b${step.index}`);
        return { ms: 3 * base(step) };
      },
    });
    expect(calls).toEqual(['a-1', 'b-1', 'b0', 'a0', 'a1', 'b1', 'b2', 'a2', 'a3', 'b3', 'b4', 'a4']);
    expect(stats.raw.a).toEqual([10, 20, 30, 40, 50]);
    expect(stats.raw.b).toEqual([30, 60, 90, 120, 150]);
    expect(stats.ratio).toEqual({ median: 3, min: 3, max: 3, n: 5 });
    expect(stats.a).toEqual({ median: 30, min: 10, max: 50, n: 5 });
  });

  it('fails when a side fails, rather than reporting a partial measurement', async () => {
    await expect(
      measurePairs({
        pairs: 5,
        a: () => 1,
        b: (step) => {
          if (step.index === 2) throw new Error('side B broke');
          return 1;
        },
      }),
    ).rejects.toThrow('side B broke');
  });
});

describe('goals and the summary line', () => {
  it('counts a goal as met only when its value is at or under the limit', () => {
    expect(isMet(goal('x', 1.2, 1.2))).toBe(true);
    expect(isMet(goal('x', 1.21, 1.2))).toBe(false);
    expect(isMet(goal('x', Number.NaN, 1.2))).toBe(false);
    expect(isMet(failedGoal('x', 1.2, '×', 'boom'))).toBe(false);
  });

  it('says by how much a goal falls short', () => {
    expect(goalText(goal('emit', 2.5, 2))).toBe('emit 2.50× (≤ 2.00×) over by 0.50× (25%)');
    expect(goalText(goal('warm', 2.87, 3, '%'))).toBe('warm 2.87% (≤ 3.00%) ok');
    expect(goalText(goal('reads', 2, 1, 'reads'))).toBe('reads 2 reads (≤ 1 reads) over by 1 reads (100%)');
    expect(goalText(failedGoal('check', 1.3, '×', 'nix not found'))).toBe('check not measured (≤ 1.30×): nix not found');
  });

  it("names a goal's Node floor after its verdict", () => {
    expect(goalText(goal('check', 4.4, 1.3, '×', { floor: 3.47 }))).toBe('check 4.40× (≤ 1.30×) over by 3.10× (238%), Node floor 3.47×');
    expect(goalText(goal('v', 1.1, 1.5, '×', { floor: 1 }))).toBe('v 1.10× (≤ 1.50×) ok, Node floor 1.00×');
  });

  it('builds a goal from its spec', () => {
    expect(goalText(goalFrom({ name: 'rss', limit: 1, unit: 'KiB/file' }, 0.25))).toBe('rss 0.25 KiB/file (≤ 1 KiB/file) ok');
    expect(goalFrom({ name: 'v', limit: 1.5 }, 2).unit).toBe('×');
  });

  it('keeps every goal of a broken bench in the count, as not measured', () => {
    const specs = [
      { name: 'check small', limit: 1.3 },
      { name: 'check big', limit: 1.3 },
    ];
    const goals = notMeasured(specs, 'check', new Error('nix: not found\nstack…'));
    expect(goals.map(goalText)).toEqual([
      'check small not measured (≤ 1.30×): nix: not found',
      'check big not measured (≤ 1.30×): nix: not found',
    ]);
    expect(summaryLine([goal('a', 1, 2), ...goals])).toMatch(/^bench: 1\/3 goals met — /);
    // A bench that could not list its goals still counts as one.
    expect(notMeasured(undefined, 'nx-graph', 'boom').map(goalText)).toEqual(['nx-graph not measured: boom']);
  });

  it('ends with K/N goals met and lists every goal', () => {
    const line = summaryLine([goal('a', 1.1, 1.3), goal('b', 2, 1.5), failedGoal('c', 1.3, '×', 'broke')]);
    expect(line).toBe(
      'bench: 1/3 goals met — a 1.10× (≤ 1.30×) ok; b 2.00× (≤ 1.50×) over by 0.50× (33%); c not measured (≤ 1.30×): broke',
    );
  });
});

describe('benchConfig and cleanEnv', () => {
  it('selects quick sizes and never fewer than 5 pairs', () => {
    expect(benchConfig({ MVMFORGE_BENCH_QUICK: '1' })).toEqual({ quick: true, pairs: 5, fastPairs: 5 });
    expect(benchConfig({})).toEqual({ quick: false, pairs: 5, fastPairs: 15 });
    expect(benchConfig({ MVMFORGE_BENCH_PAIRS: '2' })).toMatchObject({ pairs: 5, fastPairs: 5 });
    expect(benchConfig({ MVMFORGE_BENCH_PAIRS: '9' })).toMatchObject({ pairs: 9, fastPairs: 9 });
  });

  it("drops the caller's NX_ and MVMFORGE_ settings and turns the Nx daemon off", () => {
    const saved = { ...process.env };
    try {
      process.env.NX_DAEMON = 'true';
      process.env.MVMFORGE_PYTHON = '/nowhere/python';
      const env = cleanEnv({ MVMFORGE_PYTHON: '/real/python' });
      expect(env.NX_DAEMON).toBe('false');
      expect(env.MVMFORGE_PYTHON).toBe('/real/python');
      expect(cleanEnv().MVMFORGE_PYTHON).toBeUndefined();
    } finally {
      process.env = saved;
    }
  });

  it('floorEnv drops only NODE_EXTRA_CA_CERTS, and leaves its argument alone', () => {
    const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ca.pem', MVMFORGE_PYTHON: '/py' };
    expect(floorEnv(env)).toEqual({ PATH: '/bin', MVMFORGE_PYTHON: '/py' });
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/ca.pem');
  });
});

describe('process helpers', () => {
  let dir: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'mvmforge-bench-harness-test-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a command's whole output from a file, however large (a pipe truncated Nx's)", () => {
    const r = timeCommand(process.execPath, ['-e', "process.stdout.write('x'.repeat(3 * 1024 * 1024)); process.stdout.write('END')"]);
    expect(r.stdout).toHaveLength(3 * 1024 * 1024 + 3);
    expect(r.stdout.endsWith('END')).toBe(true);
    expect(r.ms).toBeGreaterThan(0);
  });

  it('throws with the output tail when the command fails', () => {
    expect(() => timeCommand(process.execPath, ['-e', "console.error('it broke'); process.exit(3)"], { what: 'probe' })).toThrow(
      /probe failed: exit 3\nit broke/,
    );
  });

  it('launches the floor command with its arguments and passes its exit status on', () => {
    // Arguments with quotes and spaces reach the child unchanged (no shell, JSON-quoted source).
    const ok = timeCommand(process.execPath, launcherArgs(process.execPath, ['-e', 'console.log(process.argv[1])', `it's "x" y`]));
    expect(ok.stdout).toBe(`it's "x" y\n`);
    const r = timeCommand(process.execPath, launcherArgs(process.execPath, ['-e', 'process.exit(7)']), { allowFailure: true });
    expect(r.status).toBe(7);
  });

  it('resolves a shim to the real interpreter behind it', () => {
    // A shim like pyenv's: a shell script that execs the interpreter.
    const shim = join(dir, 'python3');
    writeFileSync(shim, '#!/bin/sh\nexec python3 "$@"\n');
    chmodSync(shim, 0o755);
    const real = realPython({ ...process.env, MVMFORGE_PYTHON: shim });
    expect(real).not.toBe(shim);
    expect(timeCommand(real, ['-c', 'import sys; print(sys.executable)']).stdout.trim()).toBe(real);
  });
});
