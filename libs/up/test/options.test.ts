import { upOptionsToArgs, UpUsageError } from '@mvmforge/up';

describe('upOptionsToArgs', () => {
  test('no options, no flags', () => {
    expect(upOptionsToArgs({})).toEqual([]);
  });

  test('every option maps to its mvmctl flag, in a fixed order', () => {
    expect(
      upOptionsToArgs({
        watch: true,
        env: { B: '2', A: 'x y' },
        detach: true,
        ports: ['8080:80', '2222:22'],
        memory: '512M',
        cpus: 2,
        name: 'my vm',
        hypervisor: 'qemu',
      }),
    ).toEqual([
      '--hypervisor',
      'qemu',
      '--name',
      'my vm',
      '--cpus',
      '2',
      '--memory',
      '512M',
      '-p',
      '8080:80',
      '-p',
      '2222:22',
      '-e',
      'A=x y',
      '-e',
      'B=2',
      '--detach',
      '--watch',
    ]);
  });

  test('env keys are ordered by UTF-8 bytes, not UTF-16 units', () => {
    // UTF-16 puts U+1F600 (surrogate 0xD83D) before U+FF5E; UTF-8 bytes (F0… vs EF…) put it after.
    const env = { '\u{1F600}': 'a', '\uFF5E': 'b', Z: 'c', a: 'd' };
    expect(upOptionsToArgs({ env })).toEqual(['-e', 'Z=c', '-e', 'a=d', '-e', '\uFF5E=b', '-e', '\u{1F600}=a']);
  });

  test('false and null flags are omitted', () => {
    expect(upOptionsToArgs({ detach: false, watch: null, name: null, cpus: undefined })).toEqual([]);
  });

  test.each([
    [{ cpus: 0 }, /cpus/],
    [{ cpus: 1.5 }, /cpus/],
    [{ name: '' }, /name/],
    [{ env: { 'A=B': 'x' } }, /env/],
  ])('%j is a usage error', (options, message) => {
    expect(() => upOptionsToArgs(options)).toThrow(UpUsageError);
    expect(() => upOptionsToArgs(options)).toThrow(message);
  });
});
