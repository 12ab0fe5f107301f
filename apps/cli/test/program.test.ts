// The `mvmforge` program itself: version, help, and usage errors (exit 2) before any command runs.
import { TOOLCHAIN_VERSION } from '@mvmforge/ir';
import { runCliSync } from '../../../fixtures/test-support/cli';

const COMMANDS = ['emit', 'validate', 'hash', 'canonicalize', 'compile', 'check', 'up', 'explain'];

function cli(args: string[]) {
  const r = runCliSync(args);
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

test('--version and -V print the toolchain version', () => {
  for (const flag of ['--version', '-V']) {
    const r = cli([flag]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${TOOLCHAIN_VERSION}\n`);
  }
});

test('--help lists every command, in pipeline order', () => {
  const r = cli(['--help']);
  expect(r.status).toBe(0);
  const listed = [...r.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
  expect(listed).toEqual(COMMANDS);
});

test.each(COMMANDS)('%s --help exits 0', (command) => {
  const r = cli([command, '--help']);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`Usage: mvmforge ${command}`);
});

test('no command, an unknown command or an unknown option is a usage error (2) with usage on stderr', () => {
  for (const args of [[], ['bogus'], ['--bogus'], ['compile', 'x.json']]) {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: mvmforge');
    expect(r.stdout).toBe('');
  }
});
