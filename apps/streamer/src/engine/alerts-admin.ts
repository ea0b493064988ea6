/** Alert routes of the control API over the alert service: validation errors become 400s. */
import { AlertModeRequest, RetryRequest, type AlertsView } from '@vigil/shared/alerts';
import { describeIssues } from '@vigil/shared/issues';
import { ZodError } from 'zod';
import { ApiFailure } from './api/errors.ts';
import type { AlertService } from './alerts/index.ts';
import { json, type RouteHandlers } from './api/route.ts';

/** Creates the alert routes' implementation. */
export function createAlertsAdmin(alerts: AlertService) {
  const view = (): AlertsView => ({ config: alerts.config(), channels: alerts.channels() });
  const badRequest = (error: unknown): never => {
    if (error instanceof ZodError) throw new ApiFailure('bad-request', `invalid alert settings: ${describeIssues(error)}`);
    throw error;
  };
  return {
    view,
    /** Replaces the alert settings (omitted secrets keep the stored ones). */
    async update(input: unknown): Promise<AlertsView> {
      await alerts.update(input).catch(badRequest);
      return view();
    },
    /** Arms, disarms or follows the schedule. */
    async setMode(input: unknown): Promise<AlertsView> {
      const parsed = AlertModeRequest.safeParse(input);
      if (!parsed.success) throw new ApiFailure('bad-request', describeIssues(parsed.error));
      await alerts.setMode(parsed.data.mode);
      return view();
    },
    /** Sends a real test message through one channel; the channel state says how it went. */
    async test(id: string) {
      if (!alerts.channels().some((c) => c.config.id === id)) throw new ApiFailure('not-found', `no alert channel "${id}"`);
      return alerts.test(id);
    },
    outbox: () => alerts.list(),
    /** Retries waiting alerts now instead of at the next backoff step. */
    retry(input: unknown): void {
      const parsed = RetryRequest.safeParse(input ?? {});
      if (!parsed.success) throw new ApiFailure('bad-request', describeIssues(parsed.error));
      alerts.retryNow(parsed.data.channel);
    },
  };
}

/** The alert routes. */
export function alertRoutes(admin: ReturnType<typeof createAlertsAdmin>): RouteHandlers<'getAlerts' | 'saveAlerts' | 'setAlertMode' | 'testAlertChannel' | 'listOutbox' | 'retryOutbox'> {
  return {
    getAlerts: () => json(admin.view()),
    saveAlerts: async ({ body }) => json(await admin.update(await body())),
    setAlertMode: async ({ body }) => json(await admin.setMode(await body())),
    testAlertChannel: async ({ params }) => json(await admin.test(params.id)),
    listOutbox: () => json(admin.outbox()),
    retryOutbox: async ({ body }) => void admin.retry(await body()),
  };
}
