export { runSdk, DEFAULT_EMIT_TIMEOUT_MS } from './run-sdk';
export type { RunSdkOptions, RunSdkResult } from './run-sdk';
export { emitWorkload, emitWorkloadDetailed, emitAndParse, assertReadableEntry } from './emit-workload';
export type { EmittedWorkload } from './emit-workload';
export { loadWorkloadSource, isPythonEntry, WorkloadReadError } from './load-source';
export type { LoadedWorkloadSource, LoadOptions, WorkloadSourceKind } from './load-source';
export { sdkPythonPath, pythonInterpreter } from './sdk-location';
export { writeFileAtomic } from './write-atomic';
