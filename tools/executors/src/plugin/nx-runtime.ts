/**
 * The Nx functions graph construction calls, from `nx/src/devkit-exports`: the module `@nx/devkit`
 * re-exports them from, in Nx 23.2 and 24 alike (nx's package exports `./src/*`). `@nx/devkit`'s
 * own index also loads its generator helpers (format-files, to-js, semver: ~75 ms measured), and
 * every plugin worker Nx starts for a graph would pay that for three functions. Types still come
 * from `@nx/devkit`, which re-exports exactly these.
 */
export { createNodesFromFiles, DependencyType, validateDependency } from 'nx/src/devkit-exports';
