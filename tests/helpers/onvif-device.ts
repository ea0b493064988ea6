/**
 * A local ONVIF camera for tests: it answers WS-Discovery Probes (UDP, unicast on loopback) with
 * ProbeMatches whose XAddrs point at its HTTP server, and that server answers the device and media
 * SOAP calls (fixtures in tests/fixtures/onvif/) as the ONVIF specs document them. Calls other than
 * the pre-auth ones need a WS-UsernameToken whose PasswordDigest is Base64(SHA-1(nonce + created +
 * password)), with a fresh nonce and a Created time near the device clock; anything else gets the
 * ter:NotAuthorized fault. Stream URIs point wherever the test says (a real RTSP server).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/onvif/', import.meta.url);
const template = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

/** One media profile the device offers. */
export interface TestProfile {
  token: string;
  name: string;
  encoding: 'H264' | 'H265' | 'JPEG' | 'MPEG4';
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  /** What GetStreamUri answers (credentials are never in it, as with real cameras). */
  uri: string;
}

export interface OnvifDeviceOptions {
  user: string;
  password: string;
  /** Scope name (what discovery lists). */
  name?: string;
  manufacturer?: string;
  model?: string;
  profiles: TestProfile[];
  /** Answer only GetCapabilities (a device older than GetServices). */
  legacy?: boolean;
  /** UDP port for WS-Discovery (default any free one), so a probe target can be set up first. */
  probePort?: number;
  /** Also listen as real cameras do: group 239.255.255.250, port 3702, joined on loopback. */
  multicast?: boolean;
}

/** A running test device. */
export interface OnvifDevice {
  /** "127.0.0.1:port" of its WS-Discovery socket (the engine's unicast probe target). */
  probeTarget: string;
  /** Its device service URL. */
  xaddr: string;
  /** host:port of its HTTP server. */
  host: string;
  /** Its WS-Discovery endpoint reference. */
  endpoint: string;
  /** SOAP actions received, in order, with whether they were authenticated. */
  calls: { action: string; auth: 'none' | 'ok' | 'refused' }[];
  probes: number;
  stop(): Promise<void>;
}

/** The calls ONVIF Core §5.9.4.3 lets anyone make (PRE_AUTH). */
const PRE_AUTH = new Set(['GetSystemDateAndTime', 'GetServices', 'GetCapabilities', 'GetServiceCapabilities', 'GetWsdlUrl', 'GetHostname']);
/** A token's Created time may be this far from the device clock (replay protection). */
const CLOCK_WINDOW_MS = 5 * 60_000;

