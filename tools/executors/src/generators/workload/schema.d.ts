export interface WorkloadGeneratorOptions {
  /** Workload id and project name: `^[a-z][a-z0-9-]{0,62}$`. */
  name: string;
  /** Workspace-relative parent folder (default: `workloads`). */
  directory?: string;
  /** `py` (default): app.py and a Python package; `ts`: app.ts (@mvmforge/sdk) and a Node script. */
  language?: 'py' | 'ts';
}
