/**
 * The later-era stand-ins are as strict as upstream where the template depends on them: exact
 * formals (Nix itself refuses anything else), the entrypoint one-of rule of
 * nix/lib/mk-guest.nix@055a9572, the c022a74 assertions, and the 5a4fba9 factory formals that
 * made our old `concurrency` argument fail (E5 of the upstream notes).
 */
import { join } from 'node:path';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { nixEval, nixEvalJson, useStubFlakes, writeProbeFlake } from '../../../fixtures/nix/harness';

describeWithNix('stand-ins of the later mvm eras', () => {
  const suite = useStubFlakes();
  let n = 0;
  const probe = (url: string, body: string): string => writeProbeFlake(join(suite.stubs.dir, `probe-eras-${n++}`), url, body);
  const fails = (url: string, body: string, message: string) => {
    const r = nixEval(['--json', `${probe(url, body)}#r`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(message);
  };

  test('c022a74: exactly the parent flake formals (nix/flake.nix@c022a74 l.189-241)', () => {
    expect(nixEvalJson(`${probe(suite.stubs.c022a74Url, '{ r = builtins.functionArgs mvm.lib.x86_64-linux.mkGuest; }')}#r`)).toEqual({
      name: false,
      packages: true,
      services: true,
      healthChecks: true,
      users: true,
      hostname: true,
      serviceGroup: true,
      cacert: true,
      hypervisor: true,
      guestAgent: true,
      verifiedBoot: true,
      variant: true,
      role: true,
      extraFiles: true,
    });
    fails(
      suite.stubs.c022a74Url,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; entrypoint = { }; }).name; }',
      "called with unexpected argument 'entrypoint'",
    );
    fails(
      suite.stubs.c022a74Url,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; variant = "staging"; }).name; }',
      'variant must be one of prod, dev',
    );
    expect(nixEvalJson(`${probe(suite.stubs.c022a74Url, '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; }).name; }')}#r`)).toBe(
      'mvm-x-prod',
    );
  });

  test('nix/dev@c022a74: no nixpkgs input, a formals-less wrapper, and the 20f776e assertion without verifiedBoot = false', () => {
    expect(
      nixEvalJson(
        `${probe(suite.stubs.c022a74DevUrl, '{ r = { formals = builtins.functionArgs mvm.lib.x86_64-linux.mkGuest; inputs = builtins.attrNames mvm.inputs; }; }')}#r`,
      ),
    ).toEqual({
      formals: {},
      inputs: ['mvm'],
    });
    fails(
      suite.stubs.c022a74DevUrl,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; }).name; }',
      'variant="dev" cannot compose with verifiedBoot=true',
    );
    expect(
      nixEvalJson(
        `${probe(suite.stubs.c022a74DevUrl, '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; verifiedBoot = false; }).name; }')}#r`,
      ),
    ).toBe('mvm-x-dev');
  });

  test('5a4fba9: the per-language factories have exactly their formals, so concurrency is refused', () => {
    expect(
      nixEvalJson(
        `${probe(suite.stubs.perLanguageFactoryUrl, '{ r = builtins.functionArgs mvm.lib.x86_64-linux.mkPythonFunctionService; }')}#r`,
      ),
    ).toEqual({
      pkgs: false,
      workloadId: false,
      module: false,
      function: false,
      format: false,
      appPkg: false,
      sourcePath: true,
    });
    fails(
      suite.stubs.perLanguageFactoryUrl,
      '{ r = (mvm.lib.x86_64-linux.mkPythonFunctionService { pkgs = { }; workloadId = "a"; module = "m"; function = "f"; format = "json"; appPkg = { }; concurrency = null; }).service; }',
      "called with unexpected argument 'concurrency'",
    );
  });

  test('entrypoint era: formals-less mkGuest around the 055a9572 formals; entrypoint required, exactly one form, no hostname', () => {
    expect(nixEvalJson(`${probe(suite.stubs.entrypointUrl, '{ r = builtins.functionArgs mvm.lib.x86_64-linux.mkGuest; }')}#r`)).toEqual({});
    fails(
      suite.stubs.entrypointUrl,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; entrypoint.command = [ "a" ]; hostname = "x"; }).name; }',
      "called with unexpected argument 'hostname'",
    );
    fails(
      suite.stubs.entrypointUrl,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; }).name; }',
      "called without required argument 'entrypoint'",
    );
    fails(
      suite.stubs.entrypointUrl,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; entrypoint = { }; }).name; }',
      'entrypoint must declare exactly one of',
    );
    fails(
      suite.stubs.entrypointUrl,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; entrypoint = { shell = "/bin/sh"; command = [ "a" ]; }; }).name; }',
      'exactly one form, not several',
    );
    fails(
      suite.stubs.entrypointUrl,
      '{ r = (mvm.lib.x86_64-linux.mkGuest { name = "x"; entrypoint.command = "a"; }).name; }',
      'entrypoint.command must be a non-empty list of strings',
    );
    const ok = nixEvalJson(
      `${probe(suite.stubs.entrypointUrl, `{ r = let g = mvm.lib.x86_64-linux.mkGuest { name = "x"; entrypoint.command = [ "/bin/a b" "it's" ]; }; in { inherit (g) entrypointScript entrypointUid; kind = g.mvm.entrypointKind; }; }`)}#r`,
    );
    // escapeShellArg rendering; command/services default to uid 1000 without uids.entrypoint.
    expect(ok).toEqual({ entrypointScript: `'/bin/a b' 'it'\\''s'`, entrypointUid: 1000, kind: 'command' });
  });

  test('entrypoint era: mkFunctionService has exactly the 081339ac formals (language required; its outputs are exercised by nix-eras.test.ts)', () => {
    expect(
      nixEvalJson(`${probe(suite.stubs.entrypointUrl, '{ r = builtins.functionArgs mvm.lib.x86_64-linux.mkFunctionService; }')}#r`),
    ).toEqual({
      pkgs: false,
      language: false,
      workloadId: false,
      module: false,
      function: false,
      format: false,
      appPkg: false,
      sourcePath: true,
      concurrency: true,
      hooks: true,
      files: true,
    });
    fails(
      suite.stubs.entrypointUrl,
      '{ r = mvm.lib.x86_64-linux.mkFunctionService { pkgs = { }; workloadId = "a"; module = "m"; function = "f"; format = "json"; appPkg = { }; }; }',
      "called without required argument 'language'",
    );
  });
});
