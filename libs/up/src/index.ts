export { UpUsageError, isUpUsageError, UpInterruptedError } from './errors';
export { splitUpArgs, quoteUpArg } from './split-args';
export { resolveMvmctl, type ResolvedMvmctl, type MvmctlSource } from './resolve-mvmctl';
export { upOptionsToArgs, type UpOptions } from './options';
export { runUp, buildUpArgv, exitStatusOf, KILL_GRACE_MS, type RunUpOptions } from './run';
export { prepareArtifact, type PreparedArtifact } from './prepare-artifact';
