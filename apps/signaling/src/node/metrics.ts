/**
 * Prometheus metrics of one server instance, in its own Registry so that several servers in one
 * process (tests, an engine embedding one) never share or clash on counters.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { ServerHealth } from './http.ts';

/** Roles a connection can have. */
export type PeerRole = 'streamer' | 'viewer' | 'unknown';

/** The metrics a server updates. */
export interface ServerMetrics {
  registry: Registry;
  relayed: Counter<'type'>;
  rejects: Counter<'code'>;
  registrations: Counter<'result'>;
  reachChecks: Counter<'result'>;
}

/** Creates the metrics; `countRoles` and `health` are read at scrape time so the gauges never drift. */
export function createMetrics(countRoles: () => Record<PeerRole, number>, health: () => ServerHealth): ServerMetrics {
  const registry = new Registry();
  new Gauge({
    name: 'vigil_signaling_connections',
    help: 'Open connections by role',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      for (const [role, count] of Object.entries(countRoles())) this.set({ role }, count);
    },
  });
  new Gauge({
    name: 'vigil_signaling_health',
    help: '1 for the current state: ok, degraded (shared routing unreachable, local routes only) or draining',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const now = health();
      for (const state of ['ok', 'degraded', 'draining'] as const) this.set({ state }, state === now ? 1 : 0);
    },
  });
  return {
    registry,
    relayed: new Counter({ name: 'vigil_signaling_messages_relayed_total', help: 'Messages relayed, by type', labelNames: ['type'], registers: [registry] }),
    rejects: new Counter({ name: 'vigil_signaling_rejects_total', help: 'Rejected messages and connections, by error code', labelNames: ['code'], registers: [registry] }),
    registrations: new Counter({ name: 'vigil_signaling_registrations_total', help: 'Streamer registrations, by result', labelNames: ['result'], registers: [registry] }),
    reachChecks: new Counter({ name: 'vigil_signaling_reach_checks_total', help: 'Reach checks run, by result', labelNames: ['result'], registers: [registry] }),
  };
}
