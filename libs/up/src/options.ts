import { compareCodePoints } from '@mvmforge/ir';
import { UpUsageError } from './errors';

/** The typed `mvmctl up` flags of artifact-v1 §11.4, as the Nx `up` executor offers them. */
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

/** UTF-8 byte order: the one helper of @mvmforge/ir. */
const byteOrder = compareCodePoints;

function nonEmpty(flag: string, value: string): string {
  if (value === '') throw new UpUsageError(`up option ${flag} must not be empty`);
  return value;
}

/**
 * Maps typed options to mvmctl flags, always in the same order (hypervisor, name, cpus, memory,
 * ports, env in key byte order, detach, watch) so the argv — and anything derived from it — does
 * not depend on how the options object was written.
 */
export function upOptionsToArgs(options: UpOptions): string[] {
  const args: string[] = [];
  if (options.hypervisor != null) args.push('--hypervisor', nonEmpty('hypervisor', options.hypervisor));
  if (options.name != null) args.push('--name', nonEmpty('name', options.name));
  if (options.cpus != null) {
    if (!Number.isSafeInteger(options.cpus) || options.cpus < 1) {
      throw new UpUsageError(`up option cpus must be a positive integer, got ${String(options.cpus)}`);
    }
    args.push('--cpus', String(options.cpus));
  }
  if (options.memory != null) args.push('--memory', nonEmpty('memory', options.memory));
  for (const port of options.ports ?? []) args.push('-p', nonEmpty('ports', port));
  const env = options.env ?? {};
  for (const key of Object.keys(env).sort(byteOrder)) {
    if (key === '' || key.includes('=')) {
      throw new UpUsageError(`up option env: ${JSON.stringify(key)} is not a valid variable name`);
    }
    args.push('-e', `${key}=${env[key]}`);
  }
  if (options.detach === true) args.push('--detach');
  if (options.watch === true) args.push('--watch');
  return args;
}
