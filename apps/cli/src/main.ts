import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands';
import { EXIT_USAGE } from './io';
import { TOOLCHAIN_VERSION } from './version';

/** Builds the `mvmforge` program; each command module registers itself (see ./commands). */
export function buildProgram(): Command {
  const program = new Command('mvmforge')
    .description('Compile Python-declared microVM workloads into deterministic Nix flake artifacts for mvm.')
    .version(TOOLCHAIN_VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit status (0 ok, 1 coded error, 2 usage). */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    throw err;
  }
}
