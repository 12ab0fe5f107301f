export interface UpExecutorOptions {
  /** Workspace-relative artifact directory written by compile. */
  artifact: string;
  hypervisor?: string;
  /** A number comes from the command line (`--name=42`); it is passed as written. */
  name?: string | number;
  cpus?: number;
  /** `512M`, `4G`, or a bare number (`--memory=512`: Nx parses it as one), passed as written. */
  memory?: string | number;
  ports?: string[];
  env?: Record<string, string>;
  detach?: boolean;
  watch?: boolean;
  /** Extra mvmctl arguments, appended after the MVMFORGE_UP_ARGS words. */
  args?: string[];
}
