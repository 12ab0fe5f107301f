/**
 * Golden artifacts: fixtures/golden/<workload>/ is the expected artifact of every corpus workload
 * compiled with the pinned mvm flake URL. Regenerate with `npm run build && node
 * scripts/update-golden.mjs` and review the diff. Drives the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, REPO_ROOT } from '../../../fixtures/test-support/cli';
import { entryName } from '../../../fixtures/test-support/corpus-entry';
import { removeDir, snapshotTree, tempDir } from './helpers';

const REPO = REPO_ROOT;
const BIN = CLI_BIN;
const GOLDEN = join(REPO, 'fixtures/golden');
const WORKLOADS = readdirSync(join(REPO, 'corpus'))
  .filter((w) => entryName(join(REPO, 'corpus', w)) !== undefined)
  .sort();

/**
 * A git checkout applies the umask to golden files (0644 may arrive as 0600), and git records only
 * "executable or not"; so golden modes are compared in that normalized form. The compiled side is
 * compared exactly: its modes never depend on the umask.
 */
function normalizedGolden(dir: string): Record<string, string> {
  const snap = snapshotTree(dir);
  for (const [path, entry] of Object.entries(snap)) {
    const abs = join(dir, path);
    const st = lstatSync(abs);
    if (st.isDirectory()) snap[path] = 'd 0755';
    else if (st.isFile()) snap[path] = entry.replace(/^f \d{4}/, `f ${st.mode & 0o111 ? '0755' : '0644'}`);
  }
  return snap;
}

let tmp: string;
beforeAll(() => (tmp = tempDir('mvmforge-golden-')));
afterAll(() => removeDir(tmp));

test('there is one golden artifact per corpus workload', () => {
  expect(
    readdirSync(GOLDEN)
      .filter((n) => !n.startsWith('.'))
      .sort(),
  ).toEqual(WORKLOADS);
});

test.each(WORKLOADS)('%s compiles to its golden artifact byte for byte', (w) => {
  const out = join(tmp, w);
  const env = { ...process.env };
  delete env.MVMFORGE_MVM_FLAKE_URL;
  const r = spawnSync(process.execPath, [BIN, 'compile', join(REPO, 'corpus', w, entryName(join(REPO, 'corpus', w))!), '--out', out], {
    env,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const actual = snapshotTree(out);
  const golden = normalizedGolden(join(GOLDEN, w));
  // Names and kinds/modes first, then each file's bytes as text so a failure shows a readable diff.
  const shape = (snap: Record<string, string>) =>
    Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.split(' ').slice(0, 2).join(' ')]));
  expect(shape(actual)).toEqual(shape(golden));
  for (const path of Object.keys(golden).filter((p) => golden[p].startsWith('f '))) {
    const text = (snap: Record<string, string>) => Buffer.from(snap[path].split(' ')[2] ?? '', 'base64').toString('utf8');
    expect({ path, text: text(actual) }).toEqual({ path, text: text(golden) });
  }
  expect(actual).toEqual(golden); // and the exact bytes
});
