import { importsMvmforge, localSourceDirs, localSourcePaths, outsideSourceDirs } from '../src/plugin/entry-text';
import { globMatcher } from '../src/plugin/create-nodes';

describe('importsMvmforge', () => {
  test.each([
    ['import mvmforge as mv\n', true],
    ['"""doc"""\nfrom mvmforge import workload\n', true],
    ['  import mvmforge\n', true],
    ['import mvmforgery\n', false],
    ['# import mvmforge\n', false],
    ['print("import mvmforge")\n', false],
    ['import os\n', false],
    ['import os, mvmforge as mv\n', true],
    ['import os.path as p, mvmforge\n', true],
    ['import os, mvmforgery\n', false],
  ])('%j → %s', (text, expected) => {
    expect(importsMvmforge(text)).toBe(expected);
  });
});

describe('localSourcePaths', () => {
  test('reads literal paths of local_path calls', () => {
    const text = 'source=mv.local_path("../shared", include=["a/**"])\nx = local_path(\'.\')\ny = local_path(path="lib")\n';
    expect(localSourcePaths(text)).toEqual(['../shared', '.', 'lib']);
  });
  test('ignores computed paths', () => {
    expect(localSourcePaths('mv.local_path(os.path.join("a", "b"))')).toEqual([]);
  });
});

describe('outsideSourceDirs', () => {
  test('workspace-relative folders that literal sources reach outside the project root', () => {
    const text = [
      'mv.local_path(".")',
      'mv.local_path("src")',
      'mv.local_path("../../libs/shared/py/")',
      'mv.local_path("../sibling")',
      'mv.local_path("../../libs/shared/py")', // listed once
      'mv.local_path("/abs/elsewhere")', // absolute: not a workspace path
      'mv.local_path("../../../outside")', // leaves the workspace
    ].join('\n');
    expect(outsideSourceDirs('corpus/app', text)).toEqual(['libs/shared/py', 'corpus/sibling']);
    expect(outsideSourceDirs('corpus/app', 'mv.local_path("../..")')).toEqual(['.']);
    // What createDependencies links (a nested project may own `src`); the root itself is never listed.
    expect(localSourceDirs('corpus/app', text)).toEqual(['corpus/app/src', 'libs/shared/py', 'corpus/sibling']);
    expect(localSourceDirs('.', 'mv.local_path("libs/x")\nmv.local_path(".")')).toEqual(['libs/x']);
  });
  test('nothing leaves a project at the workspace root, and in-project paths are not listed', () => {
    expect(outsideSourceDirs('.', 'mv.local_path("libs/x")\nmv.local_path(".")')).toEqual([]);
    expect(outsideSourceDirs('w', 'mv.local_path("./a/../b")')).toEqual([]);
  });
});

describe('globMatcher', () => {
  test('the default glob matches app.py at any depth, including the root', () => {
    const m = globMatcher('**/app.py');
    expect(['app.py', 'a/app.py', 'a/b/app.py'].map(m)).toEqual([true, true, true]);
    expect(['a/app.pyc', 'a/myapp.py', 'app.py/x'].map(m)).toEqual([false, false, false]);
  });
  test('star, question mark and braces', () => {
    const m = globMatcher('workloads/*/{app,main}.py');
    expect(['workloads/x/app.py', 'workloads/x/main.py', 'workloads/x/y/app.py', 'workloads/x/other.py'].map(m)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(globMatcher('w?.py')('w1.py')).toBe(true);
    expect(globMatcher('a.b.py')('axb.py')).toBe(false);
  });
});
