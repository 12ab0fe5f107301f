import * as emit from '@mvmforge/emit';
import * as codegen from '@mvmforge/codegen';

/**
 * The two pipeline steps `up` borrows from other packages: load an entry/manifest, compile it.
 * Looked up by name at call time because both packages were being written alongside this one;
 * a missing export is reported as an internal error naming it rather than breaking the build.
 */
export interface LoadedWorkload {
  workload: unknown;
  manifestDir: string;
}

export interface CompileResult {
  out: string;
  workload_id?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

type LoadFn = (arg: string) => LoadedWorkload | Promise<LoadedWorkload>;
type CompileFn = (input: {
  workload: unknown;
  manifestDir: string;
  out: string;
  env?: Env;
}) => CompileResult | Promise<CompileResult>;

function exported<T>(mod: unknown, pkg: string, name: string): T {
  const fn = (mod as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`${pkg} does not export ${name} (is it built?)`);
  return fn as T;
}

export async function loadWorkloadSource(arg: string): Promise<LoadedWorkload> {
  return exported<LoadFn>(emit, '@mvmforge/emit', 'loadWorkloadSource')(arg);
}

export async function compileWorkload(input: {
  workload: unknown;
  manifestDir: string;
  out: string;
  env?: Env;
}): Promise<CompileResult> {
  return exported<CompileFn>(codegen, '@mvmforge/codegen', 'compileWorkload')(input);
}
