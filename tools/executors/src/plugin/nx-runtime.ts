/**
 * The three Nx functions graph construction calls, each from the module that defines it, present at
 * these paths in Nx 23.2.1 and 24.0.6 alike (nx's package exports `./src/*`). A plugin worker has
 * already loaded `project-graph-builder` when it loads us; `nx/src/devkit-exports` (what
 * `@nx/devkit` re-exports) would add ~30–40 ms of modules to every worker of every graph
 * computation (measured in-worker: 35–45 ms → 4–8 ms for this plugin's load), and `@nx/devkit`'s
 * index another ~75 ms of generator helpers. Types still come from `@nx/devkit`.
 */
export { createNodesFromFiles } from 'nx/src/project-graph/plugins/utils';
export { DependencyType } from 'nx/src/config/project-graph';
export { validateDependency } from 'nx/src/project-graph/project-graph-builder';
