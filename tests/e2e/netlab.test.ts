/**
 * The network lab (helpers/netlab.ts) and what runs on it: the STUN client against coturn (NAT
 * kinds), the port mapper against a real miniupnpd (mapped, reachable, renewed, removed; no UPnP;
 * CGNAT), and coturn's REST-API credentials (issue case f). Needs root: namespaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintTurnCredential } from '../../apps/streamer/src/engine/remote/turn-credentials.ts';
import type { PortMapperStatus } from '../../apps/streamer/src/engine/remote/port-mapping.ts';
import type { StunAddress } from '../../apps/streamer/src/engine/remote/stun.ts';
import { createNetLab, type NetLab, type NetLabAgent } from '../helpers/netlab.ts';
import { waitFor } from '../helpers/wait.ts';

const STUN = 'apps/streamer/src/engine/remote/stun.ts';
const MAPPING = 'apps/streamer/src/engine/remote/port-mapping.ts';
const LAB_TIMEOUT = 60_000;

/** Port mappings upnpc lists on the home router, as "PROTO external->host:internal 'description'". */
async function upnpList(lab: NetLab): Promise<string[]> {
  const { stdout } = await lab.execIn(lab.ns.home, 'upnpc', ['-u', lab.igdUrl, '-l']);
  return stdout.split('\n').flatMap((line) => {
    const match = /^\s*\d+\s+(TCP|UDP)\s+(\d+)->([\d.]+):(\d+)\s+'([^']*)'/.exec(line);
    return match ? [`${match[1]} ${match[2]}->${match[3]}:${match[4]} '${match[5]}'`] : [];
  });
}

