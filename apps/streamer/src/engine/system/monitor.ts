/**
 * Figures for the System screen: CPU of the engine process and of the machine (measured between
 * two readings, so the first call after start covers the time since start), memory, the
 * recordings disk, uptimes, the engine's version and each camera's fps and bitrate.
 */
import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { cpus, freemem, hostname, loadavg, totalmem, uptime } from 'node:os';
import type { CameraStats, SystemView } from '@vigil/shared/api';
import type { CameraState } from '@vigil/shared/config';

/** What the monitor reads about cameras. */
export interface SystemSources {
  /** The recordings root, whose filesystem is reported as the disk. */
  diskPath: string;
  cameras(): { id: string; name: string; state: CameraState['state'] }[];
  stats(id: string): CameraStats | undefined;
  /** Problems other modules report (alerts held off a full disk); none when absent. */
  problems?(): NonNullable<SystemView['problems']>;
}

interface CpuReading {
  wall: bigint;
  process: NodeJS.CpuUsage;
  idle: number;
  total: number;
}

function readCpu(): CpuReading {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.idle + cpu.times.irq;
  }
  return { wall: process.hrtime.bigint(), process: process.cpuUsage(), idle, total };
}

/**
 * The engine's version: the nearest package.json named @vigil/streamer above this module (the
 * sources sit three folders below it, the bundled engine one), read once.
 */
export function engineVersion(): string {
  for (let up = 1; up <= 4; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@vigil/streamer' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level: look one higher
    }
  }
  return 'unknown';
}

/** Disk size and free space of the filesystem holding `path`; undefined if it cannot be read. */
export async function diskOf(path: string): Promise<{ total: number; free: number } | undefined> {
  try {
    const s = await statfs(path);
    return { total: s.blocks * s.bsize, free: s.bavail * s.bsize };
  } catch {
    return undefined;
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Creates the monitor; `view()` answers GET /api/system. */
export function createSystemMonitor(sources: SystemSources) {
  const startedAt = Date.now();
  const version = engineVersion();
  let last = readCpu();
  let figures = { process: 0, machine: 0 };

  /** CPU since the previous reading; readings closer than 500 ms apart keep the last figures. */
  function cpuFigures() {
    const now = readCpu();
    const wallUs = Number(now.wall - last.wall) / 1000;
    if (wallUs < 500_000) return figures;
    const used = now.process.user - last.process.user + (now.process.system - last.process.system);
    const total = now.total - last.total;
    figures = {
      process: round1((used / wallUs) * 100),
      machine: total > 0 ? round1((1 - (now.idle - last.idle) / total) * 100) : 0,
    };
    last = now;
    return figures;
  }

  return {
    async view(): Promise<SystemView> {
      const memory = process.memoryUsage();
      const disk = await diskOf(sources.diskPath);
      return {
        version,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        hostname: hostname(),
        startedAt,
        uptimeSeconds: { engine: Math.round((Date.now() - startedAt) / 1000), machine: Math.round(uptime()) },
        cpu: { ...cpuFigures(), cores: cpus().length, load1: round1(loadavg()[0] ?? 0) },
        memory: { rss: memory.rss, heapUsed: memory.heapUsed, total: totalmem(), free: freemem() },
        ...(disk ? { disk: { path: sources.diskPath, ...disk } } : {}),
        problems: sources.problems?.() ?? [],
        cameras: sources.cameras().map((camera) => {
          const stats = sources.stats(camera.id);
          return { id: camera.id, name: camera.name, state: camera.state, fps: stats?.fps ?? 0, bitrateKbps: stats?.bitrateKbps ?? 0, viewers: stats?.viewers ?? 0 };
        }),
      };
    },
  };
}
