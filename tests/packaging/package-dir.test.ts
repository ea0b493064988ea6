/**
 * The offline `--linux dir` build of both apps, as README "Packaging" documents it (without any
 * network where `unshare -n` is allowed), against a stand-in Electron folder (no Electron binary can be downloaded here): an executable `electron`
 * plus what electron-builder touches in a real dist (locales/, resources/, LICENSE, version).
 * Then the result is inspected: renamed executable, asar contents, unpacked engine and ffmpeg,
 * nothing that should not ship, sane sizes; and the packaged engine is started with Node and
 * serves its UI, and the packaged detection worker loads its wasm backend and model.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAsar, readAsarFile } from './asar.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'vigil-package-'));
const ELECTRON_SCRIPT = '#!/bin/sh\necho "stand-in electron $*"\n';
const PLATFORM = `${process.platform}-${process.arch}`;

/** A folder shaped like an unpacked electron-v45 linux-x64 zip (executable, locales, resources). */
function standInElectron(dir: string): string {
  mkdirSync(join(dir, 'locales'), { recursive: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'electron'), ELECTRON_SCRIPT);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), '45.4.1');
  writeFileSync(join(dir, 'LICENSE'), 'Electron license (stand-in)\n');
  for (const locale of ['en-US', 'de', 'fr']) writeFileSync(join(dir, 'locales', `${locale}.pak`), locale);
  return dir;
}

/**
 * Where the machine allows it (root, util-linux), the build runs in a network namespace with no
 * network at all (`unshare -n`), so a download attempt would fail the build.
 */
const OFFLINE = spawnSync('unshare', ['-n', 'true']).status === 0 ? ['unshare', '-n'] : [];

