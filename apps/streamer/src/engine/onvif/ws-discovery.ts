/**
 * WS-Discovery (OASIS 2005/04, as ONVIF Core §7 uses it): the Probe a client multicasts and the
 * ProbeMatches a device answers with. Pure text in, text out; the sockets live in probe.ts.
 *
 * The messages are small SOAP 1.2 envelopes whose prefixes vary by vendor, so elements are found
 * by local name. Only what discovery needs is read: the endpoint address, types, scopes, XAddrs.
 */

/** The UDP multicast group and port of WS-Discovery. */
export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;

/** Probed types: ONVIF cameras answer to NetworkVideoTransmitter, some only to Device. */
export const PROBE_TYPES = ['dn:NetworkVideoTransmitter', 'tds:Device'] as const;

const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  wsd: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
  dn: 'http://www.onvif.org/ver10/network/wsdl',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
};

/** A Probe envelope for one type (a Probe with two types matches only devices with both). */
export function buildProbe(messageId: string, type: (typeof PROBE_TYPES)[number]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.wsa}" xmlns:d="${NS.wsd}" xmlns:dn="${NS.dn}" xmlns:tds="${NS.tds}">` +
    `<s:Header><a:MessageID>${escapeXml(messageId)}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>` +
    `<a:Action>${NS.wsd}/Probe</a:Action></s:Header>` +
    `<s:Body><d:Probe><d:Types>${type}</d:Types></d:Probe></s:Body></s:Envelope>`
  );
}

/** One ProbeMatch: a device and where its services are. */
export interface ProbeMatch {
  /** EndpointReference/Address, e.g. urn:uuid:… */
  endpoint: string;
  types: string[];
  scopes: string[];
  xaddrs: string[];
}

/** A parsed answer: the message it relates to, and its matches (empty for other messages). */
export interface ProbeMatches {
  relatesTo?: string;
  matches: ProbeMatch[];
}

/** Largest message parsed; a real ProbeMatches is 1-4 KB, a UDP datagram at most 64 KB. */
export const MAX_MESSAGE_BYTES = 65_535;

/**
 * Reads a ProbeMatches message; undefined when `xml` is not one (a Hello, a Probe, noise).
 * Never throws: discovery hears whatever the network multicasts.
 */
export function parseProbeMatches(xml: string): ProbeMatches | undefined {
  if (xml.length > MAX_MESSAGE_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return undefined;
  const body = elements(xml, 'Body')[0];
  const container = body !== undefined ? elements(body, 'ProbeMatches')[0] : undefined;
  if (container === undefined) return undefined;
  const header = elements(xml, 'Header')[0] ?? '';
  const relatesTo = text(elements(header, 'RelatesTo')[0]);
  const matches: ProbeMatch[] = [];
  for (const match of elements(container, 'ProbeMatch')) {
    const reference = elements(match, 'EndpointReference')[0];
    const endpoint = text(reference !== undefined ? elements(reference, 'Address')[0] : undefined);
    const xaddrs = list(elements(match, 'XAddrs')[0]).filter((a) => /^https?:\/\//i.test(a));
    if (!endpoint || xaddrs.length === 0) continue;
    matches.push({ endpoint, types: list(elements(match, 'Types')[0]), scopes: list(elements(match, 'Scopes')[0]), xaddrs });
  }
  return { ...(relatesTo ? { relatesTo } : {}), matches };
}

/** What ONVIF scopes say about a device (ONVIF Core §7.3.2.2: onvif://www.onvif.org/<kind>/<value>). */
export function describeScopes(scopes: readonly string[]): { name?: string; hardware?: string; location?: string } {
  const found: Record<string, string> = {};
  for (const scope of scopes) {
    const match = /^onvif:\/\/www\.onvif\.org\/(name|hardware|location)\/(.+)$/i.exec(scope);
    if (!match) continue;
    const kind = match[1]!.toLowerCase();
    if (found[kind] === undefined) found[kind] = decode(match[2]!);
  }
  return found;
}

/** The XAddr to use: one on the address the answer came from, else the first http one. */
export function pickXAddr(xaddrs: readonly string[], from: string): string | undefined {
  const hostOf = (x: string) => {
    try {
      return new URL(x).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return undefined;
    }
  };
  return xaddrs.find((x) => hostOf(x) === from) ?? xaddrs.find((x) => hostOf(x) !== undefined);
}

/** The inner XML of every `<prefix:local …>…</prefix:local>` in `xml` (not nested in each other). */
function elements(xml: string, local: string): string[] {
  const found: string[] = [];
  const open = new RegExp(`<([A-Za-z_][\\w.-]*:)?${local}(\\s[^>]*)?(/?)>`, 'g');
  let match: RegExpExecArray | null;
  while ((match = open.exec(xml)) !== null) {
    if (match[3] === '/') {
      found.push('');
      continue;
    }
    const close = `</${match[1] ?? ''}${local}>`;
    const end = xml.indexOf(close, open.lastIndex);
    if (end < 0) break;
    found.push(xml.slice(open.lastIndex, end));
    open.lastIndex = end + close.length;
  }
  return found;
}

function text(inner: string | undefined): string | undefined {
  if (inner === undefined) return undefined;
  const cdata = inner.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, t: string) => escapeXml(t));
  const value = unescapeXml(cdata.replace(/<[^>]*>/g, '')).trim();
  return value === '' ? undefined : value;
}

function list(inner: string | undefined): string[] {
  return (text(inner) ?? '').split(/\s+/).filter((item) => item !== '');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Escapes text for XML element content and attributes. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function unescapeXml(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (whole, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[entity.toLowerCase()]) return named[entity.toLowerCase()]!;
    const code = entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
