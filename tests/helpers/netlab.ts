/**
 * A small internet in network namespaces, for "watch from anywhere" tests: a home LAN behind a NAT
 * router running a real miniupnpd, a viewer's LAN behind another NAT, and an "internet" segment
 * holding coturn (STUN with RFC 5780, TURN with REST-API credentials) and the relay host.
 *
 *   home 192.0.2.10 ── homeRouter 192.0.2.1 | WAN 203.0.113.10 ─┐
 *       (cgnat: homeRouter WAN 192.0.2.130 ── carrier 192.0.2.129 | WAN 203.0.113.30 ─┤)
 *   away 198.51.100.10 ── awayRouter 198.51.100.1 | WAN 203.0.113.20 ─────────────────┤ bridge in
 *   away 198.51.100.138 ── awayRouter2 198.51.100.129 | WAN 203.0.113.21 (moveAway) ─┤ "internet":
 *                                                      203.0.113.1 + .2 (coturn, relay) ─┘
 *
 * Only documentation ranges, only inside namespaces this file makes: nothing is routed to the
 * host's own network, and the internet namespace has no way out. Everything a lab made (processes,
 * namespaces and with them their links and nft tables) goes at close(), at process exit, and on
 * SIGINT/SIGTERM; labs of dead processes are swept by the next createNetLab().
 *
 * NATs are nftables masquerade: 'eim' keeps the source port (Linux preserves it when free:
 * endpoint-independent mapping), 'symmetric' adds `fully-random` (a new port per destination).
 * Both routers filter like home routers do: only replies (conntrack) and UPnP's holes come in,
 * and the router itself answers nothing from its WAN but replies (see routerRules).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { waitFor } from './wait.ts';
import { PREFIX, REPO_ROOT, STUN_PORT, STUN_ALT_PORT, IGD_PORT, A, run, ipn, nsExec, requireTools, removeNamespace, sweepStaleLabs, link, routerRules, applyNat, applyDelay, type NatKind } from './netlab-parts.ts';

export { sweepStaleLabs, type NatKind };

/** The routers whose NAT can be changed while a lab runs. */
export type RouterName = 'home' | 'away';

/** What createNetLab builds. */
export interface NetLabOptions {
  /** Run miniupnpd (UPnP-IGD v2 and NAT-PMP) on the home router (default true). */
  upnp?: boolean;
  homeNat?: NatKind;
  awayNat?: NatKind;
  /** Put the home router behind a carrier NAT: its WAN gets 192.0.2.130, not a public address (default false). */
  cgnat?: boolean;
  /** One-way delay (tc netem) on each router's link to the internet segment, both directions (default 0). */
  delayMs?: number;
}

/** Result of a command run in a namespace. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit code; -1 when killed by a signal. */
  code: number;
}

/** A running lab. */
export interface NetLab {
  /** Namespace names, unique to this lab (`vl<pid>-<n>-<role>`). */
  ns: { home: string; homeRouter: string; away: string; awayRouter: string; awayRouter2: string; internet: string; carrier?: string };
  addr: {
    /** The engine host in the home LAN. */
    home: string;
    homeRouterLan: string;
    /** The home router's WAN address: public (203.0.113.10), or 192.0.2.130 behind the carrier NAT. */
    homeRouterWan: string;
    /** What the internet sees the home as: the home router's WAN, or the carrier's. */
    publicHome: string;
    /** The viewer host; changes with moveAway(). */
    away: string;
    /** What the internet sees the viewer as; changes with moveAway(). */
    publicAway: string;
    /** The relay and coturn host (coturn's primary address). */
    internet: string;
    /** coturn's second address (RFC 5780 OTHER-ADDRESS). */
    internetAlt: string;
  };
  turn: { urls: string[]; secret: string; realm: string; stunUrl: string; /** RFC 5780 alternate port of coturn. */ altPort: number };
  /** miniupnpd's device description on the home router (nothing answers there with upnp: false). */
  igdUrl: string;
  /** Directory for this lab's files (configs, logs); removed at close. */
  dir: string;
  /** Starts `cmd` in a namespace (`ip netns exec`); killed at close. */
  spawnIn(ns: string, cmd: string, args: string[], opts?: SpawnOptions): ChildProcess;
  /** Runs `cmd` in a namespace to its end; never throws for a non-zero exit. */
  execIn(ns: string, cmd: string, args: string[], opts?: { timeoutMs?: number; input?: string }): Promise<ExecResult>;
  /** Changes a router's NAT kind; existing conntrack entries are flushed so new flows see it. */
  setNat(router: RouterName, kind: NatKind): Promise<void>;
  /** Changes the one-way delay of every internet link (0 removes it). */
  setDelay(ms: number): Promise<void>;
  /**
   * Moves the viewer to its other network ('a': behind awayRouter, 'b': behind awayRouter2), like a
   * phone leaving Wi-Fi for mobile data; by default to the one it is not on. Its address and public
   * address both change (addr.away, addr.publicAway follow).
   */
  moveAway(to?: 'a' | 'b'): Promise<{ address: string; publicAddress: string }>;
  /** Starts a Node process in a namespace that runs project code for the test (helpers/netlab-agent.ts). */
  agent(ns: string): Promise<NetLabAgent>;
  /** Kills every process, deletes the namespaces (with their links and nft tables) and files. Idempotent. */
  close(): Promise<void>;
}

