import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOutputOrSibling, siblingPath, stageAndPublish } from '../src/publish';
import { codesOf, removeDir, snapshotTree, tempDir } from './helpers';

let dir: string;
let out: string;
beforeEach(() => {
  dir = tempDir();
  out = join(dir, 'parent', 'artifact');
});
afterEach(() => removeDir(dir));

const fillWith = (name: string) => async (staging: string) => {
  writeFileSync(join(staging, name), name);
  return name;
};

describe('stageAndPublish (artifact-v1 §8.2)', () => {
  test('staging and backup names are hidden siblings with pid and randomness', () => {
    const s = siblingPath(out, 'staging');
    expect(s).toMatch(new RegExp(`/parent/\\.artifact\\.mvmforge-staging-${process.pid}-[0-9a-f]{12}$`));
    expect(siblingPath(out, 'staging')).not.toBe(s);
    expect(siblingPath(out, 'old')).toMatch(/\/\.artifact\.mvmforge-old-\d+-[0-9a-f]{12}$/);
    expect(isOutputOrSibling(out, s, s.split('/').pop()!)).toBe(true);
    expect(isOutputOrSibling(out, out, 'artifact')).toBe(true);
    expect(isOutputOrSibling(out, join(dir, 'parent', '.other.mvmforge-staging-1-x'), '.other.mvmforge-staging-1-x')).toBe(false);
  });

  test('creates the parents and publishes a new directory (mode 0755)', async () => {
    expect(await stageAndPublish(out, fillWith('a'))).toBe('a');
    expect(snapshotTree(join(dir, 'parent'))).toEqual({
      artifact: 'd 0755',
      'artifact/a': `f 0644 ${Buffer.from('a').toString('base64')}`,
    });
  });

  test('replaces an existing directory and removes the backup', async () => {
    await stageAndPublish(out, fillWith('a'));
    await stageAndPublish(out, fillWith('b'));
    expect(readdirSync(join(dir, 'parent'))).toEqual(['artifact']);
    expect(readdirSync(out)).toEqual(['b']);
  });

  test('a failing fill removes the staging directory and leaves the previous artifact', async () => {
    await stageAndPublish(out, fillWith('a'));
    await expect(
      stageAndPublish(out, async (staging) => {
        mkdirSync(join(staging, 'src', 'deep'), { recursive: true });
        writeFileSync(join(staging, 'src', 'deep', 'x'), 'x');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readdirSync(join(dir, 'parent'))).toEqual(['artifact']);
    expect(readdirSync(out)).toEqual(['a']);
  });

  test('parents created for a failed publish are removed again; existing ones are kept', async () => {
    mkdirSync(join(dir, 'keep'));
    const deep = join(dir, 'keep', 'a', 'b', 'artifact');
    await expect(stageAndPublish(deep, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(readdirSync(dir)).toEqual(['keep']);
    expect(readdirSync(join(dir, 'keep'))).toEqual([]);
  });

  test('a parent that cannot be created is E_COMPILE_STAGING_FAILED', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const diags = await codesOf(() => stageAndPublish(join(dir, 'file', 'sub', 'artifact'), fillWith('a')));
    expect(diags.map((d) => d.code)).toEqual(['E_COMPILE_STAGING_FAILED']);
  });

  test('signal handlers are removed afterwards', async () => {
    const before = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    await stageAndPublish(out, fillWith('a'));
    await stageAndPublish(out, async () => {
      throw new Error('x');
    }).catch(() => undefined);
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(before);
  });
});
