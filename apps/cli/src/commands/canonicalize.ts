import type { Command } from 'commander';

// Placeholder: the `canonicalize` command is registered here once implemented.
export function registerCanonicalize(_program: Command): void {}
