import type { Command } from 'commander';

// Placeholder: the `up` command is registered here once implemented.
export function registerUp(_program: Command): void {}
