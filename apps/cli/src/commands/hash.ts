import type { Command } from 'commander';

// Placeholder: the `hash` command is registered here once implemented.
export function registerHash(_program: Command): void {}
