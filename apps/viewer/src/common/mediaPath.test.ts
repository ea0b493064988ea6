import { describe, expect, it } from 'vitest';
import { selectedPath } from './mediaPath.ts';

/** A stats report as a map by id, as TilePeer builds it from getStats(). */
const report = (...stats: Record<string, unknown>[]) => new Map(stats.map((s) => [String(s.id), s]));
const host = (id: string, address: string) => ({ id, type: 'local-candidate', candidateType: 'host', address });
const remote = (id: string, candidateType: string, address: string) => ({ id, type: 'remote-candidate', candidateType, address });

describe('selectedPath', () => {
  it('reads the pair the transport selected: host to host is the LAN, with its round trip in ms', () => {
    const stats = report(
      { id: 'T1', type: 'transport', selectedCandidatePairId: 'P2' },
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R2', nominated: true, state: 'succeeded', currentRoundTripTime: 0.5 },
      { id: 'P2', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: 0.0012 },
      host('L1', '192.168.1.30'),
      remote('R1', 'host', '192.168.1.20'),
      remote('R2', 'relay', '198.51.100.1'),
    );
    expect(selectedPath(stats)).toEqual({ route: 'lan', rttMs: 1, pair: 'host 192.168.1.30:? → host 192.168.1.20:?' });
  });

  it('falls back to the nominated pair that succeeded; a relay on either end is relayed', () => {
    const stats = report(
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', nominated: true, state: 'in-progress' },
      { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R1', nominated: true, state: 'succeeded', currentRoundTripTime: 0.084 },
      host('L1', '10.0.0.5'),
      { id: 'L2', type: 'local-candidate', candidateType: 'relay', address: '198.51.100.1' },
      remote('R1', 'srflx', '203.0.113.7'),
    );
    expect(selectedPath(stats)).toEqual({ route: 'relayed', rttMs: 84, pair: 'relay 198.51.100.1:? → srflx 203.0.113.7:?' });
  });

  it('says direct for a server-reflexive pair, and nothing before a pair is selected', () => {
    const stats = report(
      { id: 'T1', type: 'transport', selectedCandidatePairId: 'P1' },
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1' },
      { id: 'L1', type: 'local-candidate', candidateType: 'srflx', ip: '203.0.113.9' },
      { ...remote('R1', 'host', '203.0.113.7'), port: 50003 },
    );
    expect(selectedPath(stats)).toEqual({ route: 'direct', pair: 'srflx 203.0.113.9:? → host 203.0.113.7:50003' });
    expect(selectedPath(report({ id: 'T1', type: 'transport' }))).toEqual({});
  });
});
