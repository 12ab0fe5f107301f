import { compareCodePoints } from '@mvmforge/ir';
import { UpUsageError } from './errors';
import type { MvmctlCli } from './mvmctl-cli';

/** The typed `up` options of artifact-v1 §11.4, as the Nx `up` executor offers them. */
export interface UpOptions {
  hypervisor?: string | null;
  name?: string | null;
  cpus?: number | null;
  memory?: string | null;
  /** `HOST:GUEST` port mappings, each passed as `-p HOST:GUEST`. */
  ports?: readonly string[] | null;
  /** Environment variables injected into the guest, each passed as `-e KEY=VALUE`. */
  env?: Readonly<Record<string, string>> | null;
  detach?: boolean | null;
  watch?: boolean | null;
}

/**
 * The flag each option maps to, per CLI, checked against upstream's clap definitions:
 *
 * - `up`: `Commands::Up` in crates/mvm-cli/src/commands.rs@4c6362ea1732e50f77a65aa49e9ce8d005d2210f
 *   (l.243–317): `--hypervisor`, `--name`, `--cpus`, `--memory`, `-p`/`--port`, `-e`/`--env`,
 *   `-d`/`--detach`, `--watch`.
 * - `machine-run`: `MachineRunArgs` in crates/mvm-cli/src/commands/machine/mod.rs@01130c3d06ee339c3e6415545b6aaeafcd74cec2
 *   (`--name`, `-d`/`--detach`, `-p`/`--port`) with `RunArgs` flattened from
 *   crates/mvm-cli/src/commands/vm/exec.rs (the same later revision: `--cpus`, `--memory`,
 *   `-e`/`--env`, `--hypervisor`). It has no `--watch`: mvm dropped the watch loop with `up`.
 */
const SHARED_FLAGS = {
  hypervisor: '--hypervisor',
  name: '--name',
  cpus: '--cpus',
  memory: '--memory',
  port: '-p',
  env: '-e',
  detach: '--detach',
};
const FLAGS: Record<MvmctlCli, typeof SHARED_FLAGS & { watch?: string }> = {
  up: { ...SHARED_FLAGS, watch: '--watch' },
  'machine-run': SHARED_FLAGS,
};

/** UTF-8 byte order: the one helper of @mvmforge/ir. */
const byteOrder = compareCodePoints;

function nonEmpty(flag: string, value: string): string {
  if (value === '') throw new UpUsageError(`up option ${flag} must not be empty`);
  return value;
}

/**
 * Maps typed options to the flags of `cli`, always in the same order (hypervisor, name, cpus,
 * memory, ports, env in key byte order, detach, watch) so the argv — and anything derived from
 * it — does not depend on how the options object was written. An option the CLI has no flag for
 * is a usage error rather than a silently dropped wish.
 */
export function upOptionsToArgs(options: UpOptions, cli: MvmctlCli = 'up'): string[] {
  const flags = FLAGS[cli];
  const args: string[] = [];
  if (options.hypervisor != null) args.push(flags.hypervisor, nonEmpty('hypervisor', options.hypervisor));
  if (options.name != null) args.push(flags.name, nonEmpty('name', options.name));
  if (options.cpus != null) {
    if (!Number.isSafeInteger(options.cpus) || options.cpus < 1) {
      throw new UpUsageError(`up option cpus must be a positive integer, got ${String(options.cpus)}`);
    }
    args.push(flags.cpus, String(options.cpus));
  }
  if (options.memory != null) args.push(flags.memory, nonEmpty('memory', options.memory));
  for (const port of options.ports ?? []) args.push(flags.port, nonEmpty('ports', port));
  const env = options.env ?? {};
  for (const key of Object.keys(env).sort(byteOrder)) {
    if (key === '' || key.includes('=')) {
      throw new UpUsageError(`up option env: ${JSON.stringify(key)} is not a valid variable name`);
    }
    args.push(flags.env, `${key}=${env[key]}`);
  }
  if (options.detach === true) args.push(flags.detach);
  if (options.watch === true) {
    if (flags.watch === undefined) {
      throw new UpUsageError(
        'up option watch: this mvmctl speaks `machine run`, which has no --watch (mvm retired the watch loop with `up`); drop the option, or use an mvmctl with `up` (v0.13)',
      );
    }
    args.push(flags.watch);
  }
  return args;
}
