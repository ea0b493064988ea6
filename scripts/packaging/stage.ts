/**
 * Stages one Electron app for electron-builder: a folder holding exactly what the app runs, laid
 * out as in the checkout (the code finds its pieces by relative paths), with its own package.json.
 *
 *   dist/stage/<app>/
 *     package.json                         name, version, main → the bundled main
 *     apps/<app>/dist-electron/main.mjs    Electron main (apps/shell/scripts/build.ts)
 *     apps/<app>/dist-electron/preload.cjs the sandboxed preload
 *     apps/<app>/dist/                     the React UI (vite build)
 *   streamer only:
 *     apps/streamer/dist-electron/engine.mjs, tray icons   the engine's CLI (engineBundle.ts)
 *     apps/streamer/src/engine/<x>/worker-boot.mjs         its worker threads, bundled
 *     apps/viewer/dist/                    the viewer the engine serves to browsers on the LAN
 *     node_modules/…                       files the engine reads: ffmpeg, wasm, model (runtimePackages)
 *
 * Everything is built into the stage folder; the checkout's own dist folders are left alone.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { build as viteBuild } from 'vite';
import { buildMain, buildPreload } from '../../apps/shell/scripts/build.ts';
import { bundleEngine } from './engineBundle.ts';

export type AppName = 'streamer' | 'viewer';

/** What differs between the two apps' packages. */
export const APPS: Record<AppName, { name: string; productName: string; description: string; uis: AppName[]; engine: boolean }> = {
  streamer: {
    name: 'vigil-streamer',
    productName: 'Vigil Streamer',
    description: 'Vigil streamer: turns this computer\'s cameras into a private, paired video source.',
    // Its own UI, and the viewer that the engine serves to browsers on the LAN.
    uis: ['streamer', 'viewer'],
    engine: true,
  },
  viewer: {
    name: 'vigil-viewer',
    productName: 'Vigil Viewer',
    description: 'Vigil viewer: watch your paired Vigil cameras live.',
    uis: ['viewer'],
    engine: false,
  },
};

/**
 * npm packages the engine reads files of at run time (found with require.resolve from its
 * sources): their JavaScript is bundled, so only these files ship, in the stage's node_modules,
 * unpacked from the asar. Each `files` pattern is matched against paths inside the package.
 */
export function runtimePackages(platform: string = process.platform, arch: string = process.arch): { name: string; files: RegExp }[] {
  return [
    // ffmpeg for machines without one: the locator, and the binary for this platform.
    { name: '@ffmpeg-installer/ffmpeg', files: /^(index\.js|lib\/verify-file\.js|LICENSE.*)$/ },
    { name: `@ffmpeg-installer/${platform}-${arch}`, files: /^(ffmpeg(\.exe)?|LICENSE.*|README\.md)$/ },
    // Object detection: the wasm backend's binaries and the CenterNet model (detection/model.ts).
    { name: '@tensorflow/tfjs-backend-wasm', files: /^(dist\/[^/]+\.wasm|LICENSE)$/ },
    { name: '@vladmandic/human', files: /^(dist\/human\.node\.js|models\/centernet\.(json|bin)|LICENSE)$/ },
  ];
}

/** A runtime package's manifest for the stage: no dependencies (its JS is bundled), no scripts. */
export function runtimeManifest(manifest: Record<string, unknown>): Record<string, unknown> {
  const { dependencies: _d, devDependencies: _dd, peerDependencies: _p, scripts: _s, ...rest } = manifest;
  return rest;
}

/**
 * The staged package.json. Its dependencies are the runtime packages (exact versions), which
 * electron-builder collects from the stage's node_modules.
 */
export function stagedPackageJson(app: AppName, version: string, dependencies: Record<string, string> = {}): Record<string, unknown> {
  const { name, productName, description } = APPS[app];
  return {
    name,
    productName,
    version,
    description,
    license: 'MIT',
    author: 'Vigil contributors',
    type: 'module',
    main: `apps/${app}/dist-electron/main.mjs`,
    ...(Object.keys(dependencies).length ? { dependencies } : {}),
  };
}

const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

/** The folder of an installed package (some export no package.json: then from its main file). */
function packageDir(require: NodeJS.Require, name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    const main = require.resolve(name);
    const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
    return main.slice(0, main.lastIndexOf(marker) + marker.length - 1);
  }
}

/** Copies the runtime packages into `stageDir`/node_modules; returns the top-level ones with versions. */
function stageRuntimePackages(root: string, stageDir: string): Record<string, string> {
  // Resolved as the engine resolves them: from the streamer workspace.
  const fromStreamer = createRequire(join(root, 'apps/streamer/package.json'));
  // The platform binary is an optional dependency of the locator: resolve it from there.
  const fromFfmpeg = createRequire(fromStreamer.resolve('@ffmpeg-installer/ffmpeg'));
  const dependencies: Record<string, string> = {};
  for (const { name, files } of runtimePackages()) {
    const source = packageDir(name.startsWith('@ffmpeg-installer/') ? fromFfmpeg : fromStreamer, name);
    const target = join(stageDir, 'node_modules', name);
    const manifest = readJson<Record<string, unknown>>(join(source, 'package.json'));
    mkdirSync(target, { recursive: true });
    writeJson(join(target, 'package.json'), runtimeManifest(manifest));
    const wanted = readdirSync(source, { recursive: true, encoding: 'utf8' }).filter((file) => files.test(file.split(sep).join('/')));
    if (!wanted.length) throw new Error(`${name}: none of its runtime files found in ${relative(root, source)}`);
    for (const file of wanted) cpSync(join(source, file), join(target, file));
    // The platform binary is an optional dependency of the locator, not a top-level one.
    if (!name.startsWith('@ffmpeg-installer/') || name === '@ffmpeg-installer/ffmpeg') dependencies[name] = manifest.version as string;
  }
  return dependencies;
}

/** Builds `app` into `stageDir` (emptied first); returns the folder. */
export async function stageApp(app: AppName, root: string, stageDir: string): Promise<string> {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const { version } = readJson<{ version: string }>(join(root, 'package.json'));

  // 1. The Electron main and preload.
  const electronOut = join(stageDir, `apps/${app}/dist-electron`);
  await buildPreload(app, true, electronOut);
  await buildMain(app, electronOut);

  // 2. The UI (and, for the streamer, the LAN viewer), each from its own vite config.
  for (const ui of APPS[app].uis) {
    await viteBuild({
      configFile: join(root, ui === 'streamer' ? 'apps/streamer/vite.config.ts' : 'apps/viewer/vite.config.ts'),
      build: { outDir: join(stageDir, `apps/${ui}/dist`), emptyOutDir: true, reportCompressedSize: false },
      logLevel: 'warn',
    });
  }

  // 3. The engine, the files it reads from node_modules, and the tray icon (streamer).
  let dependencies: Record<string, string> = {};
  if (APPS[app].engine) {
    await bundleEngine(root, stageDir);
    dependencies = stageRuntimePackages(root, stageDir);
    // The engine reports its version from its workspace's package.json (system/monitor.ts).
    const workspace = readJson<{ name: string; version: string }>(join(root, 'apps/streamer/package.json'));
    writeJson(join(stageDir, 'apps/streamer/package.json'), { name: workspace.name, version: workspace.version, private: true, type: 'module' });
    for (const icon of ['tray.png', 'tray@2x.png']) cpSync(join(root, 'resources/streamer', icon), join(electronOut, icon));
  }

  // 4. The manifest electron-builder reads.
  writeJson(join(stageDir, 'package.json'), stagedPackageJson(app, version, dependencies));
  return stageDir;
}
