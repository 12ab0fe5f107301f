import type { Command } from 'commander';

// Placeholder: the `validate` command is registered here once implemented.
export function registerValidate(_program: Command): void {}
