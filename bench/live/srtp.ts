/**
 * SRTP protect cost per packet: live/srtp.ts's SrtpProtector against werift's SrtpSession.encrypt
 * (what werift's send path does for every packet), same keys, same payload sizes, same run.
 * CPU time (process.cpuUsage), not wall time, so other load on the machine inflates both alike.
 *
 *   npx tsx bench/live/srtp.ts [--packets 100000] [--size 1400]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ProtectionProfileAes128CmHmacSha1_80, RtpHeader, SrtpSession } from 'werift';
import { SrtpProtector } from '../../apps/streamer/src/engine/live/srtp.ts';

const { values } = parseArgs({ options: { packets: { type: 'string', default: '100000' }, size: { type: 'string', default: '1400' } } });
const packets = Number(values.packets);
const size = Number(values.size);

const keys = { localMasterKey: randomBytes(16), localMasterSalt: randomBytes(14), remoteMasterKey: randomBytes(16), remoteMasterSalt: randomBytes(14) };
const session = new SrtpSession({ keys, profile: ProtectionProfileAes128CmHmacSha1_80 });
const context = session.localContext;
const template = new RtpHeader({ payloadType: 102, ssrc: 0x1234abcd });
const protector = new SrtpProtector({ key: context.srtpSessionKey, salt: context.srtpSessionSalt, authKey: context.srtpSessionAuthTag }, template.serialize(template.serializeSize));
// Payloads sit inside a larger received datagram, as in the engine.
const datagram = randomBytes(size + 12);
const payload = datagram.subarray(12);

/** CPU microseconds per call of fn over `packets` calls, after a warm-up. */
function cpuPerCall(fn: (index: number) => unknown): number {
  for (let index = 0; index < 5000; index++) fn(index);
  const start = process.cpuUsage();
  for (let index = 0; index < packets; index++) fn(index);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / packets;
}

const rounds = [0, 1, 2].map(() => ({
  werift: cpuPerCall((index) => session.encrypt(payload, new RtpHeader({ payloadType: 102, ssrc: 0x1234abcd, sequenceNumber: index & 0xffff, timestamp: index }))),
  protector: cpuPerCall((index) => protector.protect({ marker: false, sequenceNumber: index & 0xffff, timestamp: index }, payload, protector.rolloverFor(index & 0xffff))),
}));
const best = (key: 'werift' | 'protector') => Math.min(...rounds.map((round) => round[key]));
console.log(`SRTP protect, ${size}-byte payload, best of 3 rounds of ${packets} packets (CPU time):`);
console.log(`  werift SrtpSession.encrypt: ${best('werift').toFixed(2)} µs per packet`);
console.log(`  live/srtp.ts SrtpProtector: ${best('protector').toFixed(2)} µs per packet`);
console.log(`  ratio: ${(best('werift') / best('protector')).toFixed(1)}x`);
