export { findOnPath, isExecutableFile } from './find-executable';
export { runCaptured, type RunCapturedOptions, type CapturedOutcome } from './run-captured';
