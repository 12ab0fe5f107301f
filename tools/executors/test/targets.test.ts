import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWorkloadTargets } from '../src/plugin/targets';

/** Golden files are plain JSON; MVMFORGE_UPDATE_GOLDEN=1 rewrites them after an intended change. */
function expectGolden(name: string, value: unknown): void {
  const file = join(__dirname, 'golden', name);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.MVMFORGE_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('buildWorkloadTargets', () => {
  test('default options match the golden targets', () => {
    expectGolden('targets.default.json', buildWorkloadTargets('corpus/with-source', {}));
  });

  test('renamed targets and another artifactDir match the golden targets', () => {
    expectGolden(
      'targets.renamed.json',
      buildWorkloadTargets('apps/svc', {
        emitTargetName: 'mvm-emit',
        compileTargetName: 'mvm-compile',
        flakeCheckTargetName: 'mvm-check',
        upTargetName: 'mvm-up',
        artifactDir: './out/mvm/',
      }),
    );
  });

  test('is pure: same input, equal output, no shared objects', () => {
    const a = buildWorkloadTargets('w', undefined);
    const b = buildWorkloadTargets('w', undefined);
    expect(a).toEqual(b);
    expect(a.emit).not.toBe(b.emit);
  });

  test('caching rules: emit/compile/flake-check cached, up continuous and uncached', () => {
    const t = buildWorkloadTargets('w', {});
    expect([t.emit.cache, t.compile.cache, t['flake-check'].cache]).toEqual([true, true, true]);
    expect(t.up).toMatchObject({ continuous: true, cache: false, dependsOn: ['compile'] });
    // parallelism: false would keep the second up of `nx affected -t up` from ever starting.
    expect(t.up.parallelism).toBeUndefined();
    expect(t.compile.dependsOn).toEqual(['emit']);
    expect(t['flake-check'].dependsOn).toEqual(['compile']);
  });

  test('compile is keyed only on what emit wrote and the flake URL (early cutoff)', () => {
    const t = buildWorkloadTargets('w', {});
    expect(t.compile.inputs).toEqual([{ dependentTasksOutputFiles: '**/*.json' }, { env: 'MVMFORGE_MVM_FLAKE_URL' }]);
  });

  test('no option carries an absolute path; every output starts with a token', () => {
    const t = buildWorkloadTargets('corpus/hello-app', {});
    for (const target of Object.values(t)) {
      for (const v of Object.values(target.options ?? {})) {
        if (typeof v === 'string') expect(v.startsWith('/')).toBe(false);
      }
      for (const o of target.outputs ?? []) expect(o).toMatch(/^\{(workspaceRoot|projectRoot)\}/);
      // Only a description: every metadata key is paid per workload in Nx's graph (issue 12).
      expect(Object.keys(target.metadata ?? {})).toEqual(['description']);
      expect(target.metadata?.description).toMatch(/^[A-Z].{10,80}$/);
    }
  });

  test('a custom entry file name reaches the emit options', () => {
    expect(buildWorkloadTargets('w', {}, 'workload.py').emit.options).toEqual({
      entry: '{projectRoot}/workload.py',
      outputDir: 'dist/mvmforge/{projectRoot}',
    });
  });
});

test('compileExtraInputs are appended to compile inputs only', () => {
  const t = buildWorkloadTargets('w', { compileExtraInputs: ['{workspaceRoot}/libs/codegen/src/**/*.ts'] });
  expect(t.compile.inputs).toEqual([
    { dependentTasksOutputFiles: '**/*.json' },
    { env: 'MVMFORGE_MVM_FLAKE_URL' },
    '{workspaceRoot}/libs/codegen/src/**/*.ts',
  ]);
  expect(t.emit.inputs).toEqual(buildWorkloadTargets('w', {}).emit.inputs);
});

test('a source outside the project root makes emit hash it: ^default plus a workspace glob per folder', () => {
  const t = buildWorkloadTargets('corpus/uses-shared', {}, 'app.py', ['libs/shared/py', '.']);
  expect(t.emit.inputs).toEqual([
    ...(buildWorkloadTargets('corpus/uses-shared', {}).emit.inputs ?? []),
    '^default',
    '{workspaceRoot}/libs/shared/py/**/*',
    '{workspaceRoot}/**/*',
  ]);
  // compile stays keyed only on what emit wrote (early cutoff).
  expect(t.compile.inputs).toEqual(buildWorkloadTargets('corpus/uses-shared', {}).compile.inputs);
});

test('no repository layout by default: emit hashes no SDK folder; emitExtraInputs adds exactly the named inputs', () => {
  const plain = buildWorkloadTargets('w', {});
  expect(JSON.stringify(plain)).not.toContain('libs/');
  const t = buildWorkloadTargets('w', { emitExtraInputs: ['{workspaceRoot}/libs/sdk-python/python/**/*.py'] });
  expect(t.emit.inputs).toEqual([
    '{projectRoot}/**/*',
    '{workspaceRoot}/libs/sdk-python/python/**/*.py',
    ...(plain.emit.inputs ?? []).slice(1),
  ]);
  expect(t.compile.inputs).toEqual(plain.compile.inputs);
});

test('this repository sets the toolchain options in its own nx.json', () => {
  const nx = JSON.parse(readFileSync(join(__dirname, '../../../nx.json'), 'utf8')) as {
    plugins: { plugin: string; options: Record<string, unknown> }[];
  };
  const options = nx.plugins.find((p) => p.plugin === '@mvmforge/nx')?.options;
  expect(options?.emitExtraInputs).toEqual([
    '{workspaceRoot}/libs/sdk-python/python/**/*.py',
    '{workspaceRoot}/libs/sdk-ts/src/**/*.ts',
    '{workspaceRoot}/libs/emit/src/node-*.ts',
  ]);
  expect(options?.workloadDependencyRoots).toEqual(['libs/sdk-python', 'libs/sdk-ts', 'libs/codegen']);
});
