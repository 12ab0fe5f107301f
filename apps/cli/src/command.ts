import type { Command } from 'commander';
import type { VerbResult } from './exit';

/**
 * One verb of the CLI, in its own module under ./commands: `configure` declares its arguments and
 * options on the commander command; `run` does the work and says how it ended (exit.ts). Failures
 * are thrown: a CodedError (exit 1) or a UsageError (exit 2); main.ts prints and maps them.
 */
export interface CommandModule {
  configure(cmd: Command): void;
  run(...args: unknown[]): VerbResult | Promise<VerbResult>;
}
