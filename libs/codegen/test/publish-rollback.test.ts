/** §8.2 step 4, two-rename fallback: when moving the staging directory into place fails, the old artifact goes back. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stageAndPublish } from '../src/publish';
import { codesOf, removeDir, tempDir } from './helpers';

const mockRenameFailure = { staging: false };
jest.mock('node:fs/promises', () => {
  const real = jest.requireActual('node:fs/promises');
  return {
    ...real,
    rename: async (from: string, to: string) => {
      if (mockRenameFailure.staging && String(from).includes('.mvmforge-staging-')) {
        throw Object.assign(new Error('EXDEV: cross-device link not permitted (simulated)'), { code: 'EXDEV' });
      }
      return real.rename(from, to);
    },
  };
});

test('if the second rename fails, the previous artifact is renamed back and staging removed', async () => {
  const dir = tempDir();
  try {
    const out = join(dir, 'artifact');
    await stageAndPublish(out, async (s) => writeFileSync(join(s, 'a'), 'a'));
    mockRenameFailure.staging = true;
    const diags = await codesOf(() => stageAndPublish(out, async (s) => writeFileSync(join(s, 'b'), 'b'), { twoRenamesOnly: true }));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_STAGING_FAILED']);
    expect(diags[0].detail).toContain('simulated');
    expect(readdirSync(dir)).toEqual(['artifact']);
    expect(readdirSync(out)).toEqual(['a']);
  } finally {
    mockRenameFailure.staging = false;
    removeDir(dir);
  }
});
