/** `nx g @mvmforge/nx:workload <name> --language=ts` (issue 11), on a virtual tree. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { emitWorkload } from '@mvmforge/emit';
import workloadGenerator, { tsWorkloadFiles } from '../src/generators/workload/generator';
import { importsMvmforgeSdk } from '../src/plugin/entry-text';
import schema from '../src/generators/workload/schema.json';

test('--language=ts scaffolds app.ts importing @mvmforge/sdk and a bundled Node script', async () => {
  const tree = createTreeWithEmptyWorkspace();
  await workloadGenerator(tree, { name: 'svc', language: 'ts' });
  const app = tree.read('workloads/svc/app.ts', 'utf-8')!;
  expect(app).toBe(tsWorkloadFiles('svc')['app.ts']);
  expect(app).toContain("mv.workload('svc');");
  expect(importsMvmforgeSdk(app)).toBe(true);
  expect(tree.read('workloads/svc/main/index.js', 'utf-8')).toBe("console.log('hello from svc');\n");
  expect(tree.exists('workloads/svc/app.py')).toBe(false);
  expect(readJson(tree, 'package.json').devDependencies['@mvmforge/sdk']).toBe('0.1.0');
});

test('the default language is still Python; a workload with any entry is not overwritten', async () => {
  const tree: Tree = createTreeWithEmptyWorkspace();
  await workloadGenerator(tree, { name: 'api' });
  expect(tree.exists('workloads/api/app.py')).toBe(true);
  expect(tree.exists('workloads/api/app.ts')).toBe(false);
  await expect(workloadGenerator(tree, { name: 'api', language: 'ts' })).rejects.toThrow('mvmforge: workloads/api/app.py already exists');
  await workloadGenerator(tree, { name: 'web', language: 'ts' });
  await expect(workloadGenerator(tree, { name: 'web' })).rejects.toThrow('mvmforge: workloads/web/app.ts already exists');
  await expect(workloadGenerator(tree, { name: 'x', language: 'rb' as 'ts' })).rejects.toThrow('--language must be py or ts');
  expect(schema.properties.language.enum).toEqual(['py', 'ts']);
});

test('an existing @mvmforge/sdk dependency is kept', async () => {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('package.json', JSON.stringify({ name: 'ws', dependencies: { '@mvmforge/sdk': '^0.1.0' } }));
  await workloadGenerator(tree, { name: 'svc', language: 'ts' });
  const pkg = readJson(tree, 'package.json');
  expect(pkg.dependencies['@mvmforge/sdk']).toBe('^0.1.0');
  expect(pkg.devDependencies?.['@mvmforge/sdk']).toBeUndefined();
});

test('the generated TypeScript workload emits valid IR as generated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mvmforge-gen-ts-'));
  try {
    for (const [file, text] of Object.entries(tsWorkloadFiles('svc'))) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const emitted = await emitWorkload(join(dir, 'app.ts'), { stderr: 'capture' });
    expect(emitted.workload.id).toBe('svc');
    expect(emitted.workload.apps[0]!.image).toEqual({ kind: 'nix_packages', packages: ['nodejs_22'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
