export * from './diagnostic';
export { TOOLCHAIN_VERSION } from './version';
