// One jest run for every TypeScript package. Unit tests import library sources through the
// mapper below; end-to-end tests drive the built CLI and plugin (npm test builds first).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools', '<rootDir>/fixtures', '<rootDir>/bench'],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: {
    // Deep imports (`@mvmforge/ir/dist/diagnostic`, used to keep zod out of start-up) resolve to
    // the same sources as the package index, so classes such as CodedError stay one class.
    '^@mvmforge/(ir|process|emit|codegen|nix-check|up)/dist/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@mvmforge/(ir|process|emit|codegen|nix-check|up)$': '<rootDir>/libs/$1/src/index.ts',
    '^@mvmforge/sdk$': '<rootDir>/libs/sdk-ts/src/index.ts',
    '^@mvmforge/nx$': '<rootDir>/tools/executors/src/index.ts',
  },
  testTimeout: 120000,
};
