import type { Command } from 'commander';

// Placeholder: the `compile` command is registered here once implemented.
export function registerCompile(_program: Command): void {}
