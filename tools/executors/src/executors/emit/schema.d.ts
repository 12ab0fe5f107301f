export interface EmitExecutorOptions {
  /** Workspace-relative path of the workload entry, e.g. `corpus/hello-app/app.py`. */
  entry: string;
  /** Workspace-relative folder that receives `ir.json` and `source.json`. */
  outputDir: string;
}
