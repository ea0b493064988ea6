/**
 * The building blocks of the network lab (netlab.ts): its addresses and ports, commands run in a
 * namespace, veth links, and the nft rulesets of its routers (stateful filtering, the chains
 * miniupnpd fills, masquerade of either NAT kind) and their netem delay.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireRoot } from './root.ts';

/** How a router maps its LAN to its WAN address. */
export type NatKind = 'eim' | 'symmetric';

export const PREFIX = 'vl';
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const STUN_PORT = 3478;
export const STUN_ALT_PORT = 3479;
export const IGD_PORT = 5000;

export const A = {
  home: '192.0.2.10', homeRouterLan: '192.0.2.1', homeRouterWan: '203.0.113.10',
  homeRouterWanCgnat: '192.0.2.130', carrierLan: '192.0.2.129', carrierWan: '203.0.113.30',
  awayA: '198.51.100.10', awayRouterLan: '198.51.100.1', awayRouterWan: '203.0.113.20',
  awayB: '198.51.100.138', awayRouter2Lan: '198.51.100.129', awayRouter2Wan: '203.0.113.21',
  internet: '203.0.113.1', internetAlt: '203.0.113.2',
  /** The internet's default gateway: no host has it, so what is routed there vanishes. */
  internetVoid: '203.0.113.254',
} as const;

/** Runs a command synchronously, throwing with its stderr on failure. */
export function run(cmd: string, args: string[], input?: string): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 30_000 });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout || String(result.error ?? '')).trim()}`);
  return result.stdout;
}
export const ipn = (ns: string, ...args: string[]) => run('ip', ['-n', ns, ...args]);
export const nsExec = (ns: string, cmd: string, ...args: string[]) => run('ip', ['netns', 'exec', ns, cmd, ...args]);

/** Whether a tool is on PATH. */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Throws "needs root" or names the missing Debian package, per helpers/root.ts. */
export function requireTools(upnp: boolean): void {
  requireRoot('the network lab makes namespaces, links and nft tables');
  const tools: [string, string][] = [['ip', 'iproute2'], ['nft', 'nftables'], ['tc', 'iproute2'], ['turnserver', 'coturn'], ['turnutils_uclient', 'coturn'], ['upnpc', 'miniupnpc']];
  if (upnp) tools.push(['miniupnpd', 'miniupnpd']);
  const missing = tools.filter(([tool]) => !hasTool(tool)).map(([tool, pkg]) => `${tool} (Debian package ${pkg})`);
  if (missing.length > 0) throw new Error(`the network lab needs ${missing.join(', ')}: run \`bash .ci/run\` or apt-get install them`);
}

/** Kills what runs in a namespace and deletes it; quiet when it is already gone. */
export function removeNamespace(ns: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  spawnSync('ip', ['netns', 'del', ns]);
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Deletes lab namespaces whose process is dead (a crashed or killed test run). */
export function sweepStaleLabs(): string[] {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  const stale = list
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => {
      const match = new RegExp(`^${PREFIX}(\\d+)-\\d+-`).exec(name);
      return match !== null && !alive(Number(match[1]));
    });
  for (const ns of stale) removeNamespace(ns);
  return stale;
}

/** A veth pair between two namespaces, each end named as given there, up. */
export function link(nsA: string, nameA: string, nsB: string, nameB: string): void {
  run('ip', ['link', 'add', nameA, 'netns', nsA, 'type', 'veth', 'peer', nameB, 'netns', nsB]);
  ipn(nsA, 'link', 'set', nameA, 'up');
  ipn(nsB, 'link', 'set', nameB, 'up');
}

/** The nft ruleset of a router: stateful filtering and the chains miniupnpd fills. */
export function routerRules(): string {
  // miniupnpd's nftables backend (Debian 2.3.1) adds its rules to family inet, table "filter"
  // (upnp_table_name and upnp_nat_table_name default to it), chains miniupnpd (filter),
  // prerouting_miniupnpd and postrouting_miniupnpd (nat); Debian's nft_init.sh leaves its table
  // name unset, so the chains are made here, each jumped to from a base chain.
  //
  // Unsolicited packets to the router itself are dropped in an input chain, as home routers do:
  // without it such a packet (a peer's first ICE check, sent before ours went out) is accepted
  // by the router's stack, and its conntrack entry takes the public port our NAT would give the
  // outgoing check, so the NAT moves that flow to another port and hole punching never works.
  // A dropped packet's entry is never confirmed. TCP is reset (not dropped) so "refused" stays visible.
  return `table inet filter {
  chain input {
    type filter hook input priority 0; policy accept;
    ct state established,related accept
    iifname { "lo", "lan" } accept
    # miniupnpd's STUN test: coturn answers from its other address and port on purpose.
    ip saddr { ${A.internet}, ${A.internetAlt} } udp sport { ${STUN_PORT}, ${STUN_ALT_PORT} } accept
    meta l4proto tcp reject with tcp reset
    drop
  }
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    iifname "lan" accept
    jump miniupnpd
  }
  chain miniupnpd {
  }
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    jump prerouting_miniupnpd
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    jump postrouting_miniupnpd
  }
  chain prerouting_miniupnpd {
  }
  chain postrouting_miniupnpd {
  }
}
`;
}

/** The masquerade rule of a router, in a table of its own so it can be swapped. */
export function natRules(lan: string, kind: NatKind): string {
  const flag = kind === 'symmetric' ? ' fully-random' : '';
  return `table ip vlab_nat {
  chain postrouting {
    type nat hook postrouting priority 110; policy accept;
    ip saddr ${lan} oifname "wan" masquerade${flag}
  }
}
`;
}

/** Applies a router's NAT kind (replacing the previous one) and forgets existing mappings. */
export function applyNat(ns: string, lan: string, kind: NatKind): void {
  spawnSync('ip', ['netns', 'exec', ns, 'nft', 'delete', 'table', 'ip', 'vlab_nat']);
  run('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], natRules(lan, kind));
  // Flows already mapped keep their mapping in conntrack; drop them so the new kind applies.
  spawnSync('ip', ['netns', 'exec', ns, 'sh', '-c', 'echo f > /proc/net/nf_conntrack 2>/dev/null; command -v conntrack >/dev/null && conntrack -F 2>/dev/null; true']);
}

/** Sets (or removes, for 0) netem delay on one interface. */
export function applyDelay(ns: string, dev: string, ms: number): void {
  spawnSync('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'del', 'dev', dev, 'root']);
  if (ms <= 0) return;
  const result = spawnSync('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', `${ms}ms`], { encoding: 'utf8' });
  if (result.status === 0) return;
  if (/unknown/i.test(result.stderr)) throw new Error('delayMs needs tc netem, which this kernel lacks (CONFIG_NET_SCH_NETEM, module sch_netem)');
  throw new Error(`tc netem on ${dev} in ${ns} failed: ${result.stderr.trim()}`);
}
