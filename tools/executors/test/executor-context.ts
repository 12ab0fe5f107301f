import type { ExecutorContext } from '@nx/devkit';

/** The ExecutorContext Nx hands an executor, built by hand for one project (nx-notes §10). */
export function executorContext(root: string, projectName: string, projectRoot: string): ExecutorContext {
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName,
    projectsConfigurations: { version: 2, projects: { [projectName]: { root: projectRoot } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as ExecutorContext;
}
