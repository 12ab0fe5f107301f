import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCliSync } from '../../../fixtures/test-support/cli';
import { hintFor } from '@mvmforge/ir';

// End-to-end tests of `mvmforge hash | canonicalize | validate | explain` against the built CLI.
const root = REPO_ROOT;
const fixtures = join(root, 'libs/ir/test/fixtures');
const HELLO_HASH = 'bf6f9f61571d7c5080144d83b681eb6718d76ab30ab80f61a715c50ac85b6ab3';

function cli(args: string[], stdin?: string | Buffer) {
  const r = runCliSync(args, { input: stdin, env: { ...process.env, MVMFORGE_DEBUG: '' } });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stdoutBytes: r.stdout, stderr: r.stderr.toString('utf8') };
}

const tmp = mkdtempSync(join(tmpdir(), 'mvmforge-ir-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
function writeDoc(name: string, doc: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return p;
}
const hello = () => JSON.parse(readFileSync(join(fixtures, 'hello.min.json'), 'utf8'));

describe('mvmforge hash', () => {
  it('prints the ir_hash and one LF for a file and for stdin', () => {
    const r = cli(['hash', join(fixtures, 'hello.min.json')]);
    expect(r).toMatchObject({ status: 0, stdout: `${HELLO_HASH}\n`, stderr: '' });
    expect(cli(['hash', '-'], readFileSync(join(fixtures, 'hello.defaults.json'))).stdout).toBe(`${HELLO_HASH}\n`);
  });

  it('does not validate: an invalid but parseable document still has a hash', () => {
    const d = hello();
    d.id = 'Not-Valid';
    const r = cli(['hash', writeDoc('invalid.json', d)]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('exits 1 with coded parse errors (and hints), no stack trace', () => {
    const r = cli(['hash', '-'], '{"schema_version":"0.1","id":"x","apps":[],"id":"y"}');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^E_MALFORMED_MANIFEST at \.id: duplicate key "id"\n {2}hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('input bytes reach the strict reader undecoded: a BOM or invalid UTF-8 is E_MALFORMED_MANIFEST at ., exit 1', () => {
    const min = readFileSync(join(fixtures, 'hello.min.json'));
    const bom = cli(['hash', '-'], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), min]));
    expect(bom.status).toBe(1);
    expect(bom.stdout).toBe('');
    expect(bom.stderr).toMatch(/^E_MALFORMED_MANIFEST at \.: a byte-order mark/);
    // 0xff inside a string: never replaced by U+FFFD (which would hash).
    const bad = Buffer.from(min.toString('utf8').replace('"hello"', '"hel\u0001lo"'), 'utf8');
    bad[bad.indexOf(0x01)] = 0xff;
    for (const args of [
      ['hash', '-'],
      ['validate', '-'],
    ]) {
      const r = cli(args, bad);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^E_MALFORMED_MANIFEST at \.: input is not valid UTF-8/);
    }
    const file = join(tmp, 'bad-utf8.json');
    writeFileSync(file, bad);
    expect(cli(['hash', file]).stderr).toMatch(/^E_MALFORMED_MANIFEST at \.: input is not valid UTF-8/);
  });

  it('a missing file is E_INPUT_NOT_FOUND naming the path, with its own hint, exit 1', () => {
    const missing = join(tmp, 'missing.json');
    const r = cli(['hash', missing]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`E_INPUT_NOT_FOUND: ${JSON.stringify(missing)}: no such file\n  hint: ${hintFor('E_INPUT_NOT_FOUND')}\n`);
  });
});

describe('mvmforge canonicalize', () => {
  it.each(['hello.min.json', 'hello.defaults.json', 'hello.canonical.txt'])(
    'prints exactly the §12.1 bytes for %s (no trailing newline)',
    (file) => {
      const r = cli(['canonicalize', join(fixtures, file)]);
      expect(r.status).toBe(0);
      expect(r.stdoutBytes.equals(readFileSync(join(fixtures, 'hello.canonical.txt')))).toBe(true);
    },
  );

  it('keeps non-ASCII raw and sorts keys by bytes', () => {
    const d = hello();
    d.extensions = { '9': 'é', '10': '\u2028', '😀': 1, '\uffff': 2 };
    const r = cli(['canonicalize', writeDoc('ext.json', d)]);
    expect(r.stdout).toContain('"extensions":{"10":"\u2028","9":"é","\uffff":2,"😀":1}');
  });

  it('exits 1 on a parse error, with nothing on stdout', () => {
    const r = cli(['canonicalize', '-'], '{"a":');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^E_MALFORMED_MANIFEST at \.: invalid JSON at 1:6/);
  });
});

describe('mvmforge validate', () => {
  it('exit 0 and {"ok":true,"errors":[]} for a valid document', () => {
    expect(cli(['validate', join(fixtures, 'hello.min.json')])).toMatchObject({ status: 0, stderr: '' });
    const r = cli(['validate', '--json', join(fixtures, 'adder.json')]);
    expect(r).toMatchObject({ status: 0, stdout: '{"ok":true,"errors":[]}\n' });
  });

  it('exit 1 with every error; --json gives exactly code/path/detail', () => {
    const d = hello();
    d.apps.push({ ...d.apps[0], name: 'Bad' });
    const r = cli(['validate', '--json', writeDoc('two-apps.json', d)]);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['ok', 'errors']);
    expect(doc.ok).toBe(false);
    expect(doc.errors.map((e: { code: string; path: string }) => `${e.code} at ${e.path}`)).toEqual([
      'E_MULTI_APP_DEFERRED at .apps',
      'E_INVALID_ID at .apps[1].name',
    ]);
    for (const e of doc.errors) expect(Object.keys(e)).toEqual(['code', 'path', 'detail']);
  });

  it('human form: one line per error, each followed by the registry hint', () => {
    const d = hello();
    d.apps[0].env = { 'MY-VAR': { kind: 'literal', value: 'x' } };
    d.apps[0].entrypoints[0].command = ['/bin/sh', '-c', 'python -m hello'];
    const r = cli(['validate', writeDoc('env.json', d)]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^E_INVALID_ENV_NAME at \.apps\[0\]\.env\["MY-VAR"\]: /);
    expect(lines[1]).toMatch(/^ {2}hint: /);
    expect(lines[2]).toMatch(/^E_SHELL_ENTRYPOINT_FORBIDDEN at \.apps\[0\]\.entrypoint\.command: /);
    expect(lines[3]).toMatch(/^ {2}hint: /);
  });

  it('parse errors are exit 1 (also in --json)', () => {
    const r = cli(['validate', '--json', '-'], '{"schema_version":"0.1","id":"x","apps":[],"cpus":1}');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      errors: [{ code: 'E_UNKNOWN_FIELD', path: '.cpus', detail: 'unknown field "cpus"' }],
    });
  });

  it('an I/O error is a coded error, exit 1 as in every verb; a missing argument or unknown flag is exit 2', () => {
    // Changed deliberately: validate exited 2 for an unreadable input while hash exited 1 (one exit table, apps/cli/src/exit.ts).
    const io = cli(['validate', join(tmp, 'missing.json')]);
    expect(io.status).toBe(1);
    expect(io.stderr).toMatch(/^E_INPUT_NOT_FOUND: ".*missing\.json": no such file\n/);
    expect(cli(['validate', '--json', tmp]).status).toBe(1);
    expect(cli(['validate']).status).toBe(2);
    expect(cli(['validate', '--bogus', join(fixtures, 'hello.min.json')]).status).toBe(2);
  });

  it('never changes the input file', () => {
    const p = writeDoc('keep.json', '{"schema_version":"0.1","id":"Bad","apps":[]}');
    cli(['validate', p]);
    expect(readFileSync(p, 'utf8')).toBe('{"schema_version":"0.1","id":"Bad","apps":[]}');
  });
});

