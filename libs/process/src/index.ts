export { findOnPath, isExecutableFile } from './find-executable';
export { runCaptured, type RunCapturedOptions, type CapturedOutcome } from './run-captured';
export { guardSignals, REAPED_SIGNALS, type ReapedSignal, type SignalGuard } from './signals';
export { killGroup, groupAlive } from './group';
export { shellQuote } from './shell-quote';
