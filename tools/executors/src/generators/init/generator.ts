/**
 * `nx g @mvmforge/nx:init`: register the plugin in nx.json (only when absent, so a user's options
 * are never overwritten) and git-ignore `dist/` (outputs must be ignored: inputs glob the project
 * tree and Nx restores ignored outputs from cache). Idempotent.
 */
import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { PLUGIN_PACKAGE } from '../../plugin/targets';
import { DEFAULT_ARTIFACT_DIR } from '../../plugin/options';
import type { InitGeneratorOptions } from './schema';

export function pluginIsRegistered(plugins: readonly unknown[] | undefined): boolean {
  return (plugins ?? []).some((p) => p === PLUGIN_PACKAGE || (typeof p === 'object' && p !== null && (p as { plugin?: unknown }).plugin === PLUGIN_PACKAGE));
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
  const dir = artifactDir.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return dir === 'dist' || dir.startsWith('dist/') ? 'dist/' : `${dir}/`;
}

export default async function initGenerator(tree: Tree, options: InitGeneratorOptions = {}): Promise<void> {
  const nxJson = readNxJson(tree) ?? {};
  if (!pluginIsRegistered(nxJson.plugins)) {
    nxJson.plugins = [
      ...(nxJson.plugins ?? []),
      { plugin: PLUGIN_PACKAGE, options: { artifactDir: options.artifactDir ?? DEFAULT_ARTIFACT_DIR } },
    ];
    updateNxJson(tree, nxJson);
  }
  const gitignore = tree.exists('.gitignore') ? tree.read('.gitignore', 'utf-8') ?? '' : '';
  const updated = addToGitignore(gitignore, ignoreLineFor(options.artifactDir ?? DEFAULT_ARTIFACT_DIR));
  if (updated !== gitignore) tree.write('.gitignore', updated);
}
