import type { Command } from 'commander';
import { registerEmit } from './emit';
import { registerValidate } from './validate';
import { registerHash } from './hash';
import { registerCanonicalize } from './canonicalize';
import { registerCompile } from './compile';
import { registerCheck } from './check';
import { registerUp } from './up';
import { registerExplain } from './explain';

/** A command module adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

// Each command lives in its own module; listed in help order (the pipeline's order).
export const COMMANDS: RegisterCommand[] = [
  registerEmit,
  registerValidate,
  registerHash,
  registerCanonicalize,
  registerCompile,
  registerCheck,
  registerUp,
  registerExplain,
];
