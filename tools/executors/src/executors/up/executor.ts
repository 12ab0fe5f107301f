/**
 * `up`: a continuous target. Boots the artifact through @mvmforge/up (mvmctl resolution, signal
 * forwarding, exit status), yields `{ success: true }` as soon as mvmctl is running so dependent
 * continuous work can start, stays alive while mvmctl runs, and finishes with its result.
 *
 * argv after `up --flake <dir>`: the option flags, then the MVMFORGE_UP_ARGS words, then `args`.
 * The splitting of MVMFORGE_UP_ARGS is done here (with the library's splitter) so the option flags
 * can come first; the variable is then removed from the child's environment so runUp does not
 * add the words a second time.
 */
import type { ExecutorContext } from '@nx/devkit';
import { runUp, splitUpArgs, upOptionsToArgs } from '@mvmforge/up';
import { reportFailure, workspacePath } from '../shared';
import type { UpExecutorOptions } from './schema';

export type UpResult = { success: boolean };

/** The mvmctl words after `up --flake <dir>`, in the documented order. */
export function upExtraArgs(options: UpExecutorOptions, env: NodeJS.ProcessEnv): string[] {
  const { hypervisor, name, cpus, memory, ports, env: vmEnv, detach, watch } = options;
  const flags = upOptionsToArgs({ hypervisor, name, cpus, memory, ports, env: vmEnv, detach, watch });
  const words = splitUpArgs(env.MVMFORGE_UP_ARGS ?? '');
  return [...flags, ...words, ...(options.args ?? [])];
}

export default async function* upExecutor(options: UpExecutorOptions, context: ExecutorContext): AsyncGenerator<UpResult, UpResult> {
  let exit: Promise<number>;
  let spawned: Promise<void>;
  try {
    const artifactDir = workspacePath(context, options.artifact, 'artifact');
    const extraArgs = upExtraArgs(options, process.env);
    const env = { ...process.env };
    delete env.MVMFORGE_UP_ARGS;
    let markSpawned!: () => void;
    spawned = new Promise<void>((resolve) => (markSpawned = resolve));
    exit = runUp({ artifactDir, extraArgs, env, onSpawn: () => markSpawned() });
  } catch (err) {
    reportFailure(err);
    const failed = { success: false };
    yield failed;
    return failed;
  }

  // Whichever comes first: mvmctl started (report readiness) or runUp settled (it failed to start).
  const first = await Promise.race([spawned.then(() => 'spawned' as const), exit.then(() => 'settled' as const, () => 'settled' as const)]);
  if (first === 'spawned') yield { success: true };

  let result: UpResult;
  try {
    const code = await exit;
    if (code !== 0) process.stderr.write(`mvmforge: mvmctl exited with status ${code}\n`);
    result = { success: code === 0 };
  } catch (err) {
    reportFailure(err);
    result = { success: false };
  }
  yield result;
  return result;
}
