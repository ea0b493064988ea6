/** What a pairing code's routes mean for a person: how many, and whether it works away from home. */
import { parsePairingUri, routesOf } from '@vigil/shared/pairing';
import { routeReach } from '@vigil/shared/remote';
import { plural } from './format.ts';

/** "This code works at home and away: 3 routes", or at home only; undefined for a URI that does not read. */
export function describeCodeRoutes(uri: string): { away: boolean; text: string } | undefined {
  const parsed = parsePairingUri(uri);
  if (!parsed.ok) return undefined;
  const routes = routesOf(parsed.offer);
  const away = routes.some((r) => routeReach(r) === 'away');
  return { away, text: `This code works ${away ? 'at home and away' : 'on your home network only'}: ${plural(routes.length, 'route')}` };
}
