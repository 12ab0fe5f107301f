/**
 * `up`: a continuous target. Boots the artifact through @mvmforge/up (mvmctl resolution, CLI
 * detection, `--flake path:<dir>`, signal forwarding, exit status), yields `{ success: true }` as
 * soon as mvmctl is running so dependent continuous work can start, stays alive while mvmctl
 * runs, and finishes with its result.
 *
 * argv after `up|machine run --flake path:<dir>`: the typed options mapped to the flags of the
 * detected CLI, then the MVMFORGE_UP_ARGS words, then `args` (runUp places each group), so mvmctl
 * sees exactly what `mvmforge up` would give it.
 */
import type { ExecutorContext } from '@nx/devkit';
import { runUp, upOptionsToArgs, type MvmctlCli, type UpOptions } from '@mvmforge/up';
import { reportFailure, workspacePath } from '../shared';
import type { UpExecutorOptions } from './schema';

export type UpResult = { success: boolean };

/** The typed options of the target (everything but `artifact` and `args`). */
export function upOptionsOf(options: UpExecutorOptions): UpOptions {
  const { hypervisor, cpus, ports, env, detach, watch } = options;
  // Nx parses `--memory=512` / `--name=42` into numbers; mvmctl gets them exactly as typed.
  const asWritten = (v: string | number | undefined): string | undefined => (typeof v === 'number' ? String(v) : v);
  return { hypervisor, name: asWritten(options.name), cpus, memory: asWritten(options.memory), ports, env, detach, watch };
}

/** The mvmctl flags for the target's typed options under `cli` (they come before the MVMFORGE_UP_ARGS words). */
export function upOptionArgs(options: UpExecutorOptions, cli: MvmctlCli = 'up'): string[] {
  return upOptionsToArgs(upOptionsOf(options), cli);
}

export default async function* upExecutor(options: UpExecutorOptions, context: ExecutorContext): AsyncGenerator<UpResult, UpResult> {
  let exit: Promise<number>;
  let spawned: Promise<void>;
  try {
    const artifactDir = workspacePath(context, options.artifact, 'artifact');
    // Checked here against the `up` flags so a bad value fails before anything runs; runUp maps
    // the options again for the CLI it detects.
    upOptionArgs({ ...options, watch: false });
    let markSpawned!: () => void;
    spawned = new Promise<void>((resolve) => (markSpawned = resolve));
    exit = runUp({ artifactDir, upOptions: upOptionsOf(options), extraArgs: options.args ?? [], onSpawn: () => markSpawned() });
  } catch (err) {
    reportFailure(err);
    const failed = { success: false };
    yield failed;
    return failed;
  }

  // Whichever comes first: mvmctl started (report readiness) or runUp settled (it failed to start).
  const first = await Promise.race([
    spawned.then(() => 'spawned' as const),
    exit.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
  ]);
  if (first === 'spawned') yield { success: true };

  let result: UpResult;
  try {
    // runUp has already printed its one line when mvmctl failed or died.
    const code = await exit;
    result = { success: code === 0 };
  } catch (err) {
    reportFailure(err);
    result = { success: false };
  }
  yield result;
  return result;
}
