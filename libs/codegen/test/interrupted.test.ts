/**
 * Interrupted compiles (artifact-v1 §8.2 step 5): SIGKILL mid-copy leaves the previous artifact
 * intact and at most a hidden staging directory, which the next compile neither reuses nor
 * bundles, and deletes; SIGTERM/SIGINT remove the staging directory before the process dies.
 * Drives the built CLI (`npm run build` first).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync, existsSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN } from '../../../fixtures/test-support/cli';
import { removeDir, snapshotTree, tempDir } from './helpers';

const BIN = CLI_BIN;
const FILES = 300;
const FILE_BYTES = 1 << 20; // 300 MB in total: copying takes long enough to be interrupted

let ws: string;
let proj: string;
let out: string;
let dist: string;
beforeAll(() => {
  ws = tempDir('mvmforge-interrupt-');
  mkdirSync(join(ws, '.git'));
  proj = join(ws, 'proj');
  // The artifact lives inside the source root, so a leftover staging directory is in the walk.
  dist = join(proj, 'dist');
  out = join(dist, 'artifact');
  mkdirSync(join(proj, 'data'), { recursive: true });
  const chunk = Buffer.alloc(FILE_BYTES);
  for (let i = 0; i < FILES; i++) {
    chunk.fill(i & 0xff);
    chunk.writeUInt32BE(i, 0);
    const fd = openSync(join(proj, 'data', `f${String(i).padStart(4, '0')}.bin`), 'w');
    writeSync(fd, chunk);
    closeSync(fd);
  }
  writeFileSync(join(proj, 'small.txt'), 'small\n');
});
afterAll(() => removeDir(ws));

function manifest(name: string, include: string[]): string {
  const path = join(proj, name);
  writeFileSync(
    path,
    JSON.stringify({
      schema_version: '0.1',
      id: 'big',
      apps: [
        {
          name: 'big',
          source: { kind: 'local_path', path: '.', include },
          image: { kind: 'nix_packages', packages: [] },
          entrypoints: [{ kind: 'command', command: ['true'] }],
          resources: { cpu_cores: 1, memory_mb: 64, rootfs_size_mb: 64 },
        },
      ],
    }),
  );
  return path;
}

function compileSync(manifestPath: string) {
  return spawnSync(process.execPath, [BIN, 'compile', manifestPath, '--out', out, '--json', '--warn-bundle-mb', '1024'], {
    encoding: 'utf8',
    env: { ...process.env, MVMFORGE_MVM_FLAKE_URL: '' },
  });
}

const stagingDirs = () => readdirSync(dist).filter((n) => n.startsWith('.artifact.mvmforge-staging-'));

/** Starts a full compile and sends `signal` once its staging directory holds some copied data. */
async function interruptMidCopy(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn(
    process.execPath,
    [BIN, 'compile', manifest('all.json', ['small.txt', 'data/**']), '--out', out, '--warn-bundle-mb', '1024'],
    {
      stdio: 'ignore',
      env: { ...process.env, MVMFORGE_MVM_FLAKE_URL: '' },
    },
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const staging = stagingDirs();
    const dataDir = staging.length === 1 ? join(dist, staging[0], 'src', 'data') : undefined;
    if (dataDir && existsSync(dataDir) && readdirSync(dataDir).length >= 3) break;
    if (child.exitCode !== null) throw new Error('the compile finished before it could be interrupted');
    if (Date.now() > deadline) throw new Error('no staging directory appeared');
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill(signal);
  return new Promise((res) => child.on('exit', (code, sig) => res({ code, signal: sig })));
}

describe('interrupted compile', () => {
  test('SIGKILL mid-copy keeps the previous artifact; the next compile succeeds, bundles nothing of the leftover and reclaims it', async () => {
    const first = compileSync(manifest('small.json', ['small.txt']));
    expect(first.status).toBe(0);
    const previous = snapshotTree(out);

    const exit = await interruptMidCopy('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(snapshotTree(out)).toEqual(previous);
    const leftovers = stagingDirs();
    expect(leftovers).toHaveLength(1); // the only visible trace is hidden
    expect(readdirSync(dist).filter((n) => !n.startsWith('.'))).toEqual(['artifact']);

    // The next compile bundles the source root that contains dist/: neither the artifact nor the
    // leftover staging directory may end up in it.
    const next = compileSync(manifest('everything.json', ['**']));
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    const files = Object.keys(snapshotTree(join(out, 'src')));
    expect(files.filter((f) => f.startsWith('dist'))).toEqual([]);
    expect(files).toContain('small.txt');
    expect(files).toContain('data/f0299.bin');
    expect(JSON.parse(next.stdout).file_count).toBe(FILES + 3); // data + small.txt + the 2 other manifests (the compiled IR file itself is never bundled)
    // Never reused, and reclaimed by the next compile of the same --out (publish.ts recoverOut).
    expect(stagingDirs()).toEqual([]);
    expect(readdirSync(dist)).toEqual(['artifact']);
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('%s mid-copy removes the staging directory and keeps the previous artifact', async (sig) => {
    expect(compileSync(manifest('small.json', ['small.txt'])).status).toBe(0);
    const previous = snapshotTree(out);
    const exit = await interruptMidCopy(sig);
    expect(exit.signal).toBe(sig);
    expect(snapshotTree(out)).toEqual(previous);
    expect(readdirSync(dist)).toEqual(['artifact']);
  });
});
