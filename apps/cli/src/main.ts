import type { Command } from 'commander';
import { isCodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { TOOLCHAIN_VERSION } from '@mvmforge/ir/dist/version';
import type { CommandModule } from './command';
import { EXIT_STATUS, UsageError, exitStatusOf } from './exit';
import { printDiagnostics } from './io';

/**
 * The `mvmforge` program. Start-up cost is paid on every Nx task, so it loads only what the verb it
 * runs needs: `--version` loads nothing but this file, each verb's module (and, through it, zod and
 * the libraries) is required only when that verb runs; help without a verb loads every module.
 * The deep `@mvmforge/ir/dist/…` imports above avoid the package index, which loads zod.
 */

interface VerbEntry {
  name: string;
  load: () => CommandModule;
}

const VERBS: readonly VerbEntry[] = [
  // Help order is the pipeline's order.
  { name: 'emit', load: () => require('./commands/emit') as CommandModule },
  { name: 'validate', load: () => require('./commands/validate') as CommandModule },
  { name: 'hash', load: () => require('./commands/hash') as CommandModule },
  { name: 'canonicalize', load: () => require('./commands/canonicalize') as CommandModule },
  { name: 'compile', load: () => require('./commands/compile') as CommandModule },
  { name: 'check', load: () => require('./commands/check') as CommandModule },
  { name: 'up', load: () => require('./commands/up') as CommandModule },
  { name: 'explain', load: () => require('./commands/explain') as CommandModule },
];

export const VERB_NAMES: readonly string[] = VERBS.map((v) => v.name);

/** The verbs whose modules a command line needs: the one it names, or all of them (for help). */
function verbsFor(argv: readonly string[]): readonly VerbEntry[] {
  const named = (name: string | undefined) => VERBS.find((v) => v.name === name);
  const first = named(argv[0]);
  if (first) return [first];
  const helped = argv[0] === 'help' ? named(argv[1]) : undefined;
  return helped ? [helped] : VERBS;
}

/** Builds the program with the given verbs; `settle` receives the verb's exit status. */
export function buildProgram(verbs: readonly VerbEntry[] = VERBS, settle: (status: number) => void = () => undefined): Command {
  const { Command: CommandClass } = require('commander') as typeof import('commander');
  const program = new CommandClass('mvmforge')
    .description('Compile Python-declared microVM workloads into deterministic Nix flake artifacts for mvm.')
    .version(TOOLCHAIN_VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  for (const verb of verbs) {
    const mod = verb.load();
    const cmd = program.command(verb.name);
    mod.configure(cmd);
    cmd.action(async (...args: unknown[]) => {
      const json = (cmd.opts() as { json?: unknown }).json === true;
      settle(await runVerb(verb.name, json, () => mod.run(...args)));
    });
  }
  return program;
}

/** Runs one verb's body and maps how it ended through the exit table (exit.ts). */
async function runVerb(name: string, json: boolean, body: () => ReturnType<CommandModule['run']>): Promise<number> {
  try {
    return exitStatusOf(await body());
  } catch (err) {
    if (isCodedError(err)) {
      printDiagnostics(err.diagnostics, { json });
      return EXIT_STATUS.coded;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`mvmforge ${name}: ${err.message}\n`);
      return EXIT_STATUS.usage;
    }
    process.stderr.write(`mvmforge: internal error: ${errorMessage(err)}\n`);
    if (process.env.MVMFORGE_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT_STATUS.internal;
  }
}

/** Runs the CLI and resolves to the process exit status (the table in exit.ts). */
export async function run(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${TOOLCHAIN_VERSION}\n`);
    return EXIT_STATUS.ok;
  }
  let status: number = EXIT_STATUS.ok;
  const program = buildProgram(verbsFor(argv), (s) => {
    status = s;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (err) {
    // commander reports its own usage errors (already printed) and --help/--version (exit 0).
    const code = (err as { code?: unknown; exitCode?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('commander.'))
      return (err as { exitCode: number }).exitCode === 0 ? EXIT_STATUS.ok : EXIT_STATUS.usage;
    throw err;
  }
}
