// The engine's ONVIF module against the local test device (tests/helpers/onvif-device.ts):
// WS-Discovery by unicast Probe on loopback, then device information, profiles and stream URIs
// through the `onvif` package with WS-UsernameToken digests, and each way it can go wrong.
import { createServer, type Server } from 'node:http';
import { createSocket } from 'node:dgram';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOnvifAdmin } from '../../apps/streamer/src/engine/onvif/index.ts';
import { ApiFailure } from '../../apps/streamer/src/engine/api/errors.ts';
import { freePort } from '../helpers/ports.ts';
import { startRtspServer } from '../helpers/rtsp-server.ts';
import { startOnvifDevice, type OnvifDevice, type TestProfile } from '../helpers/onvif-device.ts';

const USER = 'admin';
const PASSWORD = 'p@ss:w/rd 1';
const PROFILES: TestProfile[] = [
  { token: 'hevc', name: '4K stream', encoding: 'H265', width: 3840, height: 2160, fps: 25, bitrateKbps: 8000, uri: 'rtsp://127.0.0.1:8554/hevc' },
  { token: 'jpeg', name: 'Snapshot stream', encoding: 'JPEG', width: 1920, height: 1080, fps: 5, bitrateKbps: 4000, uri: 'rtsp://127.0.0.1:8554/mjpeg' },
  { token: 'main', name: 'MainStream', encoding: 'H264', width: 1280, height: 720, fps: 15, bitrateKbps: 2048, uri: 'rtsp://127.0.0.1:8554/main' },
  { token: 'sub', name: 'SubStream', encoding: 'H264', width: 640, height: 360, fps: 15, bitrateKbps: 512, uri: 'rtsp://127.0.0.1:8554/sub' },
  { token: 'tiny', name: 'Mobile', encoding: 'H264', width: 320, height: 180, fps: 10, bitrateKbps: 128, uri: 'rtsp://127.0.0.1:8554/tiny' },
];

