import { describe, expect, it } from 'vitest';
import { runtimeManifest, runtimePackages, stagedPackageJson } from './stage.ts';

describe('stagedPackageJson', () => {
  it('points main at the bundled main and lists only the runtime packages', () => {
    expect(stagedPackageJson('viewer', '1.2.3')).toEqual({
      name: 'vigil-viewer', productName: 'Vigil Viewer', version: '1.2.3', description: expect.any(String),
      license: 'MIT', author: 'Vigil contributors', type: 'module', main: 'apps/viewer/dist-electron/main.mjs',
    });
    expect(stagedPackageJson('streamer', '1.2.3', { '@ffmpeg-installer/ffmpeg': '1.1.0' })).toMatchObject({
      main: 'apps/streamer/dist-electron/main.mjs', dependencies: { '@ffmpeg-installer/ffmpeg': '1.1.0' },
    });
  });
});

describe('runtimePackages', () => {
  const pick = (name: string, files: string[]) => files.filter((f) => runtimePackages('linux', 'x64').find((p) => p.name === name)!.files.test(f));

  it('ships the platform ffmpeg binary and its locator, not their backups or .env', () => {
    expect(runtimePackages('win32', 'x64').map((p) => p.name)).toContain('@ffmpeg-installer/win32-x64');
    expect(pick('@ffmpeg-installer/linux-x64', ['ffmpeg', 'package.json', 'ffmpeg~'])).toEqual(['ffmpeg']);
    expect(pick('@ffmpeg-installer/ffmpeg', ['index.js', 'index.js~', '.env', 'lib/verify-file.js', 'tsconfig.json'])).toEqual(['index.js', 'lib/verify-file.js']);
  });

  it('ships the wasm binaries and the one detection model, not the rest of the packages', () => {
    expect(pick('@tensorflow/tfjs-backend-wasm', ['dist/tfjs-backend-wasm.wasm', 'dist/index.js', 'dist/tf-backend-wasm.node.js'])).toEqual(['dist/tfjs-backend-wasm.wasm']);
    expect(pick('@vladmandic/human', ['models/centernet.json', 'models/centernet.bin', 'models/facemesh.bin', 'dist/human.node.js', 'dist/human.esm.js'])).toEqual([
      'models/centernet.json', 'models/centernet.bin', 'dist/human.node.js',
    ]);
  });

  it('strips dependencies and scripts from their manifests, keeping what resolution needs', () => {
    const manifest = { name: 'x', version: '1', main: 'i.js', exports: { node: './i.js' }, dependencies: { a: '1' }, devDependencies: { b: '1' }, peerDependencies: { c: '1' }, scripts: { install: 'evil' }, optionalDependencies: { d: '1' } };
    expect(runtimeManifest(manifest)).toEqual({ name: 'x', version: '1', main: 'i.js', exports: { node: './i.js' }, optionalDependencies: { d: '1' } });
  });
});
