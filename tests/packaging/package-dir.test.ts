/**
 * The offline `--linux dir` build of both apps, as README "Packaging" documents it (in a network
 * namespace without any network, `unshare -n`: needs root), against a stand-in Electron folder (no Electron binary can be downloaded here): an executable `electron`
 * plus what electron-builder touches in a real dist (locales/, resources/, LICENSE, version).
 * Then the result is inspected: renamed executable, asar contents, unpacked engine and ffmpeg,
 * nothing that should not ship, sane sizes; the packaged engine is started with Node and serves
 * its UI, and the packaged detection worker loads its wasm backend and model. Last, each app's
 * bundled main runs under Node with a stand-in `electron` module (fixtures/electron) that records
 * what main asks of Electron: the streamer's starts the bundled engine, restarts it after a
 * SIGKILL and stops it on Quit.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { freePort } from '../helpers/ports.ts';
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
 * The build runs in a network namespace with no network at all (`unshare -n`), so a download
 * attempt fails the build. Without it the test fails, saying why: building online would hide a
 * download.
 */
function offline(): string[] {
  if (process.getuid?.() !== 0) throw new Error('needs root: the build runs offline in a network namespace (unshare -n) (README, "Test it")');
  const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`unshare -n failed, and the build must not run online: ${probe.error?.message ?? probe.stderr.trim()}`);
  return ['unshare', '-n'];
}

