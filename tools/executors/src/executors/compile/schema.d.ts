export interface CompileExecutorOptions {
  /** Workspace-relative path of the IR written by emit. */
  ir: string;
  /** Workspace-relative artifact directory to (re)create. */
  out: string;
}
