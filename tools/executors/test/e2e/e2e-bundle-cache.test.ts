/**
 * Nothing bundled that Nx cannot see (issue 10 item 2), through the real `nx` CLI: a gitignored
 * file that an include names explicitly is bundled, and editing it makes `nx run svc:compile` a
 * cache miss that ships the new bytes (emit's runtime input, executors/emit/ignored-inputs.ts).
 * A workload at the workspace root with no include/exclude bundles neither node_modules nor .nx,
 * dist, a .venv or bytecode, and its tree hash is stable from one compile to the next.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheStatus, expectOk, makeWorkspace, type E2EWorkspace } from './harness';

const SVC = `import mvmforge as mv

mv.workload("svc")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["app.py", ".env"]),
    entrypoint=mv.entrypoint(["python", "app.py"]),
)
`;

const ROOT_APP = `import mvmforge as mv

mv.workload("rootapp")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path("."),
    entrypoint=mv.entrypoint(["python", "-m", "rootpkg"]),
)
`;

function filesBelow(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesBelow(dir, r));
    else out.push(r);
  }
  return out.sort();
}

describe('bundle and the Nx cache (real nx CLI)', () => {
  let ws: E2EWorkspace;
  afterEach(() => ws?.remove());

  test('editing an explicitly included gitignored file makes compile a cache miss', () => {
    ws = makeWorkspace({ corpus: [] });
    ws.write('apps/svc/app.py', SVC);
    ws.write('apps/svc/.gitignore', '.env\n');
    ws.write('apps/svc/.env', 'TOKEN=old\n');
    ws.commitAll('svc');
    const artifactEnv = () => readFileSync(ws.path('dist/mvmforge/apps/svc/artifact/src/.env'), 'utf8');

    expectOk(ws.nx(['run', 'svc:compile', '--outputStyle=static']));
    expect(artifactEnv()).toBe('TOKEN=old\n');
    // Settle: the runtime input reads the emitted IR, so the first run after an IR change is a miss.
    expectOk(ws.nx(['run', 'svc:compile', '--outputStyle=static']));
    const hit = expectOk(ws.nx(['run', 'svc:compile', '--outputStyle=static']));
    expect(cacheStatus(hit.output)['svc:compile']).toBe('local');

    ws.write('apps/svc/.env', 'TOKEN=rotated\n'); // gitignored: Nx's file hashing never sees it
    const miss = expectOk(ws.nx(['run', 'svc:compile', '--outputStyle=static']));
    expect(cacheStatus(miss.output)['svc:emit']).toBe('run');
    expect(cacheStatus(miss.output)['svc:compile']).toBe('run');
    expect(artifactEnv()).toBe('TOKEN=rotated\n');
  });

  test('a workspace-root workload without include/exclude leaves out node_modules, .nx, dist, .venv and bytecode, with a stable tree hash', () => {
    ws = makeWorkspace({ corpus: [], pluginOptions: { projectNames: { '.': 'rootapp' } } });
    ws.write('app.py', ROOT_APP);
    ws.write('rootpkg/__main__.py', 'print("root")\n');
    ws.write('.venv/pyvenv.cfg', 'home = /usr/bin\n');
    ws.write('.venv/lib/site.py', '# venv\n');
    ws.write('rootpkg/__pycache__/__main__.cpython-312.pyc', 'bytecode');
    ws.write('rootpkg/stale.pyc', 'bytecode');
    ws.commitAll('root workload');

    const artifact = ws.path('dist/mvmforge/artifact');
    const hashOf = () => JSON.parse(readFileSync(join(artifact, 'launch.json'), 'utf8')).source.tree_hash as string;
    expectOk(ws.nx(['run', 'rootapp:compile', '--outputStyle=static']));
    const first = hashOf();
    const files = filesBelow(join(artifact, 'src'));
    const top = new Set(files.map((f) => f.split('/')[0]));
    for (const unwanted of ['node_modules', '.nx', 'dist', '.venv', '.git']) expect(top.has(unwanted)).toBe(false);
    expect(files.filter((f) => f.endsWith('.pyc'))).toEqual([]);
    expect(files).toContain('app.py');
    expect(files).toContain('rootpkg/__main__.py');
    // Again, now with .nx/cache and dist/ full of the first run's outputs.
    expect(statSync(ws.path('.nx')).isDirectory()).toBe(true);
    expectOk(ws.nx(['run', 'rootapp:compile', '--outputStyle=static', '--skip-nx-cache']));
    expect(hashOf()).toBe(first);
    expect(filesBelow(join(artifact, 'src'))).toEqual(files);
  });
});