/** Runs the package script as `npm run package:dir -- …` does; resolves with its output. */
function packageDir(app: string, electronDist: string): Promise<{ out: string; log: string }> {
  const out = join(work, `out-${app}`);
  const command = [...offline(), process.execPath, '--import', 'tsx', 'scripts/packaging/package.ts', '--dir', '--electron-dist', electronDist, app, '--output', out, '--stage', join(work, `stage-${app}`)];
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
/** The viewer is built while the streamer's package is being inspected and run. */
let viewerBuild: Promise<{ out: string }>;

beforeAll(async () => {
  const electronDist = standInElectron(join(work, 'electron'));
  // One build at a time: each runs esbuild and vite, and the machine has two cores.
  streamer = (await packageDir('streamer', electronDist)).out;
  viewerBuild = packageDir('viewer', electronDist);
  viewerBuild.catch(() => undefined);
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

/** A bundled main process run by Node with the stand-in `electron` (fixtures/electron), its calls as events. */
class StandInMain {
  readonly events: Record<string, unknown>[] = [];
  output = '';
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  constructor(main: string, env: NodeJS.ProcessEnv) {
    const register = fileURLToPath(new URL('./fixtures/electron/register.mjs', import.meta.url));
    this.child = spawn(process.execPath, ['--import', register, main], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.startsWith('ELECTRON ')) this.events.push(JSON.parse(line.slice(9)) as Record<string, unknown>);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }
  /** Resolves once an event matches (searching from event number `from`); returns its index. */
  async waitFor(match: (event: Record<string, unknown>) => boolean, from = 0, ms = 60_000): Promise<number> {
    const end = Date.now() + ms;
    for (;;) {
      const index = this.events.findIndex((e, i) => i >= from && match(e));
      if (index >= 0) return index;
      if (Date.now() > end || this.child.exitCode !== null) throw new Error(`no such event; output so far:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  tooltip(text: string): (event: Record<string, unknown>) => boolean {
    return (e) => e.event === 'tooltip' && String(e.text).endsWith(text);
  }
  index(event: string): number {
    return this.events.findIndex((e) => e.event === event);
  }
  quit(): void {
    this.child.stdin!.write('quit\n');
  }
}

describe('the packaged streamer main, run by Node with a stand-in electron module', () => {
  it('wires the policy, runs the bundled engine, restarts it when it dies, stops it on quit', async () => {
    const stage = join(work, 'stage-streamer');
    const home = join(work, 'main-home');
    const userData = join(work, 'main-user-data');
    mkdirSync(join(home, '.vigil/streamer'), { recursive: true });
    mkdirSync(userData);
    // Loopback only, and a free control API port in the app's preferences (electron-store's file).
    writeFileSync(join(home, '.vigil/streamer/config.json'), JSON.stringify({ signaling: { mode: 'embedded', host: '127.0.0.1', port: 0 } }));
    const apiPort = await freePort();
    writeFileSync(join(userData, 'vigil-streamer.json'), JSON.stringify({ apiPort }));
    const main = new StandInMain(join(stage, 'apps/streamer/dist-electron/main.mjs'), { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), STAND_IN_USER_DATA: userData });
    try {
      const running = await main.waitFor(main.tooltip('Engine running'));
      // The policy, in order: sandbox and app:// privileges before the window, the session's CSP.
      expect(main.index('enableSandbox')).toBe(0);
      expect(main.index('schemes')).toBeLessThan(main.index('window'));
      expect(main.index('csp')).toBeGreaterThan(-1);
      const window = main.events[main.index('window')] as { webPreferences: Record<string, unknown> };
      expect(window.webPreferences).toMatchObject({ preload: join(stage, 'apps/streamer/dist-electron/preload.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false });
      expect(main.events).toContainEqual({ event: 'loadURL', url: 'app://vigil/index.html' });
      expect(main.events).toContainEqual({ event: 'tray', icon: join(stage, 'apps/streamer/dist-electron/tray.png') });
      const channels = main.events.filter((e) => e.event === 'ipc').map((e) => e.channel);
      expect(channels).toEqual(expect.arrayContaining(['engine:status', 'engine:restart', 'engine:set-paused', 'control:connection']));
      // Downloads go through the session's policy (apps/shell/src/downloads.ts).
      expect(main.events).toContainEqual({ event: 'sessionOn', name: 'will-download' });
      // Once the engine answers, the tray reads its cameras through the control API.
      await main.waitFor(main.tooltip('No cameras yet'), running);

      // The engine it started is the bundled one, and serves the UI on the preferred port.
      const until = async (check: () => Promise<boolean>) => {
        const end = Date.now() + 60_000;
        while (!(await check().catch(() => false))) {
          if (Date.now() > end) throw new Error(`timed out; output:\n${main.output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until(async () => (await fetch(`http://127.0.0.1:${apiPort}/`)).ok);
      // ps exits 1 when the process has no children: read its output either way.
      const engines = () => spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(main.child.pid)], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes('engine.mjs'));
      expect(engines()).toHaveLength(1);
      const enginePid = Number(engines()[0]!.trim().split(/\s+/)[0]);

      // A crash of the engine process: the tray says so, and the supervisor starts it again.
      process.kill(enginePid, 'SIGKILL');
      const crashed = await main.waitFor(main.tooltip('Engine crashed (signal SIGKILL), restarting…'), running);
      // The icon turns to the problem one while it restarts, and back.
      const problem = await main.waitFor((e) => e.event === 'trayImage' && e.icon === 'data-url', running);
      expect(problem).toBeLessThan(crashed);
      await main.waitFor(main.tooltip('Engine running'), crashed);
      await main.waitFor((e) => e.event === 'trayImage' && e.icon === join(stage, 'apps/streamer/dist-electron/tray.png'), crashed);
      await until(async () => (await fetch(`http://127.0.0.1:${apiPort}/`)).ok);

      // Quit stops the engine, then the tray, then the app.
      main.quit();
      expect(await main.exited).toBe(0);
      const stopped = main.events.findLastIndex(main.tooltip('Engine stopped'));
      expect(stopped).toBeGreaterThan(crashed);
      expect(main.index('trayDestroyed')).toBeGreaterThan(stopped);
      expect(engines()).toEqual([]);
      // Linux: start at login is an autostart file, off by default; the login item API is not used.
      expect(main.index('setLoginItemSettings')).toBe(-1);
      expect(existsSync(join(home, '.config/autostart/vigil-streamer.desktop'))).toBe(false);
    } finally {
      main.child.kill('SIGKILL');
      await main.exited;
    }
  }, 120_000);
});

describe('package:dir viewer', () => {
  let viewer: string;
  const app = () => join(viewer, 'linux-unpacked');

  it('packs the viewer alone: main, preload, UI; nothing unpacked, no engine', async () => {
    viewer = (await viewerBuild).out;
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

  it('its bundled main, run with the stand-in electron, opens the window with the policy and quits', async () => {
    const stage = join(work, 'stage-viewer');
    const userData = join(work, 'viewer-user-data');
    mkdirSync(userData);
    const main = new StandInMain(join(stage, 'apps/viewer/dist-electron/main.mjs'), { HOME: work, STAND_IN_USER_DATA: userData });
    try {
      await main.waitFor((e) => e.event === 'loadURL' && e.url === 'app://vigil/index.html');
      expect(main.index('schemes')).toBeLessThan(main.index('window'));
      const window = main.events[main.index('window')] as { title: string; webPreferences: Record<string, unknown> };
      expect(window).toMatchObject({ title: 'Vigil Viewer', webPreferences: { preload: join(stage, 'apps/viewer/dist-electron/preload.cjs'), sandbox: true } });
      const channels = main.events.filter((e) => e.event === 'ipc').map((e) => e.channel);
      expect(channels).toEqual(expect.arrayContaining(['secrets:status', 'secrets:get', 'pins:set']));
      main.quit();
      expect(await main.exited).toBe(0);
    } finally {
      main.child.kill('SIGKILL');
      await main.exited;
    }
  }, 60_000);
});
