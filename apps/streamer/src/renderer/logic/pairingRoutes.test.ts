import { describe, expect, it } from 'vitest';
import { formatPairingUri, offerForRoutes } from '@vigil/shared/pairing';
import { describeCodeRoutes } from './pairingRoutes.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const PIN = 'BBBBBBBBBBBBBBBBBBBBBB';

describe('a pairing code’s routes in words', () => {
  it('counts the routes and says where the code works', () => {
    const three = formatPairingUri(
      offerForRoutes(
        [
          { url: 'wss://192.168.1.20:8443', fingerprint: PIN, via: 'direct' },
          { url: 'wss://203.0.113.7:8443', fingerprint: PIN, via: 'direct' },
          { url: 'wss://relay.example.org', via: 'relay' },
        ],
        ID,
        ID,
      ),
    );
    expect(describeCodeRoutes(three)).toEqual({ away: true, text: 'This code works at home and away: 3 routes' });
    const lan = formatPairingUri(offerForRoutes([{ url: 'wss://192.168.1.20:8443', fingerprint: PIN, via: 'direct' }], ID, ID));
    expect(describeCodeRoutes(lan)).toEqual({ away: false, text: 'This code works on your home network only: 1 route' });
    expect(describeCodeRoutes('not a code')).toBeUndefined();
  });
});
