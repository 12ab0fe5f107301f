export { checkArtifact, resolveSystem, UnsupportedSystemError, type CheckOptions, type CheckResult } from './check';
export { requireNix } from './find-nix';
export { artifactFlakeRef, isUrlSafePath, type ArtifactFlakeRef } from './flake-ref';
export { createScratch, type Scratch } from './scratch';
export { CHECK_FLAKE_NIX, CHECK_FLAKE_ATTRIBUTE } from './check-flake';
export { NIX_COMMON_ARGS, runNix, stderrTail, displayCommand, type NixResult } from './run-nix';
export { jsonDeepEqual, firstDifference, METADATA_KEYS } from './compare';
export { SUPPORTED_SYSTEMS, defaultSystem, isSupportedSystem, type NixSystem } from './system';
