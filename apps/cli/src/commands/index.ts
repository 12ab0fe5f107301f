import type { Command } from 'commander';

/** A command module adds one subcommand to the program. */
export type RegisterCommand = (program: Command) => void;

// Each command lives in its own module; list them here in help order.
export const COMMANDS: RegisterCommand[] = [];
