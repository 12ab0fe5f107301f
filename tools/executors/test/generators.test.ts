import { readJson, readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import initGenerator, { addToGitignore, ignoreLineFor } from '../src/generators/init/generator';
import workloadGenerator, { workloadFiles } from '../src/generators/workload/generator';
import generatorsJson from '../generators.json';

describe('init', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  test('registers the plugin and git-ignores dist/', async () => {
    await initGenerator(tree, {});
    expect(readNxJson(tree)?.plugins).toContainEqual({ plugin: '@mvmforge/nx', options: { artifactDir: 'dist/mvmforge' } });
    expect(tree.read('.gitignore', 'utf-8')).toMatch(/^dist\/$/m);
  });

  test('is idempotent and keeps existing registrations and ignore lines', async () => {
    tree.write('.gitignore', 'node_modules\n/dist');
    const nx = readNxJson(tree) ?? {};
    nx.plugins = [{ plugin: '@mvmforge/nx', options: { artifactDir: 'out' } }];
    tree.write('nx.json', JSON.stringify(nx));
    await initGenerator(tree, {});
    await initGenerator(tree, {});
    expect(readJson(tree, 'nx.json').plugins).toEqual([{ plugin: '@mvmforge/nx', options: { artifactDir: 'out' } }]);
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\n/dist');
  });

  test('a custom artifactDir outside dist/ is the folder git-ignored', async () => {
    tree.write('.gitignore', 'node_modules\n');
    await initGenerator(tree, { artifactDir: './build/vm/' });
    expect(readNxJson(tree)?.plugins).toContainEqual({ plugin: '@mvmforge/nx', options: { artifactDir: './build/vm/' } });
    expect(tree.read('.gitignore', 'utf-8')).toBe('node_modules\nbuild/vm/\n');
    expect(ignoreLineFor('dist/mvmforge')).toBe('dist/');
    expect(ignoreLineFor('dist')).toBe('dist/');
    expect(ignoreLineFor('distribution/x')).toBe('distribution/x/');
  });

  test('addToGitignore appends with a separating newline', () => {
    expect(addToGitignore('a', 'dist/')).toBe('a\ndist/\n');
    expect(addToGitignore('', 'dist/')).toBe('dist/\n');
    expect(addToGitignore('dist\n', 'dist/')).toBe('dist\n');
  });
});

describe('workload', () => {
  test('scaffolds app.py and its package under the directory, and registers the plugin', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await workloadGenerator(tree, { name: 'my-svc', directory: 'services' });
    expect(tree.read('services/my-svc/app.py', 'utf-8')).toBe(workloadFiles('my-svc')['app.py']);
    expect(tree.read('services/my-svc/app.py', 'utf-8')).toContain('mv.workload("my-svc")');
    expect(tree.read('services/my-svc/my_svc/__main__.py', 'utf-8')).toBe('print("hello from my-svc")\n');
    expect(tree.exists('services/my-svc/my_svc/__init__.py')).toBe(true);
    expect(readNxJson(tree)?.plugins).toContainEqual(expect.objectContaining({ plugin: '@mvmforge/nx' }));
  });

  test('defaults to workloads/<name>', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await workloadGenerator(tree, { name: 'api' });
    expect(tree.exists('workloads/api/app.py')).toBe(true);
  });

  test('refuses invalid ids and existing workloads', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await expect(workloadGenerator(tree, { name: 'Bad_Name' })).rejects.toThrow(/must match/);
    await workloadGenerator(tree, { name: 'api' });
    await expect(workloadGenerator(tree, { name: 'api' })).rejects.toThrow(/already exists/);
  });

  test('generators.json points at both generators', () => {
    expect(Object.keys(generatorsJson.generators)).toEqual(['init', 'workload']);
  });
});
