/**
 * The SDK's types reject a wrong workload before it runs: every `@ts-expect-error` below must be a
 * type error, or `tsc -p tsconfig.spec.json` (run by `npm test`) fails. The bodies never run.
 */
import * as mv from '@mvmforge/sdk';

function wrongWorkloads(): void {
  // @ts-expect-error a source where an image belongs
  mv.app({ image: mv.localPath(), entrypoint: mv.entrypoint(['x']) });
  // @ts-expect-error resources are not an entrypoint
  mv.app({ entrypoint: mv.resources() });
  // @ts-expect-error unknown network mode
  mv.network('wifi');
  // @ts-expect-error unknown auth type
  mv.secret('s', { type: 'oauth', hosts: ['h'] });
  // @ts-expect-error a secret needs hosts
  mv.secret('s', { type: 'bearer' });
  // @ts-expect-error env values are strings, literals or secrets, not numbers
  mv.app({ entrypoint: mv.entrypoint(['x']), env: { N: 3 } });
  // @ts-expect-error snake_case option names are Python's
  mv.resources({ cpu_cores: 2 });
  // @ts-expect-error a command is an argv array
  mv.entrypoint('node main.js');
  // @ts-expect-error mount targets are required
  mv.volume('v', {});
  // @ts-expect-error format is json or msgpack
  mv.entrypointFunction('m', 'f', { format: 'xml' });
  // @ts-expect-error func wraps a function
  mv.func({}, 42);
  // @ts-expect-error hook phases take commands, not numbers
  mv.app({ entrypoint: mv.entrypoint(['x']), beforeStart: 1 });
}

test('a well-typed workload type-checks and func keeps the wrapped function type', () => {
  const add = mv.func({ name: 'calc' }, (a: number, b: number): number => a + b);
  const sum: number = add(1, 2);
  expect(sum).toBe(3);
  expect(typeof wrongWorkloads).toBe('function');
});
