export interface InitGeneratorOptions {
  /** Workspace-relative folder for workload outputs (plugin option `artifactDir`). */
  artifactDir?: string;
}
