// @mvmforge/codegen: compiles Workload IR into the artifact directory of artifact-v1.
export * from './compile';
export * from './fingerprint';
export * from './resolve-source';
export * from './launch';
export * from './bundle';
export * from './tree-hash';
export * from './globs';
export * from './source-root';
export * from './output-safety';
export * from './publish';
export * from './preconditions';
export * from './flake';
export * from './mvm-url';
export * from './artifact';
export * from './default-rules';
export * from './out-lock';
export * from './file-stamps';
