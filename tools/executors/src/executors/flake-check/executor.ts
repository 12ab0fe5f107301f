/** `flake-check`: evaluate the artifact with real Nix through @mvmforge/nix-check. */
import type { ExecutorContext } from '@nx/devkit';
import { checkArtifact } from '@mvmforge/nix-check';
import { runReported, workspacePath } from '../shared';
import type { FlakeCheckExecutorOptions } from './schema';

export default async function flakeCheckExecutor(
  options: FlakeCheckExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runReported(async () => {
    const artifact = workspacePath(context, options.artifact, 'artifact');
    const result = await checkArtifact(artifact, options.system ? { system: options.system } : {});
    process.stdout.write(`mvmforge: flake check passed (${result.name})\n`);
  });
}
