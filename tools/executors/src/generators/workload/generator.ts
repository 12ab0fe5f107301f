/**
 * `nx g @mvmforge/nx:workload <name> [--directory d] [--language py|ts]`: a new workload at
 * `<directory>/<name>/` with `app.py` (or, `--language=ts`, `app.ts`) declaring it and a small
 * bundled source (a Python package, or a Node script). The plugin infers the project from the
 * entry; no project.json is needed.
 */
import { addDependenciesToPackageJson, joinPathFragments, type Tree } from '@nx/devkit';
import { ID_PATTERN } from '@mvmforge/ir';
import initGenerator from '../init/generator';
import type { WorkloadGeneratorOptions } from './schema';

/** The plugin's own version: the TypeScript SDK a generated app.ts depends on is released with it. */
const TOOLCHAIN_VERSION = (require('../../../package.json') as { version: string }).version;

/** The files of a `--language=ts` workload: app.ts and the Node script it bundles. */
export function tsWorkloadFiles(name: string): Record<string, string> {
  return {
    'app.ts': [
      `/** mvmforge workload ${name}: runs the bundled \`main/index.js\` with Node. */`,
      "import * as mv from '@mvmforge/sdk';",
      '',
      `mv.workload(${quoteTs(name)});`,
      'mv.app({',
      "  image: mv.nodeImage('22'),",
      "  source: mv.localPath('.', { include: ['main/**'], exclude: ['**/node_modules/**'] }),",
      "  entrypoint: mv.entrypoint(['node', 'main/index.js']),",
      '});',
      '',
    ].join('\n'),
    'main/index.js': `console.log(${quoteTs(`hello from ${name}`)});\n`,
    '.gitignore': 'node_modules/\n',
  };
}

/** A single-quoted TypeScript string literal of an id (ids have no quotes or backslashes). */
function quoteTs(text: string): string {
  return `'${text}'`;
}

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

const ENTRY_NAMES = ['app.py', 'app.ts', 'app.mts', 'app.js', 'app.mjs'];

export default async function workloadGenerator(tree: Tree, options: WorkloadGeneratorOptions): Promise<void> {
  if (!ID_PATTERN.test(options.name)) {
    throw new Error(`mvmforge: workload name ${JSON.stringify(options.name)} must match ${ID_PATTERN.source}`);
  }
  const language = options.language ?? 'py';
  if (language !== 'py' && language !== 'ts') {
    throw new Error(`mvmforge: --language must be py or ts, got ${JSON.stringify(language)}`);
  }
  const root = joinPathFragments(options.directory ?? 'workloads', options.name);
  const existing = ENTRY_NAMES.find((entry) => tree.exists(joinPathFragments(root, entry)));
  if (existing) {
    throw new Error(`mvmforge: ${root}/${existing} already exists`);
  }
  await initGenerator(tree, {});
  const files = language === 'ts' ? tsWorkloadFiles(options.name) : workloadFiles(options.name);
  for (const [file, content] of Object.entries(files)) {
    tree.write(joinPathFragments(root, file), content);
  }
  // The editor needs @mvmforge/sdk's types for app.ts; a workspace that already lists it keeps its
  // own version. Not installed here (no install callback): emit never needs it — the toolchain
  // maps the import to the SDK it ships — and generating must work offline.
  if (language === 'ts' && tree.exists('package.json')) {
    const pkg = JSON.parse(tree.read('package.json', 'utf-8') ?? '{}') as Record<string, Record<string, string> | undefined>;
    if (!pkg.dependencies?.['@mvmforge/sdk'] && !pkg.devDependencies?.['@mvmforge/sdk']) {
      addDependenciesToPackageJson(tree, {}, { '@mvmforge/sdk': TOOLCHAIN_VERSION });
    }
  }
}
