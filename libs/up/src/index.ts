export { UpUsageError, isUpUsageError, UpInterruptedError } from './errors';
export { splitUpArgs } from './split-args';
// The one shell-quoting rule (@mvmforge/process); splitUpArgs reads every quoted word back unchanged.
export { shellQuote as quoteUpArg } from '@mvmforge/process';
export { resolveMvmctl, type ResolvedMvmctl, type MvmctlSource } from './resolve-mvmctl';
export { upOptionsToArgs, type UpOptions } from './options';
export { runUp, buildUpArgv, exitStatusOf, failureLine, KILL_GRACE_MS, type RunUpOptions } from './run';
export { prepareArtifact, type PreparedArtifact } from './prepare-artifact';
export { detectMvmctlCli, cliOverride, verbArgs, MVMCTL_CLIS, type MvmctlCli, type DetectedCli } from './mvmctl-cli';
export { flakeRef, unsafeFlakePathChar } from './flake-ref';
export { maskArgv, secretVarsOf, MASK } from './mask';
export { materializeMvmctl, cargoBuildArgs, executableFromCargoMessages } from './build-mvmctl';