/** Runs the package script as `npm run package:dir -- …` does; resolves with its output. */
function packageDir(app: string, electronDist: string): Promise<{ out: string; log: string }> {
  const out = join(work, `out-${app}`);
  const command = [...OFFLINE, process.execPath, '--import', 'tsx', 'scripts/packaging/package.ts', '--dir', '--electron-dist', electronDist, app, '--output', out, '--stage', join(work, `stage-${app}`)];
  return new Promise((resolve, reject) => {
    execFile(command[0]!, command.slice(1), { cwd: ROOT, timeout: 120_000, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`package ${app} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ out, log: stdout + stderr });
    });
  });
}

/** Every file under `dir`, relative. */
const filesUnder = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()) : []);

/** What must never ship: sources, source maps, tests, env files, lockfiles. */
const UNWANTED = /(\.tsx?|\.map|\.test\.[cm]?js|(^|\/)\.env|package-lock\.json)$/;

let streamer: string;
let viewer: string;

beforeAll(async () => {
  const electronDist = standInElectron(join(work, 'electron'));
  // One at a time: each stage runs esbuild and vite, and the machine has two cores.
  streamer = (await packageDir('streamer', electronDist)).out;
  viewer = (await packageDir('viewer', electronDist)).out;
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('package:dir streamer', () => {
  const app = () => join(streamer, 'linux-unpacked');
  const asar = () => join(app(), 'resources/app.asar');
  const unpacked = () => join(app(), 'resources/app.asar.unpacked');

  it('renames the Electron executable and keeps only the en-US locale', () => {
    const executable = join(app(), 'vigil-streamer');
    expect(readFileSync(executable, 'utf8')).toBe(ELECTRON_SCRIPT);
    expect(statSync(executable).mode & 0o111).not.toBe(0);
    expect(existsSync(join(app(), 'electron'))).toBe(false);
    expect(readdirSync(join(app(), 'locales'))).toEqual(['en-US.pak']);
    expect(existsSync(join(app(), 'LICENSE.electron.txt'))).toBe(true);
  });

  it('packs main, preload, UI and a package.json whose main is the bundled main', () => {
    const paths = readAsar(asar()).files.map((f) => f.path);
    for (const entry of ['package.json', 'apps/streamer/dist-electron/main.mjs', 'apps/streamer/dist-electron/preload.cjs', 'apps/streamer/dist/index.html', 'apps/streamer/dist-electron/tray.png']) {
      expect(paths, entry).toContain(entry);
    }
    expect(paths.some((p) => /^apps\/streamer\/dist\/assets\/index-[\w-]+\.js$/.test(p))).toBe(true);
    const manifest = JSON.parse(readAsarFile(asar(), 'package.json').toString('utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'vigil-streamer', productName: 'Vigil Streamer', main: 'apps/streamer/dist-electron/main.mjs', type: 'module' });
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toBeUndefined();
  });

  it('bundles main and preload: they import only Node built-ins and electron', () => {
    const main = readAsarFile(asar(), 'apps/streamer/dist-electron/main.mjs').toString('utf8');
    const imports = [...main.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((s) => !s.startsWith('node:') && s !== 'electron')).toEqual([]);
    const preload = readAsarFile(asar(), 'apps/streamer/dist-electron/preload.cjs').toString('utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('unpacks ffmpeg as an executable, and the engine with its workers, UIs and model', () => {
    const ffmpeg = join(unpacked(), `node_modules/@ffmpeg-installer/${PLATFORM}/ffmpeg`);
    expect(statSync(ffmpeg).mode & 0o111).not.toBe(0);
    const source = join(ROOT, 'node_modules/@ffmpeg-installer', PLATFORM, 'ffmpeg');
    if (existsSync(source)) expect(statSync(ffmpeg).size).toBe(statSync(source).size);
    const files = filesUnder(unpacked());
    for (const entry of ['apps/streamer/dist-electron/engine.mjs', 'apps/streamer/src/engine/motion/worker-boot.mjs', 'apps/streamer/dist/index.html', 'apps/viewer/dist/index.html', 'apps/streamer/package.json']) {
      expect(files, entry).toContain(entry);
    }
    // Workers are bundles, not the checkout's tsx boot files.
    for (const boot of files.filter((f) => f.endsWith('worker-boot.mjs'))) expect(readFileSync(join(unpacked(), boot), 'utf8')).not.toContain('tsx/esm/api');
    // The asar index marks them unpacked, and packs nothing of node_modules.
    const index = readAsar(asar()).files;
    expect(index.find((f) => f.path.endsWith(`${PLATFORM}/ffmpeg`))?.unpacked).toBe(true);
    expect(index.filter((f) => f.path.startsWith('node_modules/') && !f.unpacked)).toEqual([]);
  });

  it('ships no sources, maps, tests or env files, and stays a sane size', () => {
    const shipped = [...readAsar(asar()).files.map((f) => f.path), ...filesUnder(unpacked())];
    expect(shipped.filter((p) => UNWANTED.test(p))).toEqual([]);
    const asarBytes = statSync(asar()).size;
    // main + preload + UI: a few MB; the engine, ffmpeg and the model are outside it.
    expect(asarBytes).toBeGreaterThan(300_000);
    expect(asarBytes).toBeLessThan(15_000_000);
    const unpackedBytes = filesUnder(unpacked()).reduce((sum, f) => sum + statSync(join(unpacked(), f)).size, 0);
    expect(unpackedBytes).toBeLessThan(150_000_000);
  });

  it('runs the packaged ffmpeg', async () => {
    const ffmpeg = join(unpacked(), `node_modules/@ffmpeg-installer/${PLATFORM}/ffmpeg`);
    const version = await new Promise<string>((resolve, reject) =>
      execFile(ffmpeg, ['-hide_banner', '-version'], { timeout: 20_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(version).toMatch(/^ffmpeg version /);
  });

  it('starts the packaged engine, which serves the streamer UI and reports its version', async () => {
    const data = join(work, 'engine-data');
    mkdirSync(data);
    // Loopback only: the bundled signalling server on 127.0.0.1, any free port.
    writeFileSync(join(data, 'config.json'), JSON.stringify({ signaling: { mode: 'embedded', host: '127.0.0.1', port: 0 } }));
    const engine = spawn(process.execPath, [join(unpacked(), 'apps/streamer/dist-electron/engine.mjs'), '--headless', '--data-dir', data, '--api-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    engine.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    engine.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => engine.once('exit', resolve));
    try {
      const end = Date.now() + 60_000;
      while (!/control API\s+http:\/\/127\.0\.0\.1:\d+/.test(output)) {
        if (Date.now() > end || engine.exitCode !== null) throw new Error(`engine did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const api = /control API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      const page = await fetch(`${api}/`).then((r) => r.text());
      expect(page).toContain('<title>');
      expect(page).not.toMatch(/not built yet/);
      const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
      const system = (await fetch(`${api}/api/system`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as { version: string };
      const { version } = JSON.parse(readFileSync(join(ROOT, 'apps/streamer/package.json'), 'utf8')) as { version: string };
      expect(system.version).toBe(version);
    } finally {
      engine.kill('SIGTERM');
      await exited;
    }
  }, 90_000);

  it('loads the packaged detection worker with the wasm backend and the shipped model', async () => {
    const boot = join(unpacked(), 'apps/streamer/src/engine/detection/worker-boot.mjs');
    // tfjs-node is not a dependency, so the default backend order settles on wasm.
    const script = `import { Worker } from 'node:worker_threads';
      const w = new Worker(${JSON.stringify(boot)}, { workerData: {} });
      w.once('message', (m) => { console.log(JSON.stringify(m)); w.terminate(); });
      w.once('error', (e) => { console.log(JSON.stringify({ type: 'error', message: e.message })); process.exit(1); });`;
    // A script file, not -e: workers inherit the parent's execArgv.
    writeFileSync(join(work, 'detection.mjs'), script);
    const line = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [join(work, 'detection.mjs')], { cwd: work, timeout: 60_000 }, (error, stdout) => (error ? reject(new Error(`${error.message}\n${stdout}`)) : resolve(stdout.trim()))),
    );
    expect(JSON.parse(line)).toEqual({ type: 'ready', backend: 'wasm' });
  }, 90_000);
});

describe('package:dir viewer', () => {
  const app = () => join(viewer, 'linux-unpacked');

  it('packs the viewer alone: main, preload, UI; nothing unpacked, no engine', () => {
    expect(readFileSync(join(app(), 'vigil-viewer'), 'utf8')).toBe(ELECTRON_SCRIPT);
    const asar = join(app(), 'resources/app.asar');
    const paths = readAsar(asar).files.map((f) => f.path);
    for (const entry of ['package.json', 'apps/viewer/dist-electron/main.mjs', 'apps/viewer/dist-electron/preload.cjs', 'apps/viewer/dist/index.html']) expect(paths, entry).toContain(entry);
    expect(paths.filter((p) => p.startsWith('node_modules/') || p.includes('engine') || p.startsWith('apps/streamer/'))).toEqual([]);
    expect(paths.filter((p) => UNWANTED.test(p))).toEqual([]);
    expect(existsSync(join(app(), 'resources/app.asar.unpacked'))).toBe(false);
    expect(JSON.parse(readAsarFile(asar, 'package.json').toString('utf8'))).toMatchObject({ name: 'vigil-viewer', main: 'apps/viewer/dist-electron/main.mjs' });
    expect(statSync(asar).size).toBeLessThan(5_000_000);
  });
});
