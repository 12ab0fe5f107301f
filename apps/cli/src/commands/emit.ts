import type { Command } from 'commander';

// Placeholder: the `emit` command is registered here once implemented.
export function registerEmit(_program: Command): void {}
