/** Process-table reading for leak checks and CPU figures (Linux /proc). */
import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat describes it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  /** R, S, Z (zombie), ... */
  state: string;
  comm: string;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
  /** Resident set size in bytes. */
  rssBytes: number;
}

const PAGE_SIZE = 4096;
/** Clock ticks per second of /proc figures (USER_HZ, 100 on Linux). */
export const CLOCK_TICKS = 100;

/** Reads /proc/<pid>/stat; undefined when the process is gone. */
export function procInfo(pid: number): ProcInfo | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may hold spaces and parentheses: split after the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  return {
    pid,
    comm,
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    rssBytes: Number(fields[21]) * PAGE_SIZE,
  };
}

/** Direct children of a process (zombies included). */
export function childrenOf(ppid: number): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = procInfo(Number(entry));
    if (info && info.ppid === ppid) out.push(info);
  }
  return out;
}
