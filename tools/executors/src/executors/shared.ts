/**
 * What every executor needs: absolute paths computed from the workspace root (options stay
 * workspace-relative so task hashes are machine-independent), and error reporting as
 * `E_CODE at path: detail` lines without a stack trace.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';

export interface DiagnosticLike {
  code: string;
  path: string;
  detail: string;
}

/** The project's root folder, absolute. */
export function projectRootOf(context: ExecutorContext): string {
  const name = context.projectName;
  const project = name ? context.projectsConfigurations?.projects?.[name] : undefined;
  if (!project) throw new Error(`mvmforge: the executor needs a project (got ${String(name)})`);
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
    throw new Error(`mvmforge: option ${optionName} (${option}) must stay inside the workspace`);
  }
  return abs;
}

function diagnosticsOf(err: unknown): DiagnosticLike[] | undefined {
  // Duck-typed: the CodedError class may come from another copy of @mvmforge/ir (src vs dist).
  const list = (err as { diagnostics?: unknown } | null)?.diagnostics;
  if (!Array.isArray(list)) return undefined;
  return list.filter((d): d is DiagnosticLike => d !== null && typeof d === 'object' && typeof d.code === 'string');
}

export function formatDiagnosticLine(d: DiagnosticLike): string {
  return d.path ? `${d.code} at ${d.path}: ${d.detail}` : `${d.code}: ${d.detail}`;
}

export function printDiagnostics(list: readonly DiagnosticLike[]): void {
  for (const d of list) process.stderr.write(`${formatDiagnosticLine(d)}\n`);
}

/** Print an executor failure the way the CLI does; a stack only with MVMFORGE_DEBUG=1. */
export function reportFailure(err: unknown): void {
  const diagnostics = diagnosticsOf(err);
  if (diagnostics && diagnostics.length > 0) {
    printDiagnostics(diagnostics);
  } else {
    process.stderr.write(`mvmforge: ${err instanceof Error ? err.message : String(err)}\n`);
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
