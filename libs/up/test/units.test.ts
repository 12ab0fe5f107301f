/** Small pure pieces of `up`: the flake-path rule, argv masking, the abortable compile walk. */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileWorkload } from '@mvmforge/codegen';
import { parseWorkload } from '@mvmforge/ir';
import { flakeRef, maskArgv, secretVarsOf, unsafeFlakePathChar } from '@mvmforge/up';
import { tempDir } from './helpers';

describe('unsafeFlakePathChar (validate_flake_ref at crates/mvm-core/src/naming.rs@4c6362e, plus what an unquoted shell line re-splits)', () => {
  test.each(['/tmp/mvmforge-up-Ab12/artifact', '/home/u/ws/dist/mvmforge/corpus/with-source/artifact', '/a/b+c=d@e,f:g_h.i'])(
    '%s is handed over as is',
    (p) => {
      expect(unsafeFlakePathChar(p)).toBeUndefined();
      expect(flakeRef(p)).toBe(`path:${p}`);
    },
  );
  test.each([
    ['/a b', ' '],
    ['/a\tb', '\t'],
    ['/x;y', ';'],
    ['/x|y', '|'],
    ['/x&y', '&'],
    ['/x$y', '$'],
    ['/x(y', '('],
    ['/x`y', '`'],
    ['/x!y', '!'],
    ['/x<y', '<'],
    ["/x'y", "'"],
    ['/x"y', '"'],
    ['/x*y', '*'],
    ['/x?y', '?'],
    ['/x#y', '#'],
    ['/x%y', '%'],
    ['/~x', '~'],
    ['/x\ny', '\n'],
    ['/jos\u00e9', '\u00e9'],
  ])('%j is refused at %j', (p, c) => {
    expect(unsafeFlakePathChar(p)).toBe(c);
  });
});

describe('maskArgv', () => {
  test('masks -e/--env/-s/--secret values in every form and IR secret vars; leaves the rest', () => {
    const argv = [
      'machine',
      'run',
      '--flake',
      'path:/a',
      '-e',
      'A=1',
      '--env',
      'B=2',
      '--env=C=3',
      '-eD=4',
      '-s',
      'K=v:host',
      '--secret=L=w:h',
      'API_TOKEN=x',
      '--name',
      'vm',
      'OTHER=y',
      '-e',
    ];
    expect(maskArgv(argv, new Set(['API_TOKEN']))).toEqual([
      'machine',
      'run',
      '--flake',
      'path:/a',
      '-e',
      'A=***',
      '--env',
      'B=***',
      '--env=C=***',
      '-eD=***',
      '-s',
      'K=***',
      '--secret=L=***',
      'API_TOKEN=***',
      '--name',
      'vm',
      'OTHER=y',
      '-e',
    ]);
  });
  test('secretVarsOf reads launch.json secrets[].var', () => {
    expect([...secretVarsOf({ secrets: [{ var: 'API_TOKEN', name: 'n' }, { name: 'no-var' }, 'junk'] })]).toEqual(['API_TOKEN']);
    expect([...secretVarsOf({})]).toEqual([]);
  });
});

describe('compileWorkload signal option (the walk checks it at every entry)', () => {
  function workloadIn(dir: string, files: number) {
    mkdirSync(join(dir, 'app'), { recursive: true });
    for (let i = 0; i < files; i += 1) writeFileSync(join(dir, 'app', `f${String(i).padStart(3, '0')}.py`), 'x\n');
    const ir = {
      apps: [
        {
          dependencies: null,
          entrypoints: [{ command: ['python', '-m', 'app'], env: {}, kind: 'command', working_dir: '/app' }],
          env: {},
          image: { kind: 'nix_packages', packages: ['python312'] },
          mounts: [],
          name: 'walk',
          network: null,
          resources: { cpu_cores: 1, memory_mb: 256, rootfs_size_mb: 512 },
          source: { exclude: [], include: [], kind: 'local_path', path: '.' },
        },
      ],
      extensions: {},
      id: 'walk',
      schema_version: '0.1',
      volumes: [],
    };
    return parseWorkload(JSON.stringify(ir));
  }

  test('an abort during the walk stops it at the next entry: the walk never reaches the end, nothing is written', async () => {
    const dir = tempDir();
    const parsed = workloadIn(dir, 200);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    let checks = 0;
    const reason = new Error('stop');
    // An AbortSignal whose check fails on the 5th look: proof that the walk itself looks, per entry.
    const signal = {
      throwIfAborted: () => {
        checks += 1;
        if (checks >= 5) throw reason;
      },
      aborted: false,
    } as unknown as AbortSignal;
    const out = join(dir, '..', `${require('node:path').basename(dir)}-out`);
    await expect(compileWorkload({ workload: parsed.workload, manifestDir: dir, out, signal })).rejects.toBe(reason);
    expect(checks).toBe(5);
    expect(existsSync(out)).toBe(false);
  });

  test('an already-aborted signal rejects with its reason before anything is walked', async () => {
    const dir = tempDir();
    const parsed = workloadIn(dir, 3);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const controller = new AbortController();
    controller.abort(new Error('early'));
    await expect(
      compileWorkload({ workload: parsed.workload, manifestDir: dir, out: join(dir, 'out'), signal: controller.signal }),
    ).rejects.toThrow('early');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
