/**
 * The stand-in guest-lib must behave like the services-era mkGuest where the template depends on
 * it: exactly its formals (Nix refuses anything else), typed arguments, `mvm-<name>`, and the
 * init lines that mvm would run, readable from the result.
 */
import { join } from 'node:path';
import { describeWithNix } from '../../../fixtures/test-support/requirements';
import { nixEval, nixEvalJson, nixEvalRaw, useStubFlakes, writeProbeFlake } from '../../../fixtures/nix/harness';

describeWithNix('stand-in guest-lib flake (services-era mkGuest)', () => {
  const suite = useStubFlakes();
  let n = 0;
  // Each probe is its own flake; the Nix expression text here is test code, not artifact output.
  const probe = (body: string): string => writeProbeFlake(join(suite.stubs.dir, `probe-${n++}`), suite.stubs.guestLibUrl, body);
  const mkGuestCall = (args: string) => `{ r = mvm.lib.x86_64-linux.mkGuest ${args}; }`;

  test('mkGuest has exactly the pinned formals, with defaults where the pinned one has them', () => {
    const ref = probe('{ r = builtins.functionArgs mvm.lib.x86_64-linux.mkGuest; }');
    expect(nixEvalJson(`${ref}#r`)).toEqual({
      name: false,
      packages: true,
      services: true,
      healthChecks: true,
      users: true,
      hostname: true,
      serviceGroup: true,
      cacert: true,
      hypervisor: true,
    });
  });

  test.each(['extraFiles', 'foo', 'image'])('an unknown argument (%s) is an evaluation error from Nix itself', (arg) => {
    const ref = probe(mkGuestCall(`{ name = "x"; ${arg} = 1; }`));
    const r = nixEval(['--raw', `${ref}#r.name`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`called with unexpected argument '${arg}'`);
  });

  test('a missing name is refused', () => {
    const r = nixEval(['--raw', `${probe(mkGuestCall('{ }'))}#r.name`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("called without required argument 'name'");
  });

  test.each([
    ['{ name = 1; }', 'name must be a string, got int'],
    ['{ name = "x"; packages = "p"; }', 'packages must be a list, got string'],
    ['{ name = "x"; packages = [ 1 ]; }', 'packages[0] must be a derivation'],
    ['{ name = "x"; services = [ ]; }', 'services must be an attribute set, got list'],
    ['{ name = "x"; services.s = { }; }', 'services.s.command is required'],
    ['{ name = "x"; services.s = { command = [ "a" ]; }; }', 'services.s.command must be a string, got list'],
    ['{ name = "x"; services.s = { command = "a"; args = [ ]; }; }', "services.s has unknown attribute 'args'"],
    ['{ name = "x"; services.s = { command = "a"; env.A = 1; }; }', 'services.s.env must be an attribute set of strings'],
    ['{ name = "x"; services.s = { command = "a"; preStart = [ ]; }; }', 'services.s.preStart must be a string'],
    ['{ name = "x"; services.s = { command = "a"; user = 0; }; }', 'services.s.user must be a string'],
    ['{ name = "x"; services.s = { command = "a"; logFile = null; }; }', 'services.s.logFile must be a string'],
    ['{ name = "x"; healthChecks.h = { }; }', 'healthChecks.h.healthCmd is required'],
    [
      '{ name = "x"; healthChecks.h = { healthCmd = "true"; healthIntervalSecs = "5"; }; }',
      'healthChecks.h.healthIntervalSecs must be an integer',
    ],
    ['{ name = "x"; users.u = { uid = "900"; }; }', 'users.u.uid must be an integer'],
    ['{ name = "x"; users.u = { shell = "/bin/sh"; }; }', "users.u has unknown attribute 'shell'"],
    ['{ name = "x"; hypervisor = "vmware"; }', 'hypervisor must be one of firecracker, apple-container, qemu, docker'],
    ['{ name = "x"; hostname = 1; }', 'hostname must be a string'],
    ['{ name = "x"; cacert = "x"; }', 'cacert must be a derivation'],
  ])('%s is refused with a clear message', (args, message) => {
    const r = nixEval(['--raw', `${probe(mkGuestCall(args))}#r.name`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('mvm guest-lib stub: mkGuest:');
    expect(r.stderr).toContain(message);
  });

  test('a well-typed call is a derivation named mvm-<name> exposing its arguments and init lines', () => {
    const ref = probe(
      mkGuestCall(`{
        name = "demo";
        hypervisor = "qemu";
        services.web = { command = "cd /app && exec srv"; preStart = "mkdir -p /run/x"; env = { B = "2"; A = "1"; }; };
        services.worker = { command = "exec w"; user = "nobody"; logFile = "/var/log/w"; };
        healthChecks.web = { healthCmd = "true"; healthIntervalSecs = 5; };
        users.app = { uid = 1000; group = "app"; home = "/home/app"; };
      }`),
    );
    expect(nixEvalRaw(`${ref}#r.name`)).toBe('mvm-demo');
    expect(nixEvalRaw(`${ref}#r.type`)).toBe('derivation');
    expect(nixEvalJson(`${ref}#r.mvmGuestArgs.hypervisor`)).toBe('qemu');
    // Defaults are not filled into what was given.
    const given = nixEval(['--json', '--apply', 'builtins.attrNames', `${ref}#r.mvmGuestArgs`]);
    expect(JSON.parse(given.stdout)).toEqual(['healthChecks', 'hypervisor', 'name', 'services', 'users']);
    const busybox = nixEvalRaw(`${suite.stubs.nixpkgsUrl}#legacyPackages.x86_64-linux.busybox.outPath`);
    expect(nixEvalJson(`${ref}#r.renderedServices`)).toEqual({
      web: `export A='1'\nexport B='2'\nmkdir -p /run/x\nsu -s ${busybox}/bin/sh -c 'cd /app && exec srv' mvm\n`,
      worker: `su -s ${busybox}/bin/sh -c 'exec w' nobody >>/var/log/w 2>&1\n`,
    });
  });

  test('serviceGroup is the default service user', () => {
    const ref = probe(mkGuestCall('{ name = "d"; serviceGroup = "svc"; services.s.command = "x"; }'));
    expect(nixEvalRaw(`${ref}#r.renderedServices.s`)).toMatch(/ -c 'x' svc\n$/);
  });

  test('the nixpkgs stub provides the packages and builders the template needs, for both systems', () => {
    for (const system of ['x86_64-linux', 'aarch64-linux']) {
      const r = nixEval(['--json', '--apply', 'builtins.attrNames', `${suite.stubs.nixpkgsUrl}#legacyPackages.${system}`]);
      expect(r.status).toBe(0);
      const names = JSON.parse(r.stdout) as string[];
      for (const name of [
        'python312',
        'python311',
        'nodejs_22',
        'busybox',
        'cacert',
        'stdenv',
        'runCommand',
        'writeText',
        'writeShellScript',
      ]) {
        expect(names).toContain(name);
      }
      expect(nixEvalRaw(`${suite.stubs.nixpkgsUrl}#legacyPackages.${system}.python312.system`)).toBe(system);
    }
  });
});
