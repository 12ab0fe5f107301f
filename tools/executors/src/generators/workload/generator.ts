/**
 * `nx g @mvmforge/nx:workload <name> [--directory d]`: a new workload at `<directory>/<name>/`
 * with `app.py` declaring it and a one-module Python package that is its bundled source. The
 * plugin infers the project from `app.py`; no project.json is needed.
 */
import { joinPathFragments, type Tree } from '@nx/devkit';
import initGenerator from '../init/generator';
import type { WorkloadGeneratorOptions } from './schema';

const ID = /^[a-z][a-z0-9-]{0,62}$/;

export function workloadFiles(name: string): Record<string, string> {
  const pkg = name.replace(/-/g, '_');
  return {
    'app.py': [
      `"""mvmforge workload ${name}: runs the bundled \`${pkg}\` package."""`,
      'import mvmforge as mv',
      '',
      `mv.workload(${JSON.stringify(name)})`,
      'mv.app(',
      '    image=mv.python_image("3.12"),',
      `    source=mv.local_path(".", include=[${JSON.stringify(`${pkg}/**`)}], exclude=["**/__pycache__/**"]),`,
      `    entrypoint=mv.entrypoint(["python", "-m", ${JSON.stringify(pkg)}]),`,
      ')',
      '',
    ].join('\n'),
    [`${pkg}/__init__.py`]: '',
    [`${pkg}/__main__.py`]: `print(${JSON.stringify(`hello from ${name}`)})\n`,
    '.gitignore': '__pycache__/\n',
  };
}

export default async function workloadGenerator(tree: Tree, options: WorkloadGeneratorOptions): Promise<void> {
  if (!ID.test(options.name)) {
    throw new Error(`mvmforge: workload name ${JSON.stringify(options.name)} must match ${ID.source}`);
  }
  const root = joinPathFragments(options.directory ?? 'workloads', options.name);
  if (tree.exists(joinPathFragments(root, 'app.py'))) {
    throw new Error(`mvmforge: ${root}/app.py already exists`);
  }
  await initGenerator(tree, {});
  for (const [file, content] of Object.entries(workloadFiles(options.name))) {
    tree.write(joinPathFragments(root, file), content);
  }
}