/** Starts the device on loopback: a UDP socket for WS-Discovery and an HTTP server for SOAP. */
export async function startOnvifDevice(options: OnvifDeviceOptions): Promise<OnvifDevice> {
  const endpoint = `urn:uuid:${randomUUID()}`;
  const calls: OnvifDevice['calls'] = [];
  const nonces = new Set<string>();
  let probes = 0;
  let base = '';

  const http: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const { status, xml } = answer(req.url ?? '', body);
      res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(xml);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  base = `http://${host}`;

  function answer(path: string, body: string): { status: number; xml: string } {
    const action = /<(?:[\w.-]+:)?Body[^>]*>\s*<(?:[\w.-]+:)?(\w+)/.exec(body)?.[1] ?? '';
    const service = path.startsWith('/onvif/media_service') ? 'media' : path.startsWith('/onvif/device_service') ? 'device' : undefined;
    if (!service) return fault(404, 'Sender', 'ActionNotSupported', `No service at ${path}`);
    if (PRE_AUTH.has(action)) {
      calls.push({ action, auth: 'none' });
    } else {
      const ok = checkToken(body);
      calls.push({ action, auth: ok ? 'ok' : 'refused' });
      // ONVIF Core §5.12.2: a refused WS-Security token is a Sender fault, ter:NotAuthorized (HTTP 400).
      if (!ok) return fault(400, 'Sender', 'NotAuthorized', 'Sender not Authorized');
    }
    const reply = (name: string, values: Record<string, string | number> = {}, raw: Record<string, string> = {}) => ({
      status: 200,
      xml: fill('envelope.xml', {}, { body: fill(`${name}.xml`, values, raw) }),
    });
    const now = new Date();
    switch (`${service}:${action}`) {
      case 'device:GetSystemDateAndTime':
        return reply('GetSystemDateAndTime', {
          year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate(),
          hour: now.getUTCHours(), minute: now.getUTCMinutes(), second: now.getUTCSeconds(),
        });
      case 'device:GetServices':
        if (options.legacy) return fault(400, 'Receiver', 'ActionNotSupported', 'Optional Action Not Implemented');
        return reply('GetServices', { base });
      case 'device:GetCapabilities':
        return reply('GetCapabilities', { base });
      case 'device:GetDeviceInformation':
        return reply('GetDeviceInformation', {
          manufacturer: options.manufacturer ?? 'Vigil Test Optics', model: options.model ?? 'VT-2000',
          firmware: '2.4.1', serial: '2000', hardware: 'vt2000-rev2',
        });
      case 'media:GetProfiles':
        return reply('GetProfiles', {}, {
          profiles: options.profiles.map((p) => fill('profile.xml', { ...p, encoding: p.encoding, bitrate: p.bitrateKbps, useCount: options.profiles.length })).join(''),
        });
      case 'media:GetStreamUri': {
        const token = /<(?:[\w.-]+:)?ProfileToken>([^<]*)</.exec(body)?.[1];
        const profile = options.profiles.find((p) => p.token === token);
        if (!profile) return fault(400, 'Sender', 'NoProfile', 'The requested profile token does not exist.');
        return reply('GetStreamUri', { uri: profile.uri });
      }
      default:
        return fault(400, 'Receiver', 'ActionNotSupported', `${action || 'This action'} is not supported`);
    }
  }

  function checkToken(body: string): boolean {
    const token = /<(?:[\w.-]+:)?UsernameToken[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?UsernameToken>/.exec(body)?.[1];
    if (!token) return false;
    const field = (name: string) => new RegExp(`<(?:[\\w.-]+:)?${name}(\\s[^>]*)?>([^<]*)<`).exec(token);
    const user = unescape(field('Username')?.[2] ?? '');
    const password = field('Password');
    const nonce = field('Nonce')?.[2] ?? '';
    const created = field('Created')?.[2] ?? '';
    if (!password || !/PasswordDigest/.test(password[1] ?? '') || nonce === '' || created === '') return false;
    if (Math.abs(Date.parse(created) - Date.now()) > CLOCK_WINDOW_MS || nonces.has(nonce)) return false;
    nonces.add(nonce);
    const digest = createHash('sha1').update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(options.password, 'utf8')])).digest('base64');
    return user === options.user && digest === password[2];
  }

  function fault(status: number, code: string, subcode: string, reason: string): { status: number; xml: string } {
    return { status, xml: fill('envelope.xml', {}, { body: fill('fault.xml', { code, subcode, reason }) }) };
  }

  // WS-Discovery: answer Probes whose Types this device has (no Types: every device matches).
  const udp: Socket = createSocket('udp4');
  const onProbe = (message: Buffer, from: { address: string; port: number }) => {
    const text = message.toString('utf8');
    if (!/<(?:[\w.-]+:)?Probe[\s>]/.test(text)) return;
    const messageId = /<(?:[\w.-]+:)?MessageID[^>]*>([^<]+)</.exec(text)?.[1]?.trim();
    const types = /<(?:[\w.-]+:)?Types[^>]*>([^<]*)</.exec(text)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
    if (!messageId || !types.every((t) => /:(NetworkVideoTransmitter|Device)$/.test(t))) return;
    probes++;
    const name = encodeURIComponent(options.name ?? 'Test camera');
    const scopes = [
      'onvif://www.onvif.org/type/video_encoder', 'onvif://www.onvif.org/Profile/Streaming',
      `onvif://www.onvif.org/name/${name}`, `onvif://www.onvif.org/hardware/${encodeURIComponent(options.model ?? 'VT-2000')}`,
      'onvif://www.onvif.org/location/country/nowhere',
    ].join(' ');
    const reply = fill('probe-matches.xml', { messageId: randomUUID(), relatesTo: messageId, endpoint, scopes, xaddrs: `${base}/onvif/device_service`, messageNumber: probes });
    udp.send(reply, from.port, from.address);
  };
  udp.on('message', onProbe);
  await new Promise<void>((resolve) => udp.bind(options.probePort ?? 0, '127.0.0.1', resolve));
  let group: Socket | undefined;
  if (options.multicast) {
    group = createSocket({ type: 'udp4', reuseAddr: true });
    group.on('message', onProbe);
    await new Promise<void>((resolve) => group!.bind(3702, resolve));
    group.addMembership('239.255.255.250', '127.0.0.1');
  }

  return {
    probeTarget: `127.0.0.1:${udp.address().port}`,
    xaddr: `${base}/onvif/device_service`,
    host,
    endpoint,
    calls,
    get probes() {
      return probes;
    },
    async stop() {
      udp.close();
      group?.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A fixture with its {{placeholders}} filled: `values` XML-escaped, `raw` as is. */
function fill(name: string, values: Record<string, string | number | undefined>, raw: Record<string, string> = {}): string {
  return template(name).replace(/\{\{(\w+)\}\}/g, (_m, key: string) => (key in raw ? raw[key]! : escape(String(values[key] ?? ''))));
}

function escape(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

function unescape(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