/** Runs a short Node script in a namespace and returns what it printed. */
async function node(lab: NetLab, ns: string, script: string): Promise<string> {
  const result = await lab.execIn(ns, process.execPath, ['-e', script], { timeoutMs: 15_000 });
  if (result.code !== 0) throw new Error(`node in ${ns} failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

/** Tries a TCP connection from a namespace: 'connected', 'refused', 'unreachable' or 'timeout'. */
function reach(lab: NetLab, ns: string, host: string, port: number): Promise<string> {
  return node(lab, ns, `const s = require('net').connect(${port}, '${host}');
    s.setTimeout(1500, () => { console.log('timeout'); s.destroy(); });
    s.on('connect', () => { console.log('connected'); s.destroy(); });
    s.on('error', (e) => console.log(e.code === 'ECONNREFUSED' ? 'refused' : /UNREACH/.test(e.code) ? 'unreachable' : e.code));`);
}

/** A TURN allocation from the away host with these credentials: turnutils_uclient's exit code and output. */
async function allocate(lab: NetLab, username: string, password: string) {
  const result = await lab.execIn(lab.ns.away, 'turnutils_uclient', ['-n', '1', '-m', '1', '-c', '-u', username, '-w', password, '-e', lab.addr.internet, lab.addr.internet], { timeoutMs: 20_000 });
  return { code: result.code, output: result.stdout + result.stderr };
}

describe('lab with endpoint-independent NATs and UPnP', () => {
  let lab: NetLab;
  let home: NetLabAgent;
  beforeAll(async () => {
    lab = await createNetLab({ upnp: true, homeNat: 'eim', awayNat: 'eim' });
    home = await lab.agent(lab.ns.home);
  }, LAB_TIMEOUT);
  afterAll(async () => {
    await lab?.close();
    await lab?.close(); // idempotent
  });

  it('routes the LANs out through their routers and nothing in', async () => {
    // coturn listens on TCP 3478 too: "connected" proves the path, "refused" proves a host answered.
    await expect(reach(lab, lab.ns.home, lab.addr.internet, 3478)).resolves.toBe('connected');
    await expect(reach(lab, lab.ns.away, lab.addr.internetAlt, 3478)).resolves.toBe('connected');
    await expect(reach(lab, lab.ns.internet, lab.addr.publicHome, 9)).resolves.toBe('refused');
    // Private LANs are not reachable from the internet, nor from the other LAN.
    await expect(reach(lab, lab.ns.internet, lab.addr.home, 9)).resolves.toMatch(/^(unreachable|timeout)$/);
    await expect(reach(lab, lab.ns.away, lab.addr.home, 9)).resolves.toMatch(/^(unreachable|timeout)$/);
    for (const ns of Object.values(lab.ns)) {
      if (ns) expect((await lab.execIn(ns, 'ip', ['-br', 'link', 'show', 'lo'])).stdout).toMatch(/^lo\s+(UP|UNKNOWN)/);
    }
  });

  it('gives one public port to two destinations (STUN against coturn)', async () => {
    const first = await home.call<StunAddress>(STUN, 'stunBinding', [lab.turn.stunUrl, { timeoutMs: 3000, localPort: 41000 }]);
    const second = await home.call<StunAddress>(STUN, 'stunBinding', [`stun:${lab.addr.internetAlt}:3478`, { timeoutMs: 3000, localPort: 41000 }]);
    expect(first).toEqual({ address: lab.addr.publicHome, port: 41000 });
    expect(second).toEqual(first);
    await expect(home.call(STUN, 'natMapping', [lab.turn.stunUrl, { timeoutMs: 3000 }])).resolves.toBe('endpoint-independent');
  });

  it('maps ports with miniupnpd that the internet then reaches, and removes them at stop', async () => {
    await home.keep('mapper', MAPPING, 'createPortMapper', [{ gateway: lab.igdUrl, leaseSeconds: 600 }]);
    const status = await home.invoke<PortMapperStatus>('mapper', 'map', [[{ protocol: 'TCP', internal: 8443 }, { protocol: 'UDP', internal: { from: 50000, to: 50003 } }]]);
    expect(status).toMatchObject({ state: 'ok', routerAddress: lab.addr.publicHome });
    expect(status.mappings.map((m) => `${m.protocol} ${m.external}->${m.internal}`)).toEqual(['TCP 8443->8443', 'UDP 50000->50000', 'UDP 50001->50001', 'UDP 50002->50002', 'UDP 50003->50003']);
    const listed = await upnpList(lab);
    expect(listed).toEqual(expect.arrayContaining([`TCP 8443->${lab.addr.home}:8443 'Vigil'`, `UDP 50002->${lab.addr.home}:50002 'Vigil'`]));

    // A TCP server and a UDP listener in the home answer what the internet sends to the router.
    const tcp = lab.spawnIn(lab.ns.home, process.execPath, ['-e', `require('net').createServer((s) => s.end('hello from home')).listen(8443, '${lab.addr.home}', () => console.log('up'))`]);
    const udp = lab.spawnIn(lab.ns.home, process.execPath, ['-e', `const s = require('dgram').createSocket('udp4'); s.on('message', (m) => console.log('got ' + m)); s.bind(50002, '${lab.addr.home}', () => console.log('up'))`]);
    let udpOut = '';
    udp.stdout?.on('data', (chunk: Buffer) => (udpOut += chunk.toString()));
    let tcpOut = '';
    tcp.stdout?.on('data', (chunk: Buffer) => (tcpOut += chunk.toString()));
    await waitFor(() => tcpOut + udpOut, (out) => out.split('up').length === 3, 10_000, { what: 'listeners in the home' });
    const wan = lab.addr.publicHome;
    await expect(node(lab, lab.ns.internet, `require('net').connect(8443, '${wan}').on('data', (d) => process.stdout.write(d))`)).resolves.toBe('hello from home');
    await node(lab, lab.ns.internet, `const s = require('dgram').createSocket('udp4'); s.send('ping 1', 50002, '${wan}', () => s.close())`);
    await waitFor(() => udpOut, (out) => out.includes('got ping 1'), 10_000, { what: 'the datagram in the home' });
    // An unmapped port stays closed.
    await expect(node(lab, lab.ns.internet, `require('net').connect(8444, '${wan}').on('error', (e) => console.log(e.code)).setTimeout(2000, function () { console.log('timeout'); this.destroy(); })`)).resolves.toMatch(/ECONNREFUSED|timeout/);

    await home.invoke('mapper', 'stop');
    await expect(home.invoke('mapper', 'status')).resolves.toMatchObject({ state: 'off', mappings: [] });
    expect((await upnpList(lab)).filter((line) => line.endsWith("'Vigil'"))).toEqual([]);
  });

  it('renews leases before they end (a lease left alone expires)', async () => {
    // Control: miniupnpd really ends a 4 s lease nobody renews.
    await lab.execIn(lab.ns.home, 'upnpc', ['-u', lab.igdUrl, '-e', 'control', '-a', lab.addr.home, '50200', '50200', 'UDP', '4']);
    await waitFor(() => upnpList(lab), (list) => list.some((line) => line.includes('50200')), 10_000, { what: 'the control mapping listed' });
    await home.keep('short', MAPPING, 'createPortMapper', [{ gateway: lab.igdUrl, leaseSeconds: 4 }]);
    const first = await home.invoke<PortMapperStatus>('short', 'map', [[{ protocol: 'UDP', internal: 50100 }]]);
    expect(first.state).toBe('ok');
    const firstEnd = first.mappings[0]?.expiresAt ?? 0;
    await waitFor(() => upnpList(lab), (list) => !list.some((line) => line.includes('50200')), 60_000, { what: 'the unrenewed control lease to end', every: 500 });
    // Past the first lease's end, ours is still there, with a later end.
    await waitFor(() => Date.now(), (now) => now > firstEnd + 1000, 30_000, { what: 'the first lease to be over' });
    expect(await upnpList(lab)).toContain(`UDP 50100->${lab.addr.home}:50100 'Vigil'`);
    const later = await home.invoke<PortMapperStatus>('short', 'status');
    expect(later.state).toBe('ok');
    expect(later.mappings[0]?.expiresAt).toBeGreaterThan(firstEnd);
    await home.invoke('short', 'stop');
    expect(await upnpList(lab)).not.toContain(`UDP 50100->${lab.addr.home}:50100 'Vigil'`);
  }, 90_000);

  it('moves the viewer to another network with another public address', async () => {
    const away = await lab.agent(lab.ns.away);
    const before = await away.call<StunAddress>(STUN, 'stunBinding', [lab.turn.stunUrl, { timeoutMs: 3000 }]);
    expect(before.address).toBe('203.0.113.20');
    await expect(lab.moveAway()).resolves.toEqual({ address: '198.51.100.138', publicAddress: '203.0.113.21' });
    const after = await away.call<StunAddress>(STUN, 'stunBinding', [lab.turn.stunUrl, { timeoutMs: 3000 }]);
    expect(after.address).toBe('203.0.113.21');
    await lab.moveAway('a');
    expect(lab.addr.publicAway).toBe('203.0.113.20');
    await away.close();
  });

  it('switches the home NAT to symmetric and back', async () => {
    await lab.setNat('home', 'symmetric');
    await expect(home.call(STUN, 'natMapping', [lab.turn.stunUrl, { timeoutMs: 3000 }])).resolves.toBe('address-and-port-dependent');
    await lab.setNat('home', 'eim');
    await expect(home.call(STUN, 'natMapping', [lab.turn.stunUrl, { timeoutMs: 3000 }])).resolves.toBe('endpoint-independent');
  });

  it("lets coturn allocate with a REST-API credential, and refuses a wrong or expired one (issue case f)", async () => {
    const good = mintTurnCredential(lab.turn.secret, 600, 'viewer-1');
    const ok = await allocate(lab, good.username, good.credential);
    expect(ok.output).not.toMatch(/Cannot complete Allocation/);
    expect(ok.code).toBe(0);
    const wrong = await allocate(lab, good.username, mintTurnCredential('another-secret-0123456789', 600, 'viewer-1').credential);
    expect(wrong.output).toMatch(/Cannot complete Allocation/);
    expect(wrong.code).not.toBe(0);
    const old = mintTurnCredential(lab.turn.secret, 600, 'viewer-1', Date.now() - 3_600_000);
    const expired = await allocate(lab, old.username, old.credential);
    expect(expired.output).toMatch(/Cannot complete Allocation/);
    expect(expired.code).not.toBe(0);
  }, 60_000);

  it('cannot add delay without netem, or adds it', async () => {
    const applied = await lab.setDelay(40).then(() => true, (error: Error) => error.message);
    if (applied === true) {
      expect((await lab.execIn(lab.ns.homeRouter, 'tc', ['qdisc', 'show', 'dev', 'wan'])).stdout).toMatch(/netem .*delay 40ms/);
      await lab.setDelay(0);
    } else {
      expect(applied).toMatch(/needs tc netem, which this kernel lacks/);
    }
  });
});

describe('lab with a symmetric home NAT and no UPnP', () => {
  let lab: NetLab;
  let home: NetLabAgent;
  beforeAll(async () => {
    lab = await createNetLab({ upnp: false, homeNat: 'symmetric' });
    home = await lab.agent(lab.ns.home);
  }, LAB_TIMEOUT);
  afterAll(() => lab?.close());

  it('gives another public port per destination', async () => {
    const first = await home.call<StunAddress>(STUN, 'stunBinding', [lab.turn.stunUrl, { timeoutMs: 3000, localPort: 41000 }]);
    const second = await home.call<StunAddress>(STUN, 'stunBinding', [`stun:${lab.addr.internetAlt}:3478`, { timeoutMs: 3000, localPort: 41000 }]);
    expect(first.address).toBe(lab.addr.publicHome);
    expect(second.address).toBe(lab.addr.publicHome);
    expect(second.port).not.toBe(first.port);
    await expect(home.call(STUN, 'natMapping', [lab.turn.stunUrl, { timeoutMs: 3000 }])).resolves.toBe('address-and-port-dependent');
  });

  it('says UPnP is off when the router does not answer, given its URL or searching for it', async () => {
    await home.keep('given', MAPPING, 'createPortMapper', [{ gateway: lab.igdUrl, timeoutMs: 2000 }]);
    const given = await home.invoke<PortMapperStatus>('given', 'map', [[{ protocol: 'TCP', internal: 8443 }]]);
    expect(given.state).toBe('failed');
    expect(given.detail).toMatch(/your router has UPnP turned off, or does not support it: no UPnP answer from 192\.0\.2\.1:5000/);
    await home.keep('search', MAPPING, 'createPortMapper', [{ timeoutMs: 2000 }]);
    const searched = await home.invoke<PortMapperStatus>('search', 'map', [[{ protocol: 'TCP', internal: 8443 }]]);
    expect(searched).toMatchObject({ state: 'failed', mappings: [] });
    expect(searched.detail).toMatch(/UPnP turned off.*no UPnP router answered/);
  });
});

describe('lab with the home behind carrier-grade NAT', () => {
  let lab: NetLab;
  let home: NetLabAgent;
  beforeAll(async () => {
    lab = await createNetLab({ upnp: true, cgnat: true });
    home = await lab.agent(lab.ns.home);
  }, LAB_TIMEOUT);
  afterAll(() => lab?.close());

  it("sees the carrier's address from outside, not the router's", async () => {
    expect(lab.addr.homeRouterWan).toBe('192.0.2.130');
    const mapped = await home.call<StunAddress>(STUN, 'stunBinding', [lab.turn.stunUrl, { timeoutMs: 3000 }]);
    expect(mapped.address).toBe(lab.addr.publicHome);
    expect(mapped.address).not.toBe(lab.addr.homeRouterWan);
  });

  it('reports the refused mapping in words (miniupnpd found a NAT upstream)', async () => {
    await home.keep('mapper', MAPPING, 'createPortMapper', [{ gateway: lab.igdUrl }]);
    const status = await home.invoke<PortMapperStatus>('mapper', 'map', [[{ protocol: 'TCP', internal: 8443 }]]);
    expect(status).toMatchObject({ state: 'failed', mappings: [] });
    expect(status.detail).toMatch(/the router refused the mapping: 501 Action ?Failed/);
    expect(await upnpList(lab)).toEqual([]);
  });
});
