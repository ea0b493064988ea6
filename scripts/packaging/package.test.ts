import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builderArgs, checkElectronDist, checkSamePlatform, parsePackageArgs } from './package.ts';

describe('parsePackageArgs', () => {
  it('installers: exactly one app, extra arguments go to electron-builder', () => {
    expect(parsePackageArgs(['streamer', '--x64', '--linux', 'AppImage'], {})).toMatchObject({ apps: ['streamer'], dir: false, extra: ['--x64', '--linux', 'AppImage'] });
    expect(parsePackageArgs(['viewer', '--output=/o'], {})).toMatchObject({ output: '/o', extra: [] });
    expect(parsePackageArgs(['viewer', 'extra'], {})).toMatchObject({ apps: ['viewer'], extra: ['extra'] });
    expect(() => parsePackageArgs([], {})).toThrow(/name one app/);
    expect(() => parsePackageArgs(['streamer', 'viewer'], {})).toThrow(/name one app/);
  });

  it('--dir: both apps by default, the Electron folder from the flag or VIGIL_ELECTRON_DIST', () => {
    expect(parsePackageArgs(['--dir', '--electron-dist', '/e'], {})).toMatchObject({ apps: ['streamer', 'viewer'], dir: true, electronDist: '/e' });
    expect(parsePackageArgs(['--dir', 'viewer'], { VIGIL_ELECTRON_DIST: '/from/env' })).toMatchObject({ apps: ['viewer'], electronDist: '/from/env' });
    expect(() => parsePackageArgs(['--dir'], {})).toThrow(/--electron-dist DIR or VIGIL_ELECTRON_DIST/);
    expect(() => parsePackageArgs(['--dir', '--electron-dist'], {})).toThrow(/needs a value/);
    expect(() => parsePackageArgs(['--dir', '--electron-dist', '/e', '--x64'], {})).toThrow(/unexpected arguments/);
    expect(() => parsePackageArgs(['--dir', '--electron-dist', '/e', '--output', '/o'], {})).toThrow(/single app/);
  });
});

describe('builderArgs', () => {
  it('selects the app config, the stage and output folders; --dir adds the local Electron', () => {
    const request = parsePackageArgs(['--dir', '--electron-dist', '/opt/electron', 'streamer'], {});
    expect(builderArgs('streamer', request, '/s', '/o')).toEqual([
      '--config', 'electron-builder.streamer.yml', '--publish', 'never', '-c.directories.app=/s', '-c.directories.output=/o',
      '--linux', 'dir', '-c.electronDist=/opt/electron',
    ]);
    const installer = parsePackageArgs(['viewer'], {});
    expect(builderArgs('viewer', installer, '/s', '/o')).not.toContain('-c.electronDist=/opt/electron');
  });
});

describe('checkElectronDist', () => {
  it('wants an executable named electron in the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-electron-dist-'));
    expect(() => checkElectronDist(dir)).toThrow(/no executable "electron"/);
    writeFileSync(join(dir, 'electron'), '');
    expect(() => checkElectronDist(dir)).toThrow(/no executable "electron"/);
    chmodSync(join(dir, 'electron'), 0o755);
    expect(() => checkElectronDist(dir)).not.toThrow();
  });
});

describe('checkSamePlatform', () => {
  it('refuses to cross-package the streamer (its ffmpeg is this machine\'s), allows the viewer', () => {
    expect(() => checkSamePlatform('streamer', ['--win'], 'linux')).toThrow(/for win32 on win32/);
    expect(() => checkSamePlatform('streamer', ['-m'], 'linux')).toThrow(/for darwin on darwin/);
    expect(() => checkSamePlatform('streamer', ['--linux', 'AppImage'], 'linux')).not.toThrow();
    expect(() => checkSamePlatform('streamer', [], 'win32')).not.toThrow();
    expect(() => checkSamePlatform('viewer', ['--win', '--mac'], 'linux')).not.toThrow();
  });
});
