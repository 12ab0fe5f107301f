import {
  detectShell,
  hostAllowed,
  hostMatchesPattern,
  isSecretShapedName,
  isValidEnvName,
  isValidHostPattern,
  isValidId,
  isValidWorkingDir,
} from '../src';

describe('§10.1 identifiers', () => {
  it.each(['a', 'hello', 'a-', 'a1-b2', 'a'.repeat(63)])('accepts %j', (s) => expect(isValidId(s)).toBe(true));
  it.each(['', 'A', '1a', '-a', 'a_b', 'a.b', 'é', 'a'.repeat(64), 'hello\n'])('rejects %j', (s) => expect(isValidId(s)).toBe(false));
});

describe('§10.3 env names', () => {
  it.each(['A', '_', 'a_B9', '_1'])('accepts %j', (s) => expect(isValidEnvName(s)).toBe(true));
  it.each(['', '1A', 'A-B', 'A B', 'É', 'A\n'])('rejects %j', (s) => expect(isValidEnvName(s)).toBe(false));
});

describe('§10.2 working_dir', () => {
  it.each(['/app', '/a/b', '/a/..b', '/.hidden'])('accepts %j', (s) => expect(isValidWorkingDir(s)).toBe(true));
  it.each(['', '/', 'app', './app', '/app/', '//app', '/a//b', '/a/./b', '/a/..', '/a\nb', '/a\rb', '/a\0b'])('rejects %j', (s) =>
    expect(isValidWorkingDir(s)).toBe(false),
  );
});

describe('§10.6 host patterns', () => {
  it.each(['example.com', 'a', 'API.Example.COM', '*.example.com', 'x-1.y', `${'a'.repeat(63)}.com`])('accepts %j', (s) =>
    expect(isValidHostPattern(s)).toBe(true),
  );
  it.each([
    '',
    '*',
    '*.',
    '*.com',
    'example.com.',
    ' example.com',
    'exa mple.com',
    'example.com:443',
    'https://example.com',
    'example.com/x',
    '[::1]',
    '-a.com',
    'a-.com',
    `${'a'.repeat(64)}.com`,
    'a..com',
    '*.*.com',
    'a.*.com',
    `${'a.'.repeat(127)}ab`,
  ])('rejects %j', (s) => expect(isValidHostPattern(s)).toBe(false));
  it('matches case-insensitively; wildcards match at any depth but not the apex', () => {
    expect(hostMatchesPattern('API.example.com', '*.Example.com')).toBe(true);
    expect(hostMatchesPattern('a.b.example.com', '*.example.com')).toBe(true);
    expect(hostMatchesPattern('example.com', '*.example.com')).toBe(false);
    expect(hostMatchesPattern('evilexample.com', '*.example.com')).toBe(false);
    expect(hostMatchesPattern('example.com', 'EXAMPLE.com')).toBe(true);
  });
});

describe('§10.4 shell detection', () => {
  it.each([
    [['/bin/sh', '-c', 'x'], 'sh'],
    [['/usr/bin/env', 'bash', '-lc', 'x'], 'bash'],
    [['env', '-u', 'PATH', 'bash'], 'bash'],
    [['env', 'FOO=bar', '/bin/sh'], 'sh'],
    [['env', '-S', 'bash -eu'], 'bash'],
    [['env', '--split-string=  zsh\t-x'], 'zsh'],
    [['env', '--split-string', 'env FOO=1 dash'], 'dash'],
    [['/bin/busybox', 'ash'], 'ash'],
    [['busybox', '/bin/sh'], 'sh'],
    [['env', '--', 'A=1', 'fish'], 'fish'],
    [['env', 'python3', 'ksh'], 'ksh'],
    [['env', '-C', 'sh', 'tcsh'], 'tcsh'],
    [['env', '-i', 'csh'], 'csh'],
    [['/bin/sh/'], 'sh'],
    [['/bin/mksh/.'], 'mksh'],
  ])('%j launches %s', (argv, shell) => expect(detectShell(argv)).toBe(shell));

  it.each([
    [[]],
    [['python', '-m', 'hello']],
    [['/bin/busybox', 'true']],
    [['busybox']],
    [['env', '-u', 'bash']],
    [['env', '-S']],
    [['env', '--', 'A=1']],
    [['env', '--', 'python', 'sh']],
    [['shx']],
    [['/bin/sh/..']],
    [['bash.exe']],
    [['env', '-C', 'sh']],
    [['env', '-S', 'FOO=1 bash']],
  ])('%j does not launch a shell', (argv) => expect(detectShell(argv)).toBeNull());
});

