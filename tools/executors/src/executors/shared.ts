/**
 * What every executor needs: absolute paths computed from the workspace root (options stay
 * workspace-relative so task hashes are machine-independent), and error reporting as
 * `E_CODE at path: detail` lines without a stack trace.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { CodedError } from '@mvmforge/ir/dist/diagnostic';
import { errorMessage } from '@mvmforge/ir/dist/error-message';
import { formatDiagnosticReport } from '@mvmforge/ir/dist/format';

/** The project's root folder, absolute. */
export function projectRootOf(context: ExecutorContext): string {
  const name = context.projectName;
  const project = name ? context.projectsConfigurations?.projects?.[name] : undefined;
  if (!project) throw new Error(`the executor needs a project (got ${String(name)})`);
  return resolve(context.root, project.root);
}

/**
 * Resolve a workspace-relative option (a `{workspaceRoot}/` prefix is accepted too) to an absolute
 * path that must stay inside the workspace.
 */
export function workspacePath(context: ExecutorContext, option: string, optionName: string): string {
  const stripped = option.replace(/^\{workspaceRoot\}\/?/, '');
  const abs = resolve(context.root, stripped);
  const rel = relative(context.root, abs);
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) {
    throw new Error(`option ${optionName} (${option}) must stay inside the workspace`);
  }
  return abs;
}

/** Print an executor failure the way the CLI does; a stack only with MVMFORGE_DEBUG=1. */
export function reportFailure(err: unknown): void {
  if (err instanceof CodedError) {
    process.stderr.write(formatDiagnosticReport(err.diagnostics));
  } else {
    process.stderr.write(`mvmforge: ${errorMessage(err)}\n`);
  }
  if (process.env.MVMFORGE_DEBUG === '1' && err instanceof Error && err.stack) {
    process.stderr.write(`${err.stack}\n`);
  }
}

/** Run an executor body, turning any thrown error into a printed failure. */
export async function runReported(body: () => Promise<void>): Promise<{ success: boolean }> {
  try {
    await body();
    return { success: true };
  } catch (err) {
    reportFailure(err);
    return { success: false };
  }
}
