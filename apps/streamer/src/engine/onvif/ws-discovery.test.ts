import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProbe, describeScopes, parseProbeMatches, pickXAddr } from './ws-discovery.ts';

// The test device's ProbeMatches template (SOAP-ENV/wsa/d prefixes), filled as the device fills it.
const TEMPLATE = readFileSync(new URL('../../../../../tests/fixtures/onvif/probe-matches.xml', import.meta.url), 'utf8');
const fill = (values: Record<string, string>) => TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => values[key] ?? '');

describe('WS-Discovery messages', () => {
  it('builds a Probe for one type with our MessageID', () => {
    const probe = buildProbe('urn:uuid:1234', 'dn:NetworkVideoTransmitter');
    expect(probe).toContain('<a:MessageID>urn:uuid:1234</a:MessageID>');
    expect(probe).toContain('<d:Types>dn:NetworkVideoTransmitter</d:Types>');
    expect(probe).toContain('http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>');
  });

  it('reads a ProbeMatches: endpoint, types, scopes, XAddrs and the message it answers', () => {
    const xml = fill({
      relatesTo: 'urn:uuid:abc', endpoint: 'urn:uuid:cam-1', messageId: 'x', messageNumber: '1',
      scopes: 'onvif://www.onvif.org/name/Front%20door onvif://www.onvif.org/hardware/IPC-HDW &amp; co',
      xaddrs: 'http://192.168.1.30/onvif/device_service http://[fe80::1]/onvif/device_service',
    });
    expect(parseProbeMatches(xml)).toEqual({
      relatesTo: 'urn:uuid:abc',
      matches: [{
        endpoint: 'urn:uuid:cam-1',
        types: ['dn:NetworkVideoTransmitter', 'tds:Device'],
        scopes: ['onvif://www.onvif.org/name/Front%20door', 'onvif://www.onvif.org/hardware/IPC-HDW', '&', 'co'],
        xaddrs: ['http://192.168.1.30/onvif/device_service', 'http://[fe80::1]/onvif/device_service'],
      }],
    });
  });

  it('reads any prefix, default namespaces and CDATA', () => {
    const xml = `<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Header><RelatesTo xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">urn:uuid:q</RelatesTo></Header>
      <Body><ProbeMatches xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery"><ProbeMatch><EndpointReference><Address>urn:uuid:z</Address></EndpointReference>
      <Types>tds:Device</Types><Scopes/><XAddrs><![CDATA[http://10.0.0.5:8080/onvif/device_service]]></XAddrs></ProbeMatch></ProbeMatches></Body></Envelope>`;
    expect(parseProbeMatches(xml)?.matches).toEqual([{ endpoint: 'urn:uuid:z', types: ['tds:Device'], scopes: [], xaddrs: ['http://10.0.0.5:8080/onvif/device_service'] }]);
  });

  it('ignores Hellos, Probes, noise, entity tricks and matches without an http XAddr', () => {
    expect(parseProbeMatches(buildProbe('urn:uuid:1', 'tds:Device'))).toBeUndefined();
    expect(parseProbeMatches('<s:Envelope><s:Body><d:Hello/></s:Body></s:Envelope>')).toBeUndefined();
    expect(parseProbeMatches('not xml at all')).toBeUndefined();
    expect(parseProbeMatches('<!DOCTYPE x [<!ENTITY a "b">]><Envelope><Body><ProbeMatches/></Body></Envelope>')).toBeUndefined();
    const noAddr = fill({ endpoint: 'urn:uuid:x', xaddrs: 'soap.udp://10.0.0.5:3702' });
    expect(parseProbeMatches(noAddr)?.matches).toEqual([]);
  });

  it('reads name, hardware and location from ONVIF scopes, percent-decoded', () => {
    expect(describeScopes(['onvif://www.onvif.org/type/NetworkVideoTransmitter', 'onvif://www.onvif.org/name/Porch%20cam', 'onvif://www.onvif.org/hardware/DS-2CD2143', 'onvif://www.onvif.org/location/city/Oslo'])).toEqual({
      name: 'Porch cam', hardware: 'DS-2CD2143', location: 'city/Oslo',
    });
    expect(describeScopes(['onvif://www.onvif.org/name/%E0%A4%A'])).toEqual({ name: '%E0%A4%A' });
  });

  it('prefers the XAddr on the address the answer came from', () => {
    const xaddrs = ['http://169.254.3.4/onvif/device_service', 'http://192.168.1.30/onvif/device_service'];
    expect(pickXAddr(xaddrs, '192.168.1.30')).toBe(xaddrs[1]);
    expect(pickXAddr(xaddrs, '10.9.9.9')).toBe(xaddrs[0]);
    expect(pickXAddr(['http://[fd00::7]:80/x'], 'fd00::7')).toBe('http://[fd00::7]:80/x');
  });
});