describe('a .py entry (through the Python SDK)', () => {
  const entry = join(root, 'corpus/hello-app/app.py');

  it('hash/canonicalize of app.py equal those of the IR `mvmforge emit` prints; validate accepts it', () => {
    const emitted = cli(['emit', entry]);
    expect(emitted.status).toBe(0);
    const viaPy = cli(['hash', entry]);
    expect(viaPy.status).toBe(0);
    expect(viaPy.stdout).toBe(cli(['hash', '-'], emitted.stdoutBytes).stdout);
    expect(cli(['canonicalize', entry]).stdout).toBe(cli(['canonicalize', '-'], emitted.stdoutBytes).stdout);
    expect(cli(['validate', entry]).status).toBe(0);
  });

  it('a mistyped .py path is E_INPUT_NOT_FOUND naming it (never a JSON/BOM hint) in validate, hash, canonicalize, compile, up, emit', () => {
    const missing = join(tmp, 'missing.py');
    const v = cli(['validate', missing]);
    expect(v.status).toBe(1);
    for (const r of [
      v,
      cli(['hash', missing]),
      cli(['canonicalize', missing]),
      cli(['compile', missing, '--out', join(tmp, 'never')]),
      cli(['up', missing]),
      cli(['emit', missing]),
    ]) {
      expect(r.stderr).toContain(`E_INPUT_NOT_FOUND: ${JSON.stringify(missing)}: no such file`);
      expect(r.stderr).not.toMatch(/E_MALFORMED_MANIFEST|E_EMIT_FAILED|BOM|JSON object/);
      expect(r.status).toBe(1);
    }
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });
});

describe('mvmforge explain', () => {
  it('explains a code, case-insensitively and without the E_ prefix', () => {
    const r = cli(['explain', 'E_SHELL_ENTRYPOINT_FORBIDDEN']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^E_SHELL_ENTRYPOINT_FORBIDDEN {2}\(stage: validate\)\n/);
    expect(r.stdout).toContain('  hint: ');
    expect(cli(['explain', 'shell_entrypoint_forbidden']).stdout).toBe(r.stdout);
  });

  it('--json gives the registry entry', () => {
    const r = cli(['explain', '--json', 'E_UNKNOWN_FIELD']);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ code: 'E_UNKNOWN_FIELD', stage: 'parse' });
    expect(typeof doc.hint).toBe('string');
  });

  it('an unknown code exits 1 and suggests near misses', () => {
    const r = cli(['explain', 'E_INVALID_WORKDIR']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('did you mean: E_INVALID_WORKING_DIR');
    const j = cli(['explain', '--json', 'E_UNKNOWN_FEILD']);
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual({ code: 'E_UNKNOWN_FEILD', known: false, suggestions: ['E_UNKNOWN_FIELD'] });
  });

  it('--list prints every code; --list --json prints the registry document', () => {
    const r = cli(['explain', '--list']);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').length).toBe(
      Object.keys(JSON.parse(readFileSync(join(root, 'libs/ir/error-codes.json'), 'utf8')).codes).length,
    );
    const j = JSON.parse(cli(['explain', '--list', '--json']).stdout);
    expect(j).toEqual(JSON.parse(readFileSync(join(root, 'libs/ir/error-codes.json'), 'utf8')));
  });

  it('no code and no --list is a usage error (exit 2)', () => {
    expect(cli(['explain']).status).toBe(2);
  });
});

describe('--help', () => {
  it.each(['hash', 'canonicalize', 'validate', 'explain'])('%s --help exits 0 and shows usage', (verb) => {
    const r = cli([verb, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: mvmforge ${verb}`);
  });
});
