import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '@mvmforge/ir';
import { resolveMvmctl } from '@mvmforge/up';
import { tempDir } from './helpers';

function exe(file: string, mode = 0o755): string {
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, mode);
  return file;
}

function codeOf(fn: () => unknown): { code: string; detail: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof CodedError) return { code: err.diagnostics[0].code, detail: err.diagnostics[0].detail };
    throw err;
  }
  throw new Error('expected a CodedError');
}

describe('resolveMvmctl (artifact-v1 §11.2)', () => {
  let root: string;
  let pathDir: string;
  let emptyDir: string;

  beforeEach(() => {
    root = tempDir();
    pathDir = join(root, 'bin');
    emptyDir = join(root, 'empty');
    mkdirSync(pathDir);
    mkdirSync(emptyDir);
  });

  test('1: MVMFORGE_MVMCTL names an executable file', () => {
    const mvmctl = exe(join(root, 'my-mvmctl'));
    exe(join(pathDir, 'mvmctl'));
    expect(resolveMvmctl({ MVMFORGE_MVMCTL: mvmctl, PATH: pathDir })).toEqual({
      source: 'MVMFORGE_MVMCTL',
      command: mvmctl,
      prefixArgs: [],
    });
  });

  test('1: a relative MVMFORGE_MVMCTL is resolved against the working directory', () => {
    exe(join(root, 'my-mvmctl'));
    expect(resolveMvmctl({ MVMFORGE_MVMCTL: 'my-mvmctl' }, root).command).toBe(join(root, 'my-mvmctl'));
  });

  test.each([
    ['a non-executable file', (r: string) => exe(join(r, 'plain'), 0o644)],
    ['a directory', (r: string) => r],
    ['a missing file', (r: string) => join(r, 'missing')],
  ])('1: MVMFORGE_MVMCTL set to %s is E_MVM_NOT_FOUND, not a fall-through to PATH', (_what, make) => {
    exe(join(pathDir, 'mvmctl'));
    const target = make(root);
    const { code, detail } = codeOf(() => resolveMvmctl({ MVMFORGE_MVMCTL: target, PATH: pathDir }));
    expect(code).toBe('E_MVM_NOT_FOUND');
    expect(detail).toContain('MVMFORGE_MVMCTL');
    expect(detail).toContain(JSON.stringify(target));
  });

  test('1 before 2: MVMFORGE_MVMCTL wins over a usable MVMFORGE_MVM_REPO', () => {
    const mvmctl = exe(join(root, 'my-mvmctl'));
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    exe(join(pathDir, 'cargo'));
    expect(resolveMvmctl({ MVMFORGE_MVMCTL: mvmctl, MVMFORGE_MVM_REPO: repo, PATH: pathDir }).source).toBe('MVMFORGE_MVMCTL');
  });

  test('1: a broken MVMFORGE_MVMCTL does not fall through to a usable MVMFORGE_MVM_REPO', () => {
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    exe(join(pathDir, 'cargo'));
    const { code, detail } = codeOf(() =>
      resolveMvmctl({ MVMFORGE_MVMCTL: join(root, 'missing'), MVMFORGE_MVM_REPO: repo, PATH: pathDir }),
    );
    expect(code).toBe('E_MVM_NOT_FOUND');
    expect(detail).toContain('MVMFORGE_MVMCTL is set');
  });

  test('2: a MVMFORGE_MVM_REPO whose Cargo.toml is a directory is E_MVM_NOT_FOUND', () => {
    mkdirSync(join(root, 'Cargo.toml'));
    exe(join(pathDir, 'cargo'));
    exe(join(pathDir, 'mvmctl'));
    expect(codeOf(() => resolveMvmctl({ MVMFORGE_MVM_REPO: root, PATH: pathDir })).code).toBe('E_MVM_NOT_FOUND');
  });

  test('2: a relative MVMFORGE_MVM_REPO is resolved against the working directory; the manifest path is absolute', () => {
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    exe(join(pathDir, 'cargo'));
    const r = resolveMvmctl({ MVMFORGE_MVM_REPO: 'mvm', PATH: pathDir }, root);
    expect(r.prefixArgs[3]).toBe(join(repo, 'Cargo.toml'));
  });

  test('2: MVMFORGE_MVM_REPO runs mvmctl through cargo with the exact argv', () => {
    const repo = join(root, 'mvm');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Cargo.toml'), '[workspace]\n');
    const cargo = exe(join(pathDir, 'cargo'));
    exe(join(pathDir, 'mvmctl'));
    expect(resolveMvmctl({ MVMFORGE_MVM_REPO: repo, PATH: `${emptyDir}:${pathDir}` })).toEqual({
      source: 'MVMFORGE_MVM_REPO',
      command: cargo,
      prefixArgs: ['run', '--quiet', '--manifest-path', join(repo, 'Cargo.toml'), '--bin', 'mvmctl', '--'],
    });
  });

  test('2: MVMFORGE_MVM_REPO without Cargo.toml is E_MVM_NOT_FOUND', () => {
    exe(join(pathDir, 'cargo'));
    exe(join(pathDir, 'mvmctl'));
    const { code, detail } = codeOf(() => resolveMvmctl({ MVMFORGE_MVM_REPO: root, PATH: pathDir }));
    expect(code).toBe('E_MVM_NOT_FOUND');
    expect(detail).toMatch(/no Cargo\.toml/);
  });

  test('2: MVMFORGE_MVM_REPO that does not exist is E_MVM_NOT_FOUND', () => {
    const { code, detail } = codeOf(() => resolveMvmctl({ MVMFORGE_MVM_REPO: join(root, 'nope'), PATH: pathDir }));
    expect(code).toBe('E_MVM_NOT_FOUND');
    expect(detail).toMatch(/not a directory/);
  });

  test('2: MVMFORGE_MVM_REPO without cargo on PATH is E_MVM_NOT_FOUND even when mvmctl is on PATH', () => {
    writeFileSync(join(root, 'Cargo.toml'), '');
    exe(join(pathDir, 'mvmctl'));
    const { code, detail } = codeOf(() => resolveMvmctl({ MVMFORGE_MVM_REPO: root, PATH: pathDir }));
    expect(code).toBe('E_MVM_NOT_FOUND');
    expect(detail).toMatch(/cargo is not on PATH/);
  });

  test('3: mvmctl on PATH, first match wins, non-executable entries are skipped', () => {
    const first = join(root, 'first');
    mkdirSync(first);
    exe(join(first, 'mvmctl'), 0o644);
    const second = exe(join(pathDir, 'mvmctl'));
    expect(resolveMvmctl({ PATH: `${emptyDir}:${first}:${pathDir}` })).toEqual({
      source: 'PATH',
      command: second,
      prefixArgs: [],
    });
  });

  test('empty variables count as unset', () => {
    const mvmctl = exe(join(pathDir, 'mvmctl'));
    expect(resolveMvmctl({ MVMFORGE_MVMCTL: '', MVMFORGE_MVM_REPO: '', PATH: pathDir }).command).toBe(mvmctl);
  });

  test('4: nothing resolves → E_MVM_NOT_FOUND naming all three options', () => {
    const { code, detail } = codeOf(() => resolveMvmctl({ PATH: emptyDir }));
    expect(code).toBe('E_MVM_NOT_FOUND');
    expect(detail).toContain('MVMFORGE_MVMCTL');
    expect(detail).toContain('MVMFORGE_MVM_REPO');
    expect(detail).toContain('mvmctl on PATH');
  });
});
