/**
 * `nx g @mvmforge/nx:init` (also what `nx add @mvmforge/nx` runs): register the plugin in nx.json
 * (only when absent, so a user's options are never overwritten; nx.json is created when the
 * workspace has none) and git-ignore `dist/` (outputs must be ignored: inputs glob the project
 * tree and Nx restores ignored outputs from cache). Idempotent, and it says what it did: a
 * generator that changes nothing silently looks like one that failed.
 */
import { logger, readNxJson, updateNxJson, writeJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { PLUGIN_PACKAGE } from '../../plugin/targets';
import { DEFAULT_ARTIFACT_DIR } from '../../plugin/options';
import type { InitGeneratorOptions } from './schema';

export function pluginIsRegistered(plugins: readonly unknown[] | undefined): boolean {
  return (plugins ?? []).some(
    (p) => p === PLUGIN_PACKAGE || (typeof p === 'object' && p !== null && (p as { plugin?: unknown }).plugin === PLUGIN_PACKAGE),
  );
}

export function addToGitignore(text: string, line: string): string {
  const present = text.split(/\r?\n/).some((l) => {
    const t = l.trim();
    return t === line || t === `/${line}` || t === line.replace(/\/$/, '') || t === `/${line.replace(/\/$/, '')}`;
  });
  if (present) return text;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${sep}${line}\n`;
}

/**
 * The .gitignore line that covers an artifact folder: `dist/` for anything under dist (the usual
 * layout), else the folder itself. Outputs must live under a git-ignored folder (nx-notes §4);
 * a custom artifactDir that is not ignored would otherwise show up as workspace files.
 */
export function ignoreLineFor(artifactDir: string): string {
  const dir = artifactDir
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  return dir === 'dist' || dir.startsWith('dist/') ? 'dist/' : `${dir}/`;
}

/** What a fresh nx.json holds: the schema reference Nx's own generators write, and nothing else. */
const NEW_NX_JSON: NxJsonConfiguration = { $schema: './node_modules/nx/schemas/nx-schema.json' };

export default async function initGenerator(tree: Tree, options: InitGeneratorOptions = {}): Promise<void> {
  const artifactDir = options.artifactDir ?? DEFAULT_ARTIFACT_DIR;
  const existing = tree.exists('nx.json') ? readNxJson(tree) : null;
  const nxJson: NxJsonConfiguration = existing ?? { ...NEW_NX_JSON };
  if (pluginIsRegistered(nxJson.plugins)) {
    logger.info(`mvmforge: ${PLUGIN_PACKAGE} is already registered in nx.json; its options were left as they are.`);
  } else {
    nxJson.plugins = [...(nxJson.plugins ?? []), { plugin: PLUGIN_PACKAGE, options: { artifactDir } }];
    // updateNxJson only rewrites an existing nx.json; without one it would drop the change.
    if (existing) updateNxJson(tree, nxJson);
    else writeJson(tree, 'nx.json', nxJson);
    logger.info(
      `mvmforge: ${existing ? 'registered' : 'created nx.json and registered'} the ${PLUGIN_PACKAGE} plugin ` +
        `(artifactDir ${artifactDir}); every app.py that imports mvmforge is now a project with emit, compile, flake-check and up.`,
    );
  }
  const gitignore = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const line = ignoreLineFor(artifactDir);
  const updated = addToGitignore(gitignore, line);
  if (updated !== gitignore) {
    tree.write('.gitignore', updated);
    logger.info(`mvmforge: added ${line} to .gitignore (workload outputs must be git-ignored).`);
  }
}
