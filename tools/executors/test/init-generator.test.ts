import { logger, readJson, type Tree } from '@nx/devkit';
import { createTree, createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import initGenerator from '../src/generators/init/generator';

// What `nx add @mvmforge/nx` relies on: init works in a workspace without nx.json, reports what it
// registered, and never touches a registration the user already has.
describe('init generator: nx.json creation, reporting, idempotence', () => {
  let info: jest.SpyInstance;
  beforeEach(() => {
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => info.mockRestore());
  const logged = (): string => info.mock.calls.map((c) => String(c[0])).join('\n');

  test('creates nx.json when the workspace has none and says so', async () => {
    const tree: Tree = createTree();
    tree.write('package.json', '{"name":"ws"}');
    expect(tree.exists('nx.json')).toBe(false);
    await initGenerator(tree, {});
    expect(readJson(tree, 'nx.json')).toEqual({
      $schema: './node_modules/nx/schemas/nx-schema.json',
      plugins: [{ plugin: '@mvmforge/nx', options: { artifactDir: 'dist/mvmforge' } }],
    });
    expect(tree.read('.gitignore', 'utf-8')).toBe('dist/\n');
    expect(logged()).toMatch(/created nx\.json and registered the @mvmforge\/nx plugin \(artifactDir dist\/mvmforge\)/);
    expect(logged()).toMatch(/added dist\/ to \.gitignore/);
  });

  test('registers into an existing nx.json, keeping its other settings, and says so', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('nx.json', JSON.stringify({ namedInputs: { default: ['{projectRoot}/**/*'] }, plugins: ['@nx/js'] }));
    await initGenerator(tree, { artifactDir: 'dist/vm' });
    expect(readJson(tree, 'nx.json')).toEqual({
      namedInputs: { default: ['{projectRoot}/**/*'] },
      plugins: ['@nx/js', { plugin: '@mvmforge/nx', options: { artifactDir: 'dist/vm' } }],
    });
    expect(logged()).toMatch(/^mvmforge: registered the @mvmforge\/nx plugin \(artifactDir dist\/vm\)/m);
  });

  test('a second run changes no byte and reports the existing registration', async () => {
    const tree: Tree = createTree();
    await initGenerator(tree, {});
    const nxJson = tree.read('nx.json', 'utf-8');
    const gitignore = tree.read('.gitignore', 'utf-8');
    info.mockClear();
    await initGenerator(tree, {});
    expect(tree.read('nx.json', 'utf-8')).toBe(nxJson);
    expect(tree.read('.gitignore', 'utf-8')).toBe(gitignore);
    expect(logged()).toMatch(/already registered in nx\.json; its options were left as they are/);
    expect(logged()).not.toMatch(/added .* to \.gitignore/);
  });

  test('never rewrites a user registration, string or object form, whatever options init is given', async () => {
    for (const entry of ['@mvmforge/nx', { plugin: '@mvmforge/nx', options: { artifactDir: 'out', entryGlob: 'svc/**/app.py' } }]) {
      const tree = createTreeWithEmptyWorkspace();
      tree.write('nx.json', JSON.stringify({ plugins: [entry] }));
      const before = tree.read('nx.json', 'utf-8');
      await initGenerator(tree, { artifactDir: 'dist/other' });
      expect(tree.read('nx.json', 'utf-8')).toBe(before);
    }
  });
});
