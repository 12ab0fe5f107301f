/**
 * Typed access to the mvmforge libraries the executors call. The libraries are built in parallel
 * with this plugin, so they are loaded when an executor runs (not when the plugin loads for graph
 * construction — inference must stay cheap and must not pull the compiler in) and each function is
 * checked to exist, giving a clear message instead of "x is not a function".
 */
export interface ParsedWorkload {
  id: string;
  [key: string]: unknown;
}
type ParseResult = { ok: true; workload: ParsedWorkload } | { ok: false; errors: { code: string; path: string; detail: string }[] };

export interface IrLibrary {
  parseWorkload(input: string | Uint8Array): ParseResult;
}
export interface EmitLibrary {
  emitWorkload(entry: string): Promise<Uint8Array | string> | Uint8Array | string;
}
export interface CompileRequest {
  workload: ParsedWorkload;
  manifestDir: string;
  baseDir?: string;
  root?: string;
  out: string;
  env?: NodeJS.ProcessEnv;
}
export interface CodegenLibrary {
  compileWorkload(req: CompileRequest): Promise<unknown> | unknown;
  sourceFingerprint(req: Omit<CompileRequest, 'out'> & { out?: string }): Promise<unknown> | unknown;
}
export interface NixCheckLibrary {
  checkArtifact(dir: string, opts: { system?: string }): Promise<unknown> | unknown;
}
export interface UpOptionFlags {
  hypervisor?: string;
  name?: string;
  cpus?: number;
  memory?: string;
  ports?: string[];
  env?: Record<string, string>;
  detach?: boolean;
  watch?: boolean;
}
export interface UpLibrary {
  runUp(req: {
    artifactDir: string;
    extraArgs: string[];
    env?: NodeJS.ProcessEnv;
    verbose?: boolean;
    onSpawn?: () => void;
  }): Promise<number>;
  upOptionsToArgs(options: UpOptionFlags): string[];
  splitUpArgs(s: string): string[];
}

function load<T>(pkg: string, names: readonly (keyof T & string)[]): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(pkg) as Record<string, unknown>;
  const missing = names.filter((n) => typeof mod[n] !== 'function');
  if (missing.length > 0) {
    throw new Error(`${pkg} does not export ${missing.join(', ')} (is the workspace built and up to date?)`);
  }
  return mod as unknown as T;
}

export const irLibrary = (): IrLibrary => load<IrLibrary>('@mvmforge/ir', ['parseWorkload']);
export const emitLibrary = (): EmitLibrary => load<EmitLibrary>('@mvmforge/emit', ['emitWorkload']);
export const codegenLibrary = (): CodegenLibrary =>
  load<CodegenLibrary>('@mvmforge/codegen', ['compileWorkload', 'sourceFingerprint']);
export const nixCheckLibrary = (): NixCheckLibrary => load<NixCheckLibrary>('@mvmforge/nix-check', ['checkArtifact']);
export const upLibrary = (): UpLibrary => load<UpLibrary>('@mvmforge/up', ['runUp', 'upOptionsToArgs', 'splitUpArgs']);
