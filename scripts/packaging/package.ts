/**
 * Packages Vigil's Electron apps with electron-builder.
 *
 *   npx tsx scripts/packaging/package.ts streamer|viewer [electron-builder args…]
 *       installers for this platform (Linux: AppImage + deb; Windows: NSIS; macOS: dmg)
 *   npx tsx scripts/packaging/package.ts --dir --electron-dist DIR [streamer] [viewer]
 *       offline: an unpacked Linux app (dist/packages/<app>/linux-unpacked) from a local
 *       Electron folder, nothing downloaded. DIR may also come from $VIGIL_ELECTRON_DIST.
 *
 * Options: --output DIR (default dist/packages/<app>), --stage DIR (default dist/stage/<app>).
 * Each app is staged first (stage.ts), then electron-builder runs with electron-builder.<app>.yml.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPS, stageApp, type AppName } from './stage.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A parsed command line. */
export interface PackageRequest {
  apps: AppName[];
  dir: boolean;
  electronDist?: string;
  output?: string;
  stage?: string;
  /** Passed to electron-builder unchanged (installer mode). */
  extra: string[];
}

/** Our options that take a value; anything else that is not an app name goes to electron-builder. */
const VALUE_OPTIONS = { '--electron-dist': 'electronDist', '--output': 'output', '--stage': 'stage' } as const;

/** Parses the arguments; throws a usage error on bad input. */
export function parsePackageArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): PackageRequest {
  const named: AppName[] = [];
  const extra: string[] = [];
  const values: Partial<Record<(typeof VALUE_OPTIONS)[keyof typeof VALUE_OPTIONS], string>> = {};
  let dir = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (arg === '--dir') dir = true;
    else if (flag in VALUE_OPTIONS) {
      const value = inline ?? argv[++i];
      if (!value) throw new Error(`${flag} needs a value`);
      values[VALUE_OPTIONS[flag as keyof typeof VALUE_OPTIONS]] = value;
    } else if (arg in APPS) named.push(arg as AppName);
    else extra.push(arg);
  }
  const electronDist = values.electronDist ?? env.VIGIL_ELECTRON_DIST;
  if (dir) {
    if (!electronDist) throw new Error('--dir needs a local Electron folder: --electron-dist DIR or VIGIL_ELECTRON_DIST (see README "Packaging")');
    if (extra.length) throw new Error(`unexpected arguments with --dir: ${extra.join(' ')}`);
  } else if (named.length !== 1) {
    throw new Error('name one app: streamer or viewer');
  }
  const apps: AppName[] = named.length ? named : ['streamer', 'viewer'];
  if ((values.output || values.stage) && apps.length > 1) throw new Error('--output and --stage need a single app');
  return {
    apps,
    dir,
    electronDist: electronDist ? resolve(electronDist) : undefined,
    output: values.output ? resolve(values.output) : undefined,
    stage: values.stage ? resolve(values.stage) : undefined,
    extra,
  };
}

/** electron-builder's platform flags, by the Node platform they build for. */
const PLATFORM_FLAGS: Record<string, string[]> = { win32: ['--win', '-w', '--windows'], darwin: ['--mac', '-m', '-o', '--macos'], linux: ['--linux', '-l'] };

/**
 * The streamer ships the ffmpeg binary npm installed for this machine, so it is packaged for this
 * platform only (on Windows for Windows, and so on); throws on a cross build.
 */
export function checkSamePlatform(app: AppName, extra: readonly string[], platform: NodeJS.Platform = process.platform): void {
  if (!APPS[app].engine) return;
  for (const [target, flags] of Object.entries(PLATFORM_FLAGS)) {
    if (target !== platform && extra.some((arg) => flags.includes(arg))) {
      throw new Error(`package the ${app} for ${target} on ${target}: its ffmpeg binary is the one npm installs there`);
    }
  }
}

/** The electron-builder arguments for one app. */
export function builderArgs(app: AppName, request: PackageRequest, stageDir: string, outputDir: string): string[] {
  const args = ['--config', `electron-builder.${app}.yml`, '--publish', 'never', `-c.directories.app=${stageDir}`, `-c.directories.output=${outputDir}`];
  if (request.dir) args.push('--linux', 'dir', `-c.electronDist=${request.electronDist}`);
  return [...args, ...request.extra];
}

/** Checks that an electronDist folder holds an Electron for Linux (the `electron` executable). */
export function checkElectronDist(dir: string): void {
  const binary = join(dir, 'electron');
  if (!existsSync(binary) || (statSync(binary).mode & 0o111) === 0) {
    throw new Error(`${dir} is not an unpacked Electron for Linux: no executable "electron" in it`);
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    // No update checks or telemetry; Electron itself is never downloaded by the --dir path.
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    child.once('error', fail);
    child.once('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`electron-builder failed (${signal ?? code})`))));
  });
}

/** Stages and packages each requested app. */
export async function packageApps(request: PackageRequest): Promise<void> {
  if (request.dir) checkElectronDist(request.electronDist!);
  const builder = createRequire(import.meta.url).resolve('electron-builder/cli.js');
  for (const app of request.apps) checkSamePlatform(app, request.dir ? ['--linux', ...request.extra] : request.extra);
  for (const app of request.apps) {
    const stageDir = request.stage ?? join(ROOT, 'dist/stage', app);
    const outputDir = request.output ?? join(ROOT, 'dist/packages', app);
    console.log(`package: staging ${app} in ${stageDir}`);
    await stageApp(app, ROOT, stageDir);
    await run(process.execPath, [builder, ...builderArgs(app, request, stageDir, outputDir)]);
    console.log(`package: ${app} → ${outputDir}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  try {
    await packageApps(parsePackageArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`package: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
