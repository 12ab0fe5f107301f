export { TOOLCHAIN_VERSION } from '@mvmforge/ir/dist/version';