describe('§10.5 secret-shaped names', () => {
  it.each(['token', 'PASSWORD', 'user_api_key', 'auth-token', 'customer_credit_card', 'Iban', 'x_cvv'])('%j is secret-shaped', (s) =>
    expect(isSecretShapedName(s)).toBe(true),
  );
  it.each(['auth_strategy_name', 'tokens', 'mytoken', 'token_type', 'passwords', 'x.token'])('%j is not', (s) =>
    expect(isSecretShapedName(s)).toBe(false),
  );
});

describe('§10.4 shell detection: env option skipping and word splitting', () => {
  it.each([
    [['env', '-a', 'sh', 'python'], null],
    [['env', '--argv0', 'bash', 'python'], null],
    [['env', '--unset', 'zsh', 'python'], null],
    [['env', '--chdir', '/bin/sh', 'python'], null],
    [['env', '-a', 'x', 'dash'], 'dash'],
    [['env', '--argv0', 'x', 'A=1', '--', 'ksh'], 'ksh'],
    [['env', '--unset=PATH', 'bash'], 'bash'],
    [['env', '-i', '--', '-x', 'sh'], null],
    [['env', '--', 'A=1', 'B=2', '/usr/bin/zsh', '-c'], 'zsh'],
    [['env', '-S', '  '], null],
    [['env', '--split-string='], null],
    [['env', '--split-string=python sh'], null],
    [['env', '-S', 'python', 'sh'], null],
    [['env', '-S', 'bash\u000b-x'], null],
    [['env', '-S', '\f\r\nbash'], 'bash'],
    [['env', '-S', 'env -u X /bin/ash'], 'ash'],
    [['env', '-Sbash'], null],
    [['=sh', 'x'], null],
    [['env', '=x', 'sh'], 'sh'],
    [['env', 'A-B=1', 'sh'], 'sh'],
  ] as [string[], string | null][])('%j → %s', (argv, shell) => expect(detectShell(argv)).toBe(shell));

  it.each([
    [[''], null],
    [['/'], null],
    [['sh/./'], 'sh'],
    [['./sh'], 'sh'],
    [['a/../bash'], 'bash'],
    [['..'], null],
    [['/bin/busybox/', 'sh/'], 'sh'],
    [['busybox', 'env', 'sh'], null],
    [['/usr/bin/env/.', 'fish'], 'fish'],
    [['env/..', 'fish'], null],
  ] as [string[], string | null][])('basename rules: %j → %s', (argv, shell) => expect(detectShell(argv)).toBe(shell));
});

describe('§10.5 secret-shaped names use ASCII lowercasing only', () => {
  it('a non-ASCII character that Unicode-lowercases to an ASCII letter is not folded', () => {
    // U+212A KELVIN SIGN lowercases to "k" with toLowerCase(); ASCII lowercasing leaves it alone.
    expect(isSecretShapedName('BAN\u212a_ACCOUNT')).toBe(false);
    expect(isSecretShapedName('BANK_ACCOUNT')).toBe(true);
  });
  it.each(['x-tax_id', 'my_Api_Key', 'x-ROUTING_NUMBER', 'passport_number', 'a-b-ssn'])('%j is secret-shaped', (s) =>
    expect(isSecretShapedName(s)).toBe(true),
  );
  it.each(['_', 'token_', 'xssn', 'ssn.', 'credit card', 'tax.id'])('%j is not', (s) => expect(isSecretShapedName(s)).toBe(false));
});

describe('§10.6 host pattern edge cases', () => {
  const label63 = 'a'.repeat(63);
  const host253 = `${label63}.${label63}.${label63}.${'a'.repeat(61)}`;
  it('a hostname of 253 characters is accepted, 254 refused (also after *.)', () => {
    expect(host253.length).toBe(253);
    expect(isValidHostPattern(host253)).toBe(true);
    expect(isValidHostPattern(`${host253}a`)).toBe(false);
    expect(isValidHostPattern(`*.${host253}`)).toBe(true);
    expect(isValidHostPattern(`*.${host253}a`)).toBe(false);
  });
  it.each([
    'example.com ',
    'example.com\t',
    '\nexample.com',
    'exa\u00a0mple.com',
    'a_b.com',
    'é.com',
    '*example.com',
    '**.example.com',
    '*.-a.com',
    '*..com',
    'http:example.com',
    'example.com:',
    '.example.com',
    'a.com..',
  ])('rejects %j', (s) => expect(isValidHostPattern(s)).toBe(false));
  it.each(['*.a.b', '1.2.3.4', 'xn--bcher-kva.example', '0-0.a'])('accepts %j', (s) => expect(isValidHostPattern(s)).toBe(true));
  it('an empty pattern list matches nothing; matching is exact for non-wildcards', () => {
    expect(hostAllowed('a.com', [])).toBe(false);
    expect(hostMatchesPattern('a.com.evil', 'a.com')).toBe(false);
    expect(hostMatchesPattern('x.a.com', 'a.com')).toBe(false);
  });
});