/** Project code running in a namespace; paths are absolute or relative to the repository root. */
export interface NetLabAgent {
  /** Calls an exported function and returns its (JSON-copied) result. */
  call<T>(module: string, fn: string, args?: unknown[]): Promise<T>;
  /** Calls an exported function and keeps what it returns under `name` for invoke(). */
  keep(name: string, module: string, fn: string, args?: unknown[]): Promise<void>;
  /** Calls a method of a kept object and returns its (JSON-copied) result. */
  invoke<T>(name: string, method: string, args?: unknown[]): Promise<T>;
  /** Ends the agent process. */
  close(): Promise<void>;
}

let labCount = 0;
const openLabs = new Set<() => void>();

/** Builds a lab; fails naming what is missing (root, a Debian package). */
export async function createNetLab(options: NetLabOptions = {}): Promise<NetLab> {
  const upnp = options.upnp ?? true;
  requireTools(upnp);
  sweepStaleLabs();
  const tag = `${PREFIX}${process.pid}-${++labCount}-`;
  const ns = {
    home: `${tag}home`, homeRouter: `${tag}homeRouter`, away: `${tag}away`, awayRouter: `${tag}awayRouter`,
    awayRouter2: `${tag}awayRouter2`, internet: `${tag}internet`, ...(options.cgnat ? { carrier: `${tag}carrier` } : {}),
  };
  const dir = mkdtempSync(join(tmpdir(), 'vigil-netlab-'));
  const children = new Set<ChildProcess>();
  let closed = false;

  const closeSync = () => {
    if (closed) return;
    closed = true;
    openLabs.delete(closeSync);
    for (const child of children) child.kill('SIGKILL');
    for (const name of Object.values(ns)) removeNamespace(name);
    rmSync(dir, { recursive: true, force: true });
  };
  openLabs.add(closeSync);
  installExitHooks();

  const routersToInternet: [string, string][] = [];
  try {
    for (const name of Object.values(ns)) {
      run('ip', ['netns', 'add', name]);
      ipn(name, 'link', 'set', 'lo', 'up');
    }

    // The internet: a bridge with coturn's and the relay's two addresses, one port per router.
    ipn(ns.internet, 'link', 'add', 'br0', 'type', 'bridge');
    ipn(ns.internet, 'link', 'set', 'br0', 'up');
    ipn(ns.internet, 'addr', 'add', `${A.internet}/24`, 'dev', 'br0');
    ipn(ns.internet, 'addr', 'add', `${A.internetAlt}/24`, 'dev', 'br0');
    // Like any public host, the internet's has a default route: a packet to an address it cannot
    // reach (a viewer's or engine's private host candidate) leaves and vanishes instead of failing
    // at once. Without it coturn's send to such a peer fails with ENETUNREACH and coturn ends the
    // whole allocation. The gateway is a neighbour nobody is: its frames die at the routers' ports.
    ipn(ns.internet, 'neigh', 'add', A.internetVoid, 'lladdr', '02:00:00:00:00:fe', 'dev', 'br0', 'nud', 'permanent');
    ipn(ns.internet, 'route', 'add', 'default', 'via', A.internetVoid, 'dev', 'br0');
    const toInternet = (routerNs: string, port: string, wanAddress: string) => {
      link(routerNs, 'wan', ns.internet, port);
      ipn(ns.internet, 'link', 'set', port, 'master', 'br0');
      ipn(routerNs, 'addr', 'add', `${wanAddress}/24`, 'dev', 'wan');
      ipn(routerNs, 'route', 'add', 'default', 'via', A.internet);
      routersToInternet.push([routerNs, port]);
    };
    const router = (routerNs: string) => {
      nsExec(routerNs, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
      run('ip', ['netns', 'exec', routerNs, 'nft', '-f', '-'], routerRules());
    };
    const host = (hostNs: string, dev: string, address: string, prefix: number, gateway: string) => {
      ipn(hostNs, 'addr', 'add', `${address}/${prefix}`, 'dev', dev);
      ipn(hostNs, 'route', 'add', 'default', 'via', gateway, 'dev', dev);
    };

    // Home: engine host ── home router (── carrier NAT with cgnat) ── internet.
    link(ns.home, 'eth0', ns.homeRouter, 'lan');
    host(ns.home, 'eth0', A.home, 25, A.homeRouterLan);
    ipn(ns.homeRouter, 'addr', 'add', `${A.homeRouterLan}/25`, 'dev', 'lan');
    router(ns.homeRouter);
    if (ns.carrier) {
      link(ns.homeRouter, 'wan', ns.carrier, 'lan');
      host(ns.homeRouter, 'wan', A.homeRouterWanCgnat, 25, A.carrierLan);
      ipn(ns.carrier, 'addr', 'add', `${A.carrierLan}/25`, 'dev', 'lan');
      router(ns.carrier);
      toInternet(ns.carrier, 'p-carrier', A.carrierWan);
      applyNat(ns.carrier, '192.0.2.128/25', 'eim');
    } else {
      toInternet(ns.homeRouter, 'p-home', A.homeRouterWan);
    }
    applyNat(ns.homeRouter, '192.0.2.0/25', options.homeNat ?? 'eim');

    // Away: the viewer host has two networks; only one is up at a time (moveAway swaps them).
    link(ns.away, 'eth0', ns.awayRouter, 'lan');
    link(ns.away, 'eth1', ns.awayRouter2, 'lan');
    host(ns.away, 'eth0', A.awayA, 25, A.awayRouterLan);
    ipn(ns.away, 'link', 'set', 'eth1', 'down');
    for (const [routerNs, lanAddress, port, wan, lan] of [
      [ns.awayRouter, A.awayRouterLan, 'p-away', A.awayRouterWan, '198.51.100.0/25'],
      [ns.awayRouter2, A.awayRouter2Lan, 'p-away2', A.awayRouter2Wan, '198.51.100.128/25'],
    ] as const) {
      ipn(routerNs, 'addr', 'add', `${lanAddress}/25`, 'dev', 'lan');
      router(routerNs);
      toInternet(routerNs, port, wan);
      applyNat(routerNs, lan, options.awayNat ?? 'eim');
    }
    for (const [routerNs, port] of routersToInternet) {
      applyDelay(routerNs, 'wan', options.delayMs ?? 0);
      applyDelay(ns.internet, port, options.delayMs ?? 0);
    }

    const spawnIn = (name: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess => {
      if (closed) throw new Error('the network lab is closed');
      const child = spawn('ip', ['netns', 'exec', name, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    };
    const execIn = (name: string, cmd: string, args: string[], opts: { timeoutMs?: number; input?: string } = {}) =>
      new Promise<ExecResult>((resolve, reject) => {
        const child = spawnIn(name, cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
        child.once('error', reject);
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ stdout, stderr, code: code ?? -1 });
        });
        // A command that exits without reading its input closes the pipe: EPIPE is no failure.
        child.stdin?.on('error', () => undefined);
        child.stdin?.end(opts.input ?? '');
      });

    // coturn: STUN with RFC 5780 (two addresses, alternate port), TURN with REST-API secrets.
    // `-n` keeps Debian's /etc/turnserver.conf out (it turns RFC 5780 off).
    const secret = randomBytes(18).toString('base64url');
    const realm = 'lab.vigil.test';
    const coturn = spawnIn(ns.internet, 'turnserver', [
      ...(process.env.VIGIL_COTURN_V ? ['-V'] : []), '-n', '--listening-ip', A.internet, '--listening-ip', A.internetAlt, '--listening-port', String(STUN_PORT),
      '--alt-listening-port', String(STUN_ALT_PORT), '--relay-ip', A.internet, '--min-port', '49160', '--max-port', '49260',
      '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm', realm, '--fingerprint', '--no-cli', '--no-tls', '--no-dtls',
      '--no-multicast-peers', '--userdb', join(dir, 'turndb'), '--pidfile', join(dir, 'turnserver.pid'),
      '--log-file', join(dir, 'turnserver.log'), '--simple-log', '--new-log-timestamp-format', '%H:%M:%S',
    ]);
    let coturnExit = '';
    coturn.once('exit', (code, signal) => (coturnExit = `coturn exited (${code ?? signal}); see its log`));
    await waitFor(
      async () => coturnExit || (await execIn(ns.internet, 'sh', ['-c', `grep -c 'Total General servers' ${join(dir, 'turnserver.log')}* 2>/dev/null; ss -Hlun sport = :${STUN_PORT}`])).stdout,
      (out) => coturnExit !== '' || (out.match(new RegExp(`:${STUN_PORT}\\b`, 'g')) ?? []).length >= 2,
      15_000,
      { what: 'coturn listening on both internet addresses' },
    );
    if (coturnExit) throw new Error(coturnExit);

    // miniupnpd on the home router: UPnP-IGD v2 and NAT-PMP. Its WAN address is in a reserved
    // range, so it maps only once its STUN test (against the lab's coturn) finds no NAT upstream.
    const igdUrl = `http://${A.homeRouterLan}:${IGD_PORT}/rootDesc.xml`;
    if (upnp) {
      const conf = join(dir, 'miniupnpd.conf');
      writeFileSync(conf, [
        'ext_ifname=wan', 'listening_ip=lan', `http_port=${IGD_PORT}`, 'enable_natpmp=yes', 'enable_upnp=yes',
        // Behind the carrier NAT the router keeps its own (reserved) WAN address, as most home
        // routers behind CGNAT do (100.64.0.0/10 there; the lab may only use documentation ranges).
        ...(options.cgnat ? ['ext_perform_stun=no'] : ['ext_perform_stun=yes', `ext_stun_host=${A.internet}`, `ext_stun_port=${STUN_PORT}`]), 'secure_mode=yes', 'system_uptime=no',
        `uuid=${randomUUID()}`, 'force_igd_desc_v1=no', `lease_file=${join(dir, 'upnp.leases')}`, 'min_lifetime=1', 'max_lifetime=86400',
        'allow 1024-65535 192.0.2.0/25 1024-65535', 'deny 0-65535 0.0.0.0/0 0-65535', '',
      ].join('\n'));
      const upnpd = spawnIn(ns.homeRouter, 'miniupnpd', ['-d', '-f', conf, '-P', join(dir, 'miniupnpd.pid')]);
      let log = '';
      upnpd.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      upnpd.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      let exited = '';
      upnpd.once('exit', (code, signal) => (exited = `miniupnpd exited (${code ?? signal}): ${log.slice(-1000)}`));
      await waitFor(
        async () => exited || (await execIn(ns.home, 'upnpc', ['-u', igdUrl, '-s'])).stdout,
        (out) => exited !== '' || out.includes('ExternalIPAddress'),
        20_000,
        { what: 'miniupnpd answering on the home LAN', every: 300 },
      );
      if (exited) throw new Error(exited);
    }

    const addr = {
      home: A.home, homeRouterLan: A.homeRouterLan, homeRouterWan: ns.carrier ? A.homeRouterWanCgnat : A.homeRouterWan,
      publicHome: ns.carrier ? A.carrierWan : A.homeRouterWan, away: A.awayA as string, publicAway: A.awayRouterWan as string,
      internet: A.internet, internetAlt: A.internetAlt,
    };
    let awayOn: 'a' | 'b' = 'a';

    return {
      ns, addr, igdUrl, dir,
      turn: { urls: [`turn:${A.internet}:${STUN_PORT}?transport=udp`, `turn:${A.internet}:${STUN_PORT}?transport=tcp`], secret, realm, stunUrl: `stun:${A.internet}:${STUN_PORT}`, altPort: STUN_ALT_PORT },
      spawnIn,
      execIn,
      async setNat(which, kind) {
        if (which === 'home') applyNat(ns.homeRouter, '192.0.2.0/25', kind);
        else for (const [routerNs, lan] of [[ns.awayRouter, '198.51.100.0/25'], [ns.awayRouter2, '198.51.100.128/25']] as const) applyNat(routerNs, lan, kind);
      },
      async setDelay(ms) {
        for (const [routerNs, port] of routersToInternet) {
          applyDelay(routerNs, 'wan', ms);
          applyDelay(ns.internet, port, ms);
        }
      },
      async moveAway(to) {
        const next = to ?? (awayOn === 'a' ? 'b' : 'a');
        if (next !== awayOn) {
          const [fromDev, toDev] = next === 'b' ? ['eth0', 'eth1'] : ['eth1', 'eth0'];
          ipn(ns.away, 'addr', 'flush', 'dev', fromDev);
          ipn(ns.away, 'link', 'set', fromDev, 'down');
          ipn(ns.away, 'link', 'set', toDev, 'up');
          if (next === 'b') host(ns.away, 'eth1', A.awayB, 25, A.awayRouter2Lan);
          else host(ns.away, 'eth0', A.awayA, 25, A.awayRouterLan);
          awayOn = next;
          addr.away = next === 'b' ? A.awayB : A.awayA;
          addr.publicAway = next === 'b' ? A.awayRouter2Wan : A.awayRouterWan;
        }
        return { address: addr.away, publicAddress: addr.publicAway };
      },
      agent: (name) => startAgent(spawnIn, name),
      async close() {
        const waits = [...children].map((child) => new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once('exit', () => resolve());
        }));
        closeSync();
        await Promise.all(waits);
      },
    };
  } catch (error) {
    closeSync();
    throw error;
  }
}

