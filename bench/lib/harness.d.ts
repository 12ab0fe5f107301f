// Types of harness.js (CommonJS, shared by the .mjs benches and bench/test/harness.test.ts).
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}
export interface PairStep {
  /** Position among the measured pairs; negative for warm-up pairs. */
  index: number;
  warmup: boolean;
  order: ['a', 'b'] | ['b', 'a'];
}
export interface Timed {
  ms: number;
  [key: string]: unknown;
}
export interface PairResults {
  a: number[];
  b: number[];
  ratios: number[];
  extra: { a: Timed[]; b: Timed[] };
}
export interface PairStats {
  a: Summary;
  b: Summary;
  ratio: Summary;
  raw: PairResults;
}
export interface Goal {
  name: string;
  value: number | undefined;
  limit: number;
  unit: string;
  error?: string;
  [key: string]: unknown;
}
export function median(xs: readonly number[]): number;
export function summarize(xs: readonly number[]): Summary;
export function pairSchedule(pairs: number, warmup?: number, swap?: boolean): PairStep[];
export function measurePairs(opts: {
  a: (step: PairStep) => number | Timed | Promise<number | Timed>;
  b: (step: PairStep) => number | Timed | Promise<number | Timed>;
  pairs: number;
  warmup?: number;
  swap?: boolean;
  onPair?: (index: number, got: { a: Timed; b: Timed }) => void;
}): Promise<PairStats>;
export function pairStats(results: PairResults): PairStats;
export function fmtMs(ms: number): string;
export function fmtRatio(x: number): string;
export function fmtSummary(s: Summary, fmt?: (x: number) => string): string;
export function pairLines(title: string, labels: { a: string; b: string }, stats: PairStats): string[];
export function goal(name: string, value: number, limit: number, unit?: string, extra?: Record<string, unknown>): Goal;
export interface GoalSpec {
  name: string;
  limit: number;
  unit?: string;
}
export function goalFrom(spec: GoalSpec, value: number, extra?: Record<string, unknown>): Goal;
export function failedGoal(name: string, limit: number, unit: string, error: unknown): Goal;
export function notMeasured(specs: readonly GoalSpec[] | undefined, benchName: string, error: unknown): Goal[];
export function isMet(g: Goal): boolean;
export function goalText(g: Goal): string;
export function summaryLine(goals: readonly Goal[]): string;
export function timeCommand(
  cmd: string,
  args: readonly string[],
  opts?: { cwd?: string; env?: NodeJS.ProcessEnv; what?: string; allowFailure?: boolean },
): { ms: number; stdout: string; stderr: string; status: number | null };
export function peakRssKiB(cmd: string, args: readonly string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv; what?: string }): number;
export function realPython(env?: NodeJS.ProcessEnv): string;
export function cleanEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export function benchConfig(env?: NodeJS.ProcessEnv): { quick: boolean; pairs: number; fastPairs: number };
/** argv for `node` that only runs `command args` and exits with its status (a Node front end's floor). */
export function launcherArgs(command: string, args: readonly string[]): string[];
/** `env` without NODE_EXTRA_CA_CERTS: the environment a Node floor runs in (see harness.js). */
export function floorEnv<E extends Record<string, string | undefined>>(env: E): E;