describe('ONVIF discovery and profiles against a test device', () => {
  let porch: OnvifDevice;
  let garage: OnvifDevice;

  beforeAll(async () => {
    porch = await startOnvifDevice({ user: USER, password: PASSWORD, name: 'Porch camera', model: 'VT-2000', profiles: PROFILES });
    garage = await startOnvifDevice({ user: USER, password: PASSWORD, name: 'Garage', model: 'VT-100', profiles: PROFILES.filter((p) => p.token === 'main'), legacy: true });
  });
  afterAll(async () => {
    await porch?.stop();
    await garage?.stop();
  });

  it('finds each device once by unicast probe, with the name and model from its scopes', async () => {
    const admin = createOnvifAdmin({ interfaces: [], probeTargets: [porch.probeTarget, garage.probeTarget] });
    const result = await admin.discover({ timeoutMs: 600 });
    expect(result.devices).toEqual([
      { id: garage.endpoint, name: 'Garage', model: 'VT-100', location: 'country/nowhere', host: garage.host, xaddr: garage.xaddr },
      { id: porch.endpoint, name: 'Porch camera', model: 'VT-2000', location: 'country/nowhere', host: porch.host, xaddr: porch.xaddr },
    ]);
    expect(result.probed).toEqual([porch.probeTarget, garage.probeTarget]);
    // Two probe types, sent twice (UDP may lose one): every one was answered, each device listed once.
    expect(porch.probes).toBe(4);
  });

  it('finds a device by multicast, as on a LAN (the group joined on loopback)', async () => {
    const lan = await startOnvifDevice({ user: USER, password: PASSWORD, name: 'Hall', profiles: PROFILES, multicast: true });
    try {
      const result = await createOnvifAdmin({ interfaces: ['127.0.0.1'] }).discover({ timeoutMs: 600 });
      expect(result.probed).toEqual(['127.0.0.1']);
      expect(result.devices).toContainEqual(expect.objectContaining({ id: lan.endpoint, name: 'Hall', xaddr: lan.xaddr }));
    } finally {
      await lan.stop();
    }
  });

  it('reports an interface it cannot multicast from, and still probes the rest', async () => {
    const admin = createOnvifAdmin({ interfaces: ['192.0.2.254'], probeTargets: [porch.probeTarget] });
    const result = await admin.discover({ timeoutMs: 400 });
    expect(result.devices.map((d) => d.id)).toEqual([porch.endpoint]);
    expect(result.warnings).toEqual([expect.stringMatching(/^192\.0\.2\.254: EADDRNOTAVAIL/)]);
  });

  it('finds nothing where nothing answers, and ignores datagrams that are not ProbeMatches', async () => {
    const noise = createSocket('udp4');
    noise.on('message', (_m, from) => noise.send('<not-soap/>', from.port, from.address));
    await new Promise<void>((resolve) => noise.bind(0, '127.0.0.1', resolve));
    const admin = createOnvifAdmin({ interfaces: [], probeTargets: [`127.0.0.1:${await freePort()}`, `127.0.0.1:${noise.address().port}`] });
    const result = await admin.discover({ timeoutMs: 400 });
    noise.close();
    expect(result.devices).toEqual([]);
  });

  it('refuses a discovery request with a silly timeout', async () => {
    await expect(createOnvifAdmin().discover({ timeoutMs: 60_000 })).rejects.toBeInstanceOf(ApiFailure);
  });

  it('reads device information, profiles and stream URIs with the right credentials', async () => {
    const result = await createOnvifAdmin().profiles({ address: porch.xaddr, user: USER, password: PASSWORD });
    expect(result).toMatchObject({ ok: true, device: { manufacturer: 'Vigil Test Optics', model: 'VT-2000', firmware: '2.4.1', serial: '2000' }, main: 'main', sub: 'sub' });
    if (!result.ok) throw new Error(result.message);
    const main = result.profiles.find((p) => p.token === 'main');
    expect(main).toEqual({
      token: 'main', name: 'MainStream', codec: 'H264', width: 1280, height: 720, fps: 15, bitrateKbps: 2048,
      uri: 'rtsp://127.0.0.1:8554/main', configUrl: `rtsp://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:8554/main`, usable: true,
    });
    // More pixels than the main stream, yet not picked: H.265 plays only where the browser decodes
    // HEVC, JPEG would be re-encoded.
    expect(result.profiles.find((p) => p.token === 'hevc')).toMatchObject({ codec: 'H265', usable: true, note: expect.stringMatching(/^H\.265: sent without re-encoding.*H\.264 profile plays everywhere/) });
    expect(result.profiles.find((p) => p.token === 'jpeg')).toMatchObject({ codec: 'JPEG', usable: true, note: expect.stringMatching(/re-encodes/) });
    // Every call after the pre-auth ones carried a token the device accepted.
    expect(porch.calls.filter((c) => c.auth === 'refused')).toEqual([]);
    expect(porch.calls.map((c) => c.action)).toEqual(expect.arrayContaining(['GetSystemDateAndTime', 'GetServices', 'GetDeviceInformation', 'GetProfiles', 'GetStreamUri']));
  });

  it('takes a bare host:port and falls back to GetCapabilities on an older device', async () => {
    const result = await createOnvifAdmin().profiles({ address: garage.host, user: USER, password: PASSWORD });
    expect(result).toMatchObject({ ok: true, main: 'main', profiles: [{ token: 'main', usable: true }] });
    expect(result.ok && result.sub).toBeUndefined();
    expect(garage.calls.map((c) => c.action)).toContain('GetCapabilities');
  });

  it('says the camera refused the credentials, and logs nothing of them', async () => {
    const logged = [vi.spyOn(console, 'log'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    const before = porch.calls.length;
    const result = await createOnvifAdmin().profiles({ address: porch.xaddr, user: USER, password: 'wrong password' });
    expect(result).toEqual({ ok: false, problem: 'auth', message: expect.stringContaining('camera refused the credentials') });
    expect(porch.calls.slice(before)).toContainEqual({ action: 'GetDeviceInformation', auth: 'refused' });
    const output = logged.flatMap((spy) => spy.mock.calls.flat().map(String)).join('\n');
    expect(output).not.toContain('wrong password');
    logged.forEach((spy) => spy.mockRestore());
  });

  it('asks for credentials when none are given to a camera that needs them', async () => {
    const result = await createOnvifAdmin().profiles({ address: porch.xaddr });
    expect(result).toMatchObject({ ok: false, problem: 'auth' });
  });

  it('says when a camera offers no profiles', async () => {
    const empty = await startOnvifDevice({ user: USER, password: PASSWORD, profiles: [] });
    try {
      const result = await createOnvifAdmin().profiles({ address: empty.xaddr, user: USER, password: PASSWORD });
      expect(result).toEqual({ ok: false, problem: 'no-profiles', message: expect.stringMatching(/offers no video profiles/) });
    } finally {
      await empty.stop();
    }
  });

  it('says when nothing answers at the address', async () => {
    const result = await createOnvifAdmin({ requestTimeoutMs: 2000 }).profiles({ address: `127.0.0.1:${await freePort()}`, user: USER, password: PASSWORD });
    expect(result).toEqual({ ok: false, problem: 'unreachable', message: expect.stringMatching(/Nothing answers at this address/) });
  });

  it('says when the camera never answers, within the call timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => void sockets.push(socket)); // accepts, then says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      // The configured timeout is the one used: a call allowed 500 ms gives up while one allowed
      // a minute is still waiting (an order, not a duration).
      // The long call starts first: were the option ignored, it would also end first.
      const long = createOnvifAdmin({ requestTimeoutMs: 60_000 }).profiles({ address });
      const short = createOnvifAdmin({ requestTimeoutMs: 500 }).profiles({ address });
      const first = await Promise.race([short.then(() => 'short'), long.then(() => 'long')]);
      expect(first).toBe('short');
      expect(await short).toEqual({ ok: false, problem: 'unreachable', message: expect.stringMatching(/does not answer \(timed out\)/) });
      silent.close();
      for (const socket of sockets) socket.destroy(); // ends the long call too
      await long;
    } finally {
      silent.close();
    }
  });

  it('says when the address answers but is not ONVIF', async () => {
    const web: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Router login</body></html>'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const result = await createOnvifAdmin().profiles({ address: `127.0.0.1:${(web.address() as AddressInfo).port}`, user: USER, password: PASSWORD });
      expect(result).toMatchObject({ ok: false, problem: 'not-onvif' });
    } finally {
      web.close();
    }
  });

  it('takes one picture from a real RTSP stream with the credentials, and says when they are refused', async () => {
    const rtsp = await startRtspServer({ user: USER, password: PASSWORD, width: 320, height: 180, fps: 5 });
    try {
      const admin = createOnvifAdmin();
      const good = await admin.preview({ uri: rtsp.url(), user: USER, password: PASSWORD });
      if (!good.ok) throw new Error(good.message);
      const jpeg = Buffer.from(good.jpeg, 'base64');
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
      expect(await admin.preview({ uri: rtsp.url(), user: USER, password: 'wrong' })).toMatchObject({ ok: false, problem: 'auth', message: expect.stringMatching(/separate password for RTSP/) });
      expect(await admin.preview({ uri: rtsp.url().replace('/cam', '/nope'), user: USER, password: PASSWORD })).toMatchObject({ ok: false, problem: 'not-found' });
      await expect(admin.preview({ uri: `rtsp://${USER}:x@127.0.0.1/cam` })).rejects.toBeInstanceOf(ApiFailure);
    } finally {
      await rtsp.stop();
    }
  });

  it('refuses an address that is not one before calling anything', async () => {
    for (const address of ['', 'rtsp://127.0.0.1/cam', 'http://user:pw@127.0.0.1/', 'two words']) {
      const failure = await createOnvifAdmin().profiles({ address, user: USER, password: PASSWORD }).catch((e: unknown) => e);
      expect(failure, address).toBeInstanceOf(ApiFailure);
      expect((failure as ApiFailure).issues?.[0]).toMatch(/^address: /);
    }
  });
});