/** Starts helpers/netlab-agent.ts in a namespace and waits for it to say it is ready. */
async function startAgent(spawnIn: NetLab['spawnIn'], ns: string): Promise<NetLabAgent> {
  const child = spawnIn(ns, process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'tests/helpers/netlab-agent.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  child.on('message', (message: { id: number; value?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.value);
  });
  child.once('exit', (code, signal) => {
    gone = new Error(`the agent in ${ns} exited (${code ?? signal})`);
    for (const waiter of pending.values()) waiter.reject(gone);
    pending.clear();
  });
  const request = <T>(body: Record<string, unknown>) => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      child.send({ id, ...body });
    });
  };
  const resolveModule = (module: string) => (isAbsolute(module) ? module : join(REPO_ROOT, module));
  await ready;
  return {
    call: (module, fn, args = []) => request({ op: 'call', module: resolveModule(module), fn, args }),
    keep: (name, module, fn, args = []) => request({ op: 'call', module: resolveModule(module), fn, args, keep: name }),
    invoke: (name, method, args = []) => request({ op: 'invoke', target: name, method, args }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let hooksInstalled = false;
/** Closes every open lab when the process exits or is interrupted. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const closeAll = () => {
    for (const close of [...openLabs]) close();
  };
  process.on('exit', closeAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      closeAll();
      // Let the signal do what it would have done without this listener.
      process.kill(process.pid, signal);
    });
  }
}
