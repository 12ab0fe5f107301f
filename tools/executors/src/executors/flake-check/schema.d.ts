export interface FlakeCheckExecutorOptions {
  /** Workspace-relative artifact directory written by compile. */
  artifact: string;
  /** Nix system to evaluate for, e.g. `x86_64-linux`; default from the host architecture. */
  system?: string;
}
