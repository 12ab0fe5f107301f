import type { Command } from 'commander';

// Placeholder: the `explain` command is registered here once implemented.
export function registerExplain(_program: Command): void {}
