/**
 * The cargo route (MVMFORGE_MVM_REPO) builds mvmctl exactly once per `up`: `cargo build
 * --message-format=json-render-diagnostics` reports the executable it produced, and both the CLI
 * detection and the real run then use that file directly. (`cargo run` for each would re-enter
 * cargo three times.) Running the built file instead of `cargo run` changes nothing mvmctl can
 * see: it finds its checkout from the compile-time `CARGO_MANIFEST_DIR`
 * (crates/mvm-build/src/pipeline/dev_build.rs@c022a741bad35ed72dd0bb0c67e2b98c43fff780 l.48, l.579).
 */
import { CodedError, diagnostic } from '@mvmforge/ir';
import { runCaptured } from '@mvmforge/process';
import type { ResolvedMvmctl } from './resolve-mvmctl';

type Env = Readonly<Record<string, string | undefined>>;

/** The argv given to cargo, after its own path. */
export function cargoBuildArgs(manifestPath: string): string[] {
  return ['build', '--quiet', '--manifest-path', manifestPath, '--bin', 'mvmctl', '--message-format=json-render-diagnostics'];
}

/** The last `compiler-artifact` message for the mvmctl binary names its executable. */
export function executableFromCargoMessages(stdout: string): string | undefined {
  let found: string | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let message: { reason?: unknown; target?: { name?: unknown; kind?: unknown }; executable?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    const kinds = Array.isArray(message.target?.kind) ? message.target?.kind : [];
    if (
      message.reason === 'compiler-artifact' &&
      message.target?.name === 'mvmctl' &&
      (kinds as unknown[]).includes('bin') &&
      typeof message.executable === 'string'
    ) {
      found = message.executable;
    }
  }
  return found;
}

/**
 * Turns a resolved mvmctl into an executable to run: options 1 and 3 as they are; option 2 built
 * with cargo (its progress and errors go to our stderr). Throws E_MVMCTL_BUILD_FAILED.
 */
export async function materializeMvmctl(mvmctl: ResolvedMvmctl, env: Env): Promise<{ command: string; prefixArgs: string[] }> {
  if (mvmctl.source !== 'MVMFORGE_MVM_REPO') return { command: mvmctl.command, prefixArgs: [...mvmctl.prefixArgs] };
  const manifest = mvmctl.prefixArgs[mvmctl.prefixArgs.indexOf('--manifest-path') + 1];
  const args = cargoBuildArgs(manifest);
  const r = await runCaptured(mvmctl.command, args, { env: env as NodeJS.ProcessEnv, stderr: 'inherit' });
  const what = `${mvmctl.command} ${args.join(' ')}`;
  if (r.kind === 'spawn-error') {
    throw new CodedError(diagnostic('E_MVMCTL_BUILD_FAILED', '', `could not run ${what}: ${r.error.message}`));
  }
  if (r.kind !== 'exit' || r.status !== 0) {
    const how = r.kind === 'exit' ? (r.signal ? `was killed by ${r.signal}` : `exited with status ${r.status}`) : 'timed out';
    throw new CodedError(diagnostic('E_MVMCTL_BUILD_FAILED', '', `${what} ${how}`));
  }
  const executable = executableFromCargoMessages(r.stdout);
  if (executable === undefined) {
    throw new CodedError(diagnostic('E_MVMCTL_BUILD_FAILED', '', `${what} succeeded but reported no mvmctl executable`));
  }
  return { command: executable, prefixArgs: [] };
}
