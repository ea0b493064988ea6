/** The supervisor against real, short-lived Node child processes (no Electron needed). */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineStatusValue } from '../common/ipc.ts';
import { engineArgs, engineEnv } from './engineProcess.ts';
import { crashDetail, EngineSupervisor } from './supervisor.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-supervisor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake engine that exits with code 3 after `ms`. */
const crashing = join(dir, 'crash.cjs');
writeFileSync(crashing, 'setTimeout(() => process.exit(3), Number(process.argv[2] || 30));');
/** A fake engine that runs until told to stop, and exits cleanly on SIGTERM. */
const longRunning = join(dir, 'long.cjs');
writeFileSync(longRunning, "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000);");
/** A fake engine that ignores SIGTERM (needs SIGKILL). */
const stubborn = join(dir, 'stubborn.cjs');
writeFileSync(stubborn, "process.on('SIGTERM', () => {}); process.send?.('ready'); setInterval(() => {}, 1000);");

/** A fake engine that dies as the CLI does on a taken port: its fatal line and stack on stderr, exit 1. */
const portTaken = join(dir, 'port-taken.cjs');
writeFileSync(
  portTaken,
  "process.stderr.write('starting\\nvigil-streamer: Error: listen EADDRINUSE: address already in use 127.0.0.1:7480\\n    at Server.setupListenHandle (node:net:1908:16)\\n    at listenInCluster (node:net:1965:12)\\n', () => process.exit(1));",
);

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('EngineSupervisor', () => {
  it('restarts a crashing engine with growing delays, with a new process each time', async () => {
    const history: EngineStatusValue[] = [];
    const pids = new Set<number>();
    const supervisor = new EngineSupervisor({
      spawn: () => fork(crashing, ['30'], { stdio: 'ignore' }),
      apiUrl: 'http://127.0.0.1:7480',
      backoff: { initialBackoffMs: 40, maxBackoffMs: 400, backoffJitter: 0 },
      onStatus: (s) => {
        history.push(s);
        if (s.pid) pids.add(s.pid);
      },
    });
    supervisor.start();
    await until(() => supervisor.status().restarts >= 4);
    await supervisor.stop();
    const backoffs = history.filter((s) => s.state === 'backoff');
    const delays = backoffs.map((s) => s.nextRestartAt! - s.lastExit!.at);
    expect(delays.slice(0, 4)).toEqual([40, 80, 160, 320]);
    expect(backoffs[0]!.lastExit).toMatchObject({ code: 3, signal: null });
    expect(pids.size).toBeGreaterThanOrEqual(4);
    expect(supervisor.status()).toMatchObject({ state: 'stopped', pid: null, nextRestartAt: null });
  });

  it('stop() ends a running engine with SIGTERM and does not restart it', async () => {
    const supervisor = new EngineSupervisor({ spawn: () => fork(longRunning, [], { stdio: 'ignore' }), apiUrl: 'x', backoff: { initialBackoffMs: 10 } });
    supervisor.start();
    await until(() => supervisor.status().state === 'running');
    const pid = supervisor.status().pid!;
    await supervisor.stop();
    expect(supervisor.status()).toMatchObject({ state: 'stopped', pid: null, restarts: 0 });
    expect(() => process.kill(pid, 0)).toThrow();
    await new Promise((r) => setTimeout(r, 100));
    expect(supervisor.status().state).toBe('stopped');
  });

  it('kills an engine that ignores SIGTERM after the grace period', async () => {
    let ready = false;
    const supervisor = new EngineSupervisor({
      spawn: () => {
        const child = fork(stubborn, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
        child.on('message', () => (ready = true));
        return child;
      },
      apiUrl: 'x',
      stopTimeoutMs: 200,
    });
    supervisor.start();
    await until(() => ready);
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(supervisor.status().lastExit).toMatchObject({ signal: 'SIGKILL' });
  });

  it('pause() stops restarts until resumed; restart() gives a new process', async () => {
    const supervisor = new EngineSupervisor({ spawn: () => fork(longRunning, [], { stdio: 'ignore' }), apiUrl: 'x' });
    supervisor.start();
    await until(() => supervisor.status().state === 'running');
    await supervisor.pause();
    expect(supervisor.status().state).toBe('paused');
    supervisor.start();
    await until(() => supervisor.status().state === 'running');
    const first = supervisor.status().pid;
    await supervisor.restart();
    await until(() => supervisor.status().state === 'running');
    expect(supervisor.status().pid).not.toBe(first);
    await supervisor.stop();
  });

  it('retries when the executable cannot be started at all', async () => {
    const supervisor = new EngineSupervisor({
      spawn: () => spawn(join(dir, 'does-not-exist'), [], { stdio: 'ignore' }),
      apiUrl: 'x',
      backoff: { initialBackoffMs: 20, backoffJitter: 0 },
    });
    supervisor.start();
    await until(() => supervisor.status().restarts >= 2);
    await supervisor.stop();
    expect(supervisor.status().state).toBe('stopped');
  });
});

describe('engine command', () => {
  it('runs the headless CLI on the configured API port', () => {
    expect(engineArgs({ apiPort: 7480 })).toEqual(['--headless', '--api-port', '7480', '--ui-origin', 'app://vigil']);
  });

  it('runs Electron as plain Node and drops NODE_OPTIONS', () => {
    expect(engineEnv({ PATH: '/bin', NODE_OPTIONS: '--inspect' })).toEqual({ PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' });
  });

  it('puts the packaged ffmpeg last on PATH, so a system ffmpeg still wins', () => {
    const ffmpeg = '/opt/Vigil/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64';
    expect(engineEnv({ PATH: '/usr/bin:/bin' }, ffmpeg).PATH).toBe(`/usr/bin:/bin:${ffmpeg}`);
    expect(engineEnv({}, ffmpeg).PATH).toBe(ffmpeg);
    expect(engineEnv({ Path: 'C:\\Windows' }, 'C:\\Vigil\\ffmpeg', ';')).toMatchObject({ Path: 'C:\\Windows;C:\\Vigil\\ffmpeg' });
  });

  it('keeps what the engine said last before it died as the crash detail', async () => {
    const supervisor = new EngineSupervisor({ spawn: () => fork(portTaken, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }), apiUrl: 'x', backoff: { initialBackoffMs: 5000 } });
    supervisor.start();
    await until(() => supervisor.status().state === 'backoff');
    expect(supervisor.status().lastExit).toMatchObject({ code: 1, detail: 'listen EADDRINUSE: address already in use 127.0.0.1:7480' });
    await supervisor.stop();
  });
});

describe('crashDetail', () => {
  it('takes the CLI’s fatal line or an uncaught error’s message; ordinary log lines are no reason', () => {
    expect(crashDetail('a\nvigil-streamer: config.json: signaling.port must be a number\n')).toBe('config.json: signaling.port must be a number');
    expect(crashDetail('file:///x.js:3\n  throw e\n  ^\n\nTypeError: x is not a function\n    at f (x.js:3:9)\n')).toBe('x is not a function');
    expect(crashDetail('RangeError [ERR_OUT_OF_RANGE]: offset 9\n')).toBe('offset 9');
    expect(crashDetail('')).toBeUndefined();
    expect(crashDetail('    at a (b:1:1)\n')).toBeUndefined();
    expect(crashDetail('camera garage: reconnecting in 5 s\n')).toBeUndefined();
    expect(crashDetail(`vigil-streamer: ${'x'.repeat(1000)}`)).toHaveLength(300);
  });
});
