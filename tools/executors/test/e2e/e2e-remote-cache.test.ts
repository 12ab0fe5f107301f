/**
 * Nx's built-in self-hosted remote cache against our loopback test double (nx-notes §7): a
 * workspace at one path runs `compile` and uploads; a copy at another path with an empty local
 * cache restores the artifact from the remote cache, byte-for-byte, with modes and the empty src/.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRemoteCache, type RemoteCacheServer } from '../../../../fixtures/remote-cache/server';
import { cacheStatus, expectOk, makeWorkspace, type E2EWorkspace } from './harness';
import { treeSnapshot } from './tree-snapshot';

/**
 * A second workload with a minimal bundle (one file). It used to have an empty one, which is now
 * E_SOURCE_BUNDLE_EMPTY (issue 9 item 2).
 */
const EMPTY_SRC_APP = `import mvmforge as mv

mv.workload("empty-src")
mv.app(
    image=mv.python_image("3.12"),
    source=mv.local_path(".", include=["app.py"]),
    entrypoint=mv.entrypoint(["python", "-c", "print(1)"]),
)
`;

describe('remote cache: a second checkout at another path restores compile from the server', () => {
  let server: RemoteCacheServer;
  let a: E2EWorkspace;
  let b: E2EWorkspace;
  const parents: string[] = [];

  const workspaceAt = (label: string): E2EWorkspace => {
    const parent = realpathSync(mkdtempSync(join(tmpdir(), `mvmforge-rc-${label}-`)));
    parents.push(parent);
    const ws = makeWorkspace({ parent });
    ws.write('corpus/empty-src/app.py', EMPTY_SRC_APP);
    ws.commitAll('add empty-src');
    return ws;
  };

  beforeAll(async () => {
    server = await startRemoteCache({ readWriteTokens: ['ci-write'], readOnlyTokens: ['pr-read'] });
    a = workspaceAt('a');
    b = workspaceAt('b');
  });
  afterAll(async () => {
    await server?.close();
    for (const p of parents) rmSync(p, { recursive: true, force: true });
  });

  const remoteEnv = (token: string): NodeJS.ProcessEnv => ({
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
  });
  const compileBoth = ['run-many', '-t', 'compile', '-p', 'with-source', 'empty-src', '--outputStyle=static'];

  test('the first checkout misses, runs and uploads', async () => {
    const r = expectOk(await a.nxAsync(compileBoth, remoteEnv('ci-write')));
    const status = cacheStatus(r.output);
    expect(status['with-source:compile']).toBe('run');
    expect(server.log.filter((l) => l.method === 'PUT' && l.status === 200).length).toBeGreaterThanOrEqual(4);
  });

  test('the second checkout (read-only token, empty local cache) gets remote hits and identical artifacts', async () => {
    const putsBefore = server.log.filter((l) => l.method === 'PUT').length;
    const r = expectOk(await b.nxAsync(compileBoth, remoteEnv('pr-read')));
    const status = cacheStatus(r.output);
    expect(status['with-source:compile']).toBe('remote');
    expect(status['empty-src:compile']).toBe('remote');
    expect(server.log.filter((l) => l.method === 'PUT').length).toBe(putsBefore);
    for (const w of ['with-source', 'empty-src']) {
      const rel = `dist/mvmforge/corpus/${w}/artifact`;
      expect(treeSnapshot(b.path(rel))).toEqual(treeSnapshot(a.path(rel)));
    }
    const withSource = treeSnapshot(b.path('dist/mvmforge/corpus/with-source/artifact'));
    expect(withSource['src/hello/__main__.py']).toMatch(/^file 0644 /);
    expect(treeSnapshot(b.path('dist/mvmforge/corpus/empty-src/artifact'))['src/']).toMatch(/^dir /);
    expect(treeSnapshot(b.path('dist/mvmforge/corpus/empty-src/artifact'))['src/app.py']).toMatch(/^file 0644 /);
  });

  test('an unknown token is refused (403) and Nx shows the server message', async () => {
    rmSync(b.path('.nx'), { recursive: true, force: true });
    const r = await b.nxAsync(['run', 'hello-app:emit', '--outputStyle=static'], remoteEnv('wrong'));
    expect(server.log.some((l) => l.status === 403)).toBe(true);
    // Nx 24 treats a refused remote cache as a misconfiguration and fails the run loudly.
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('403 Forbidden');
  });
});
