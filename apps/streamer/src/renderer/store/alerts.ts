/**
 * The alerts page's state (zustand): the engine's alerts config and channel states (GET /api/alerts),
 * the outbox, and the last result of each action. Secrets are never kept here: a password or bot
 * token typed in a form goes straight into the PUT that saves it.
 */
import { create } from 'zustand';
import type { AlertsConfigInput, AlertsView, ArmMode, ChannelView, DeliveryList } from '@vigil/shared/alerts';
import { ApiRequestError, createAlertsClient, type AlertsClient } from '../api/client.ts';
import { useApp } from './app.ts';

export interface AlertsState {
  view: AlertsView | undefined;
  outbox: DeliveryList;
  /** Why the page could not be loaded. */
  error: string | undefined;
  /** Channel id → a test is running. */
  testing: Record<string, boolean>;
  load(): Promise<void>;
  refreshOutbox(): Promise<void>;
  /** Saves the whole config; throws ApiRequestError (with the engine's message) when refused. */
  save(config: AlertsConfigInput): Promise<AlertsView>;
  setMode(mode: ArmMode): Promise<void>;
  test(channelId: string): Promise<ChannelView | undefined>;
  retry(channel?: string): Promise<void>;
}

let cached: { api: unknown; client: AlertsClient } | undefined;
function client(): AlertsClient | undefined {
  const api = useApp.getState().api;
  if (!api) return undefined;
  if (cached?.api !== api) cached = { api, client: createAlertsClient(api.connection, () => void useApp.getState().api?.listCameras().catch(() => undefined)) };
  return cached.client;
}
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The stored config as an input for PUT /api/alerts: unchanged secrets are omitted, so they are kept. */
export function toInput(view: AlertsView): AlertsConfigInput {
  return { ...view.config, channels: view.config.channels.map((c) => ({ ...c })) };
}

/** The alerts store. */
export const useAlerts = create<AlertsState>()((set, get) => ({
  view: undefined,
  outbox: [],
  error: undefined,
  testing: {},
  async load() {
    const api = client();
    if (!api) return;
    try {
      set({ view: await api.getAlerts(), error: undefined });
    } catch (error) {
      set({ error: message(error) });
    }
    await get().refreshOutbox();
  },
  async refreshOutbox() {
    const api = client();
    if (!api) return;
    try {
      set({ outbox: await api.listOutbox() });
    } catch {
      // the page's own error covers an engine that does not answer
    }
  },
  async save(config) {
    const api = client();
    if (!api) throw new ApiRequestError(0, 'offline', 'Not connected to the engine.');
    const view = await api.saveAlerts(config);
    set({ view });
    return view;
  },
  async setMode(mode) {
    const api = client();
    if (!api) return;
    try {
      set({ view: await api.setAlertMode(mode), error: undefined });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async test(channelId) {
    const api = client();
    if (!api) return undefined;
    set({ testing: { ...get().testing, [channelId]: true } });
    try {
      const result = await api.testAlertChannel(channelId);
      const view = get().view;
      if (view) set({ view: { ...view, channels: view.channels.map((c) => (c.config.id === channelId ? result : c)) } });
      return result;
    } catch (error) {
      set({ error: message(error) });
      return undefined;
    } finally {
      set({ testing: { ...get().testing, [channelId]: false } });
    }
  },
  async retry(channel) {
    const api = client();
    if (!api) return;
    try {
      await api.retryOutbox(channel);
    } catch (error) {
      set({ error: message(error) });
    }
    await get().load();
  },
}));
