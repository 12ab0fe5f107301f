import { normalizeOptions } from '../src/plugin/options';

describe('normalizeOptions', () => {
  test('defaults name no repository layout', () => {
    const o = normalizeOptions({});
    expect(o.emitExtraInputs).toEqual([]);
    expect(o.compileExtraInputs).toEqual([]);
    expect(o.workloadDependencyRoots).toEqual([]);
    expect(o.entryGlob).toBe('**/app.{py,ts,mts,js,mjs}');
    expect(o.artifactDir).toBe('dist/mvmforge');
  });

  test('one options object is normalized once: the same frozen result for every file', () => {
    const raw = { artifactDir: './out/', workloadDependencyRoots: ['libs/sdk/'], projectNames: { a: 'b' } };
    const first = normalizeOptions(raw);
    expect(normalizeOptions(raw)).toBe(first);
    expect(normalizeOptions(undefined)).toBe(normalizeOptions(undefined));
    expect(Object.isFrozen(first) && Object.isFrozen(first.workloadDependencyRoots) && Object.isFrozen(first.projectNames)).toBe(true);
    expect(first.artifactDir).toBe('out');
    expect(first.workloadDependencyRoots).toEqual(['libs/sdk']);
    // The user's own objects are copied, never frozen.
    expect(Object.isFrozen(raw.projectNames) || Object.isFrozen(raw.workloadDependencyRoots)).toBe(false);
    // A different options object (another nx.json plugin entry) gets its own normalization.
    expect(normalizeOptions({ ...raw, artifactDir: 'x' }).artifactDir).toBe('x');
  });
});
