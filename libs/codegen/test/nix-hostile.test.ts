/**
 * Hostile strings end to end: env values, argv words and working dirs go through the real compile
 * pipeline (IR → launch.json + the §5.3 template), the stand-in mkGuest (real `nix eval`), and the
 * rendered init lines are
 * then run by a real POSIX shell the way mvm's init runs them. The program must see exactly the
 * original argv and environment; preStart must receive exactly the working directory.
 *
 * Cases are evaluated in batches: one probe flake takes every artifact of a batch as an input,
 * so a batch of 25 costs one `nix eval`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { nixEvalJson, useStubFlakes } from '../../../fixtures/nix/harness';
import { compileIr } from '../../../fixtures/nix/compile';
import { RESERVED_PROGRAM_NAMES, runRenderedService } from '../../../fixtures/nix/init-shell';
import { checkArtifact } from '@mvmforge/nix-check';

interface HostileCase {
  command: string[];
  workingDir: string;
  env: Record<string, string>;
  epEnv: Record<string, string>;
}

const ID = 'hostile';

// Pieces a shell or Nix would treat specially, plus non-ASCII and control characters.
const NASTY = [
  '${x}',
  '${',
  '$',
  '$(id)',
  '`id`',
  "''",
  "'",
  '"',
  '\\',
  "\\'",
  "'\\''",
  '\n',
  '\r',
  '\t',
  ' ',
  '  ',
  '*',
  '?',
  '[a]',
  '~',
  '#',
  ';',
  '&',
  '|',
  '<',
  '>',
  '(',
  ')',
  '{',
  '}',
  '!',
  '%',
  '-',
  '--',
  '=',
  'é',
  '日本',
  '🙂',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\u2028',
  '$HOME',
  '"$@"',
  '\\n',
  'a b',
];

const wellFormed = (s: string) => !s.includes('\0') && s.isWellFormed();
const hostileString = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(...NASTY),
    fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 3 })), { maxLength: 6 }).map((a) => a.join('')),
  )
  .filter(wellFormed);

// argv[0] becomes a file name the shell finds on PATH: no '/', not '.'/'..', not a fake's name,
// and not a shell launcher (the validator refuses those, ir-v0 §10.4).
const LAUNCHERS = ['sh', 'bash', 'dash', 'ash', 'zsh', 'fish', 'ksh', 'mksh', 'csh', 'tcsh', 'env', 'busybox'];
const programName = hostileString.filter(
  (s) =>
    s.length > 0 &&
    s.length <= 40 &&
    !s.includes('/') &&
    s !== '.' &&
    s !== '..' &&
    !RESERVED_PROGRAM_NAMES.includes(s) &&
    !LAUNCHERS.includes(s),
);

// ir-v0 §10.2: absolute, normalized, no LF/CR/NUL, not '/'.
const pathComponent = hostileString.filter(
  (s) => s.length > 0 && !s.includes('/') && !s.includes('\n') && !s.includes('\r') && s !== '.' && s !== '..',
);
const workingDir = fc.array(pathComponent, { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);

// Keys are valid shell names (ir-v0 §10.3); a prefix keeps them clear of PATH, IFS, CASE_DIR, ….
const envMap = fc.dictionary(
  fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/).map((k) => `MVMT_${k}`),
  hostileString,
  { maxKeys: 3 },
);

const hostileCase: fc.Arbitrary<HostileCase> = fc.record({
  command: fc.tuple(programName, fc.array(hostileString, { maxLength: 5 })).map(([p, rest]) => [p, ...rest]),
  workingDir,
  env: envMap,
  epEnv: envMap,
});

const FIXED_CASES: HostileCase[] = [
  { command: ['python', '-m', 'hello'], workingDir: '/app', env: {}, epEnv: {} },
  {
    command: ["it's", '', ' ', "'", '"', '\\', '${HOME}', '$(touch /tmp/pwned)', '`id`', 'a\nb', "''", "\\'", 'é🙂'],
    workingDir: '/srv/it\'s a dir/${x}/$(id)/`id`/"q"/\\/é',
    env: { MVMT_A: "it's", MVMT_B: '${HOME} $(id) `id` "q" \\ \n second line', MVMT_C: '' },
    epEnv: { MVMT_B: "override'd", MVMT_D: "'\\''" },
  },
  { command: ['-x', '--', '-'], workingDir: '/-n', env: { MVMT_E: '-e' }, epEnv: {} },
  { command: ['cd'], workingDir: '/a b/c\td', env: { MVMT_F: '\u0001\u007f\t\r' }, epEnv: {} },
];

describeWithNix('hostile strings through the template, the stand-in mkGuest and a real shell', () => {
  const suite = useStubFlakes('mvmforge-hostile-');
  let batchNo = 0;

  /** The IR document of one case (JSON.stringify escapes every string exactly). */
  function irFor(c: HostileCase): string {
    const literal = (m: Record<string, string>) =>
      Object.fromEntries(Object.entries(m).map(([k, value]) => [k, { kind: 'literal', value }]));
    return JSON.stringify({
      schema_version: '0.1',
      id: ID,
      apps: [
        {
          name: ID,
          source: { kind: 'local_path', path: '.' },
          image: { kind: 'nix_packages', packages: ['python312'] },
          entrypoints: [{ kind: 'command', command: c.command, working_dir: c.workingDir, env: literal(c.epEnv) }],
          env: literal(c.env),
          resources: { cpu_cores: 1, memory_mb: 256, rootfs_size_mb: 512 },
        },
      ],
    });
  }

  /** Compiles one artifact per case, evaluates all rendered services with ONE nix eval, runs each. */
  async function checkBatch(cases: HostileCase[]): Promise<string[]> {
    const batchDir = join(suite.work, `batch-${batchNo++}`);
    const inputs = [];
    for (const [i, c] of cases.entries()) {
      const project = join(batchDir, `project-${i}`);
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, 'app.py'), '# hostile-string case\n'); // an empty bundle is E_SOURCE_BUNDLE_EMPTY
      const out = join(batchDir, `artifact-${i}`);
      await compileIr(irFor(c), project, out, suite.stubs.guestLibUrl);
      inputs.push({ name: `c${i}`, url: `path:${out}` });
    }
    // Test-only Nix source: the input names and temp paths are generated here and URL-safe.
    const probeDir = join(batchDir, 'probe');
    mkdirSync(probeDir);
    writeFileSync(
      join(probeDir, 'flake.nix'),
      [
        '{',
        ...inputs.map((i) => `  inputs.${i.name}.url = "${i.url}";`),
        '  outputs = { self, ... }@inputs: {',
        '    rendered = map (n: let g = inputs.${n}.packages.x86_64-linux.default; in {',
        `      service = g.renderedServices.${ID};`,
        '      app = builtins.head g.mvmGuestArgs.packages;',
        `    }) [ ${inputs.map((i) => `"${i.name}"`).join(' ')} ];`,
        '  };',
        '}',
        '',
      ].join('\n'),
    );
    const rendered = nixEvalJson(`path:${probeDir}#rendered`) as { service: string; app: string }[];
    expect(rendered).toHaveLength(cases.length);

    cases.forEach((c, i) => {
      const run = runRenderedService(join(batchDir, `run-${i}`), rendered[i].service, c.command[0]);
      const context = `case ${i}: ${JSON.stringify(c)}\nrendered:\n${rendered[i].service}\nstderr:\n${run.stderr}`;
      expect({ context, status: run.status }).toEqual({ context, status: 0 });
      expect({ context, argv: run.argv }).toEqual({ context, argv: c.command });
      expect({ context, cd: run.cd }).toEqual({ context, cd: [c.workingDir] });
      const parent = c.workingDir.slice(0, c.workingDir.lastIndexOf('/')) || '/';
      expect({ context, mkdir: run.mkdir }).toEqual({ context, mkdir: ['-p', parent] });
      expect({ context, ln: run.ln }).toEqual({ context, ln: ['-sfn', rendered[i].app, c.workingDir] });
      expect(run.su?.slice(2, 3)).toEqual(['-c']);
      expect(run.su?.[4]).toBe('mvm');
      const expectedEnv = { ...c.env, ...c.epEnv };
      const seen = Object.fromEntries([...(run.env ?? new Map())].filter(([k]) => k.startsWith('MVMT_')));
      expect({ context, env: seen }).toEqual({ context, env: expectedEnv });
    });
    return inputs.map((i) => i.url.slice('path:'.length));
  }

  test('fixed nasty cases (quotes, $, backticks, newlines, backslashes, non-ASCII, leading dashes)', async () => {
    const artifacts = await checkBatch(FIXED_CASES);
    // mvmforge check's four-way comparison holds for hostile strings too (JSON through Nix and back).
    for (const dir of artifacts) {
      await expect(checkArtifact(dir, { system: 'x86_64-linux' })).resolves.toMatchObject({ name: `mvm-${ID}` });
    }
  });

  test('fast-check generated cases, 25 per nix eval', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileCase, { minLength: 25, maxLength: 25 }), async (batch) => {
        await checkBatch(batch);
      }),
      // Each shrink step costs a nix eval and 25 shell runs; the failure context already names
      // the exact case, so report the first failing batch (with its seed) instead of shrinking.
      { numRuns: 3, endOnFailure: true },
    );
  });
});
