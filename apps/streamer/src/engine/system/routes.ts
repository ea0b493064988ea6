/** The system routes: the System screen's figures, the engine's recent log and Prometheus metrics. */
import { json, type RouteHandlers } from '../api/route.ts';
import { parseLogQuery, type LogRing } from './log-ring.ts';
import type { createSystemMonitor } from './monitor.ts';

/** Handlers over the monitor, the log ring and the metrics registry (api/metrics.ts). */
export function systemRoutes(
  monitor: Pick<ReturnType<typeof createSystemMonitor>, 'view'>,
  logs: Pick<LogRing, 'lines'>,
  metrics: { scrape(): Promise<{ contentType: string; body: string }> },
): RouteHandlers<'system' | 'systemLogs' | 'metrics'> {
  return {
    system: async () => json(await monitor.view()),
    systemLogs: ({ query }) => json(logs.lines(parseLogQuery(query))),
    metrics: async () => {
      const m = await metrics.scrape();
      return { text: m.body, type: m.contentType };
    },
  };
}
