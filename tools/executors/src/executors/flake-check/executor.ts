/** `flake-check`: evaluate the artifact with real Nix through @mvmforge/nix-check. */
import type { ExecutorContext } from '@nx/devkit';
import { nixCheckLibrary } from '../../libraries';
import { runReported, workspacePath } from '../shared';
import type { FlakeCheckExecutorOptions } from './schema';

export default async function flakeCheckExecutor(
  options: FlakeCheckExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runReported(async () => {
    const artifact = workspacePath(context, options.artifact, 'artifact');
    const result = await nixCheckLibrary().checkArtifact(artifact, options.system ? { system: options.system } : {});
    const name = (result as { name?: unknown } | null)?.name;
    process.stdout.write(`mvmforge: flake check passed${typeof name === 'string' ? ` (${name})` : ''}\n`);
  });
}
