export * from './diagnostic';
export * from './format';
export { TOOLCHAIN_VERSION } from './version';
