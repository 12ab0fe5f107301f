export { checkArtifact, resolveSystem, UnsupportedSystemError, type CheckOptions, type CheckResult } from './check';
export { requireNix } from './find-nix';
export { artifactFlakeRef, isUrlSafePath, type ArtifactFlakeRef } from './flake-ref';
export { NIX_COMMON_ARGS, runNix, stderrTail, displayCommand, type NixResult } from './run-nix';
export { jsonDeepEqual, firstDifference, METADATA_KEYS } from './compare';
export { SUPPORTED_SYSTEMS, defaultSystem, isSupportedSystem, type NixSystem } from './system';
