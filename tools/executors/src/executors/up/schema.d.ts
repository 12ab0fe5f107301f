export interface UpExecutorOptions {
  /** Workspace-relative artifact directory written by compile. */
  artifact: string;
  hypervisor?: string;
  name?: string;
  cpus?: number;
  memory?: string;
  ports?: string[];
  env?: Record<string, string>;
  detach?: boolean;
  watch?: boolean;
  /** Extra mvmctl arguments, appended after the MVMFORGE_UP_ARGS words. */
  args?: string[];
}
