/** The health route: the full integrity check on demand (its findings are alerted like the background check's). */
import { json, type RouteHandlers } from '../api/route.ts';
import type { HealthMonitor } from './service.ts';

/** Handlers over the health monitor. */
export function healthRoutes(health: Pick<HealthMonitor, 'checkIntegrity'>): RouteHandlers<'checkIntegrity'> {
  return {
    checkIntegrity: async () => json(await health.checkIntegrity()),
  };
}
