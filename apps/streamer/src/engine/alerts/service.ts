/**
 * The alert service: rules decide, the outbox remembers, one lane per channel delivers.
 * `raise()` returns once the alert is on disk; delivery follows at once, or after the network
 * returns. Nothing happens on import; `start()` loads config, secrets and the outbox.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AlertsConfig, HealthKind, type ArmMode, type ChannelConfig, type ChannelView, type DeliveryState } from '@vigil/shared/alerts';
import { caption, subject } from './caption.ts';
import type { AlertChannel } from './channels/channel.ts';
import { CooldownWriter, loadCooldowns } from './cooldowns.ts';
import { ChannelError } from './channels/channel.ts';
import { createEmailChannel } from './channels/email.ts';
import { createTelegramChannel } from './channels/telegram.ts';
import type { AlertEvent, HealthAlert } from './event.ts';
import { HeldAlerts, type AlertProblem, type HeldAlert, type HeldOptions } from './held.ts';
import { Lane } from './lane.ts';
import { entryId, isOpen, Outbox, WAITING_CHANNEL, type OutboxEntry } from './outbox.ts';
import type { AlertLog } from './redact.ts';
import { redactingLog } from './redact.ts';
import type { Decision } from './rules.ts';
import { retryBackoff, type RetryBackoffOptions } from './retry-backoff.ts';
import { isArmed, RuleEngine } from './rules.ts';
import type { SecretStore } from './secrets.ts';
import { createFileSecretStore } from './secrets.ts';
import { loadConfig, saveConfig, secretName } from './store.ts';

/** Alert service options; every limit has a documented default. */
export interface AlertServiceOptions {
  /** Folder for `alerts.json`, `cooldowns.json`, the outbox and (by default) the secrets. */
  dir: string;
  /** Where passwords and bot tokens live. Default: AES-GCM file store in `dir` (see secrets.ts). */
  secrets?: SecretStore;
  /** Structured log sink; every line is redacted. Default: none. */
  log?: AlertLog;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
  /** Retry backoff. Default 5 s doubling to 10 min, with jitter. */
  backoff?: RetryBackoffOptions;
  /** Undelivered alerts older than this are dropped. Default 72 h: still news after a weekend offline. */
  maxAgeMs?: number;
  /** Most undelivered entries kept. Default 500. */
  maxUndelivered?: number;
  /** Delivered or dropped entries kept for the list. Default 500. */
  maxDone?: number;
  /** How long stop() waits for sends in flight. Default 5 s: an engine shutdown must not hang on a slow server. */
  stopTimeoutMs?: number;
  /** Alerts the outbox could not write: retry interval and bound (see held.ts). */
  held?: HeldOptions;
  /** Called whenever an entry is queued, sent, fails or is dropped: for the control API's event stream. */
  onDelivery?: (state: DeliveryState) => void;
  /** Channel timeouts (see EmailOptions, TelegramOptions). */
  email?: Parameters<typeof createEmailChannel>[2];
  telegram?: Parameters<typeof createTelegramChannel>[2];
}

/** What `raise()` did. */
export interface RaiseResult extends Decision {
  /** Outbox entry ids queued by this call. */
  queued: string[];
  /** Entry ids that already existed: the event was raised before. */
  duplicates: string[];
  /** Entry ids the outbox could not write (full disk): held in memory and retried. */
  held: string[];
}

/** The alert service's public surface. */
export interface AlertService {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Evaluates the rules and queues the event for each channel they name; with no channel enabled
   * (a first run), an armed event waits in the outbox for the first channel.
   */
  raise(event: AlertEvent): Promise<RaiseResult>;
  /** Queues a health alert for every enabled channel that has not muted its kind (or to wait, with none). */
  raiseHealth(alert: HealthAlert): Promise<RaiseResult>;
  /** Sends a real test message through a channel; returns its new state. */
  test(channelId: string): Promise<ChannelView>;
  /** Delivery states, newest first. */
  list(): DeliveryState[];
  /** Channels with their state (never their secrets). */
  channels(): ChannelView[];
  /** The current config (no secrets). */
  config(): AlertsConfig;
  /** Replaces the config (AlertsConfigInput: secrets are write-only, omitted ones are kept). */
  update(input: unknown): Promise<AlertsConfig>;
  /** The manual arm/disarm switch (or back to the schedule). */
  setMode(mode: ArmMode): Promise<AlertsConfig>;
  /** Retries failing channels now instead of waiting for the backoff. */
  retryNow(channelId?: string): void;
  /** What the System screen should show: alerts held because the outbox cannot be written, or waiting for a channel. */
  problems(): AlertProblem[];
}

/** Creates the alert service; call start() before anything else. */
export function createAlertService(options: AlertServiceOptions): AlertService {
  const now = options.now ?? Date.now;
  const secrets = options.secrets ?? createFileSecretStore({ file: join(options.dir, 'secrets.enc') });
  const outbox = new Outbox({ dir: join(options.dir, 'outbox'), maxUndelivered: options.maxUndelivered, maxDone: options.maxDone });
  const rules = new RuleEngine();
  const lanes = new Map<string, Lane>();
  const known = new Set<string>();
  const busy = new Set<string>();
  const withSecret = new Set<string>();
  const log = redactingLog(options.log ?? (() => {}), () => known);
  const cooldownsFile = join(options.dir, 'cooldowns.json');
  const cooldowns = new CooldownWriter(cooldownsFile, log);
  let config: AlertsConfig = AlertsConfig.parse({});
  let started = false;
  // Config changes rebuild the lanes: one at a time, or two rebuilds would leave two lanes per channel.
  let changes: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(change: () => Promise<T>): Promise<T> => {
    const next = changes.then(change);
    changes = next.catch(() => {});
    return next;
  };

  const publish = (entry: OutboxEntry | undefined) => {
    if (entry && options.onDelivery) options.onDelivery(publicState(entry));
  };

  /** Writes an alert to the outbox; once it is there, its rules' cooldowns start and its lane runs. */
  async function enqueue(alert: HeldAlert): Promise<boolean> {
    const { added, dropped } = await outbox.add(alert.entry, alert.snapshot, busy);
    if (!added) return false;
    for (const gone of dropped) {
      log('warn', 'alert dropped: outbox full', { entry: gone.id, channel: gone.channel });
      publish(outbox.get(gone.id));
    }
    const changed = rules.changes;
    rules.commit(alert.rules, { id: alert.entry.eventId, camera: alert.entry.camera }, alert.at);
    // Saved after the outbox entry: a crash in between costs a repeated alert, never a lost one.
    if (rules.changes !== changed) await cooldowns.save(() => rules.marks(now()));
    publish(outbox.get(alert.entry.id));
    lanes.get(alert.entry.channel)?.kick();
    return true;
  }
  const held = new HeldAlerts(async (alert) => void (await enqueue(alert)), log, now, options.held);

  const captionOf = (entry: Pick<OutboxEntry, 'cameraName' | 'camera' | 'eventId' | 'zones' | 'at' | 'labels'>) =>
    ({ cameraName: entry.cameraName, camera: entry.camera, eventId: entry.eventId, zones: entry.zones, at: entry.at, timeZone: config.timeZone, ...(entry.labels ? { labels: entry.labels } : {}), ...(config.link ? { link: config.link } : {}) });
  const message = (entry: OutboxEntry, snapshot: Buffer | undefined) => {
    // A health alert carries its words; a motion alert's are built in the current time zone.
    if (entry.body !== undefined) return { key: entry.id, subject: entry.title ?? 'Vigil', caption: entry.body };
    const input = captionOf(entry);
    return { key: entry.id, subject: subject(input), caption: caption(input), ...(snapshot ? { snapshot } : {}) };
  };

  /** Queues one alert, or holds it when the outbox cannot be written; records the outcome in `result`. */
  async function queue(alert: HeldAlert, result: RaiseResult): Promise<void> {
    const { id } = alert.entry;
    if (held.has(id)) return void result.duplicates.push(id);
    try {
      if (await enqueue(alert)) result.queued.push(id);
      else result.duplicates.push(id);
    } catch (error) {
      held.hold(alert, error);
      result.held.push(id);
    }
  }

  /** The channels that receive `kind` now: enabled, not muted for it; none enabled: the waiting line. */
  function healthTargets(kind: HealthAlert['kind']): string[] {
    const enabled = config.channels.filter((channel) => channel.enabled);
    if (enabled.length === 0) return [WAITING_CHANNEL];
    return enabled.filter((channel) => !config.health[kind].muted.includes(channel.id)).map((channel) => channel.id);
  }

  /** Hands alerts that waited for a channel to every channel enabled now (health alerts: unless muted). */
  async function handOverWaiting(): Promise<void> {
    if (!config.channels.some((channel) => channel.enabled)) return;
    for (const entry of outbox.all()) {
      if (entry.channel !== WAITING_CHANNEL || !isOpen(entry)) continue;
      const kind = HealthKind.safeParse(entry.kind);
      const targets = kind.success ? healthTargets(kind.data) : config.channels.filter((channel) => channel.enabled).map((channel) => channel.id);
      const snapshot = await outbox.snapshot(entry);
      for (const channel of targets) {
        const { sendingSince: _since, snapshot: _file, ...copy } = entry;
        await queue({ entry: { ...copy, id: entryId(entry.eventId, channel), channel, queuedAt: now() }, snapshot, rules: [], at: now() }, { ...NO_DECISION, queued: [], duplicates: [], held: [] });
      }
      await outbox.update(entry, { status: 'sent', sentAt: now() });
      publish(outbox.get(entry.id));
    }
  }

  async function buildChannel(channel: ChannelConfig): Promise<AlertChannel> {
    const secret = await secrets.get(secretName(channel));
    if (secret) {
      known.add(secret);
      withSecret.add(channel.id);
    }
    return channel.type === 'email' ? createEmailChannel(channel, secret, options.email) : createTelegramChannel(channel, secret, options.telegram);
  }

  async function rebuild(): Promise<void> {
    const states = new Map([...lanes].map(([id, lane]) => [id, lane.state]));
    await Promise.all([...lanes.values()].map((lane) => lane.stop()));
    for (const lane of lanes.values()) lane.channel.close();
    lanes.clear();
    known.clear();
    withSecret.clear();
    for (const channel of config.channels) {
      const onAttempt = (entry: OutboxEntry) => publish(outbox.get(entry.id));
      const lane = new Lane(await buildChannel(channel), { outbox, now, log, busy, message, onAttempt, backoff: retryBackoff(options.backoff), maxAgeMs: options.maxAgeMs ?? 72 * 3_600_000 });
      // A config change keeps the last known state but not the backoff: the fix is tried at once.
      const previous = states.get(channel.id);
      if (previous && previous.status !== 'disabled') lane.state = { ...previous, nextAttemptAt: undefined };
      if (!channel.enabled) lane.state = { status: 'disabled', failures: 0 };
      lanes.set(channel.id, lane);
    }
    // Entries of channels that are gone or disabled would wait forever: give them up, saying why.
    for (const entry of outbox.all()) {
      if (!isOpen(entry) || entry.channel === WAITING_CHANNEL) continue;
      const channel = config.channels.find((candidate) => candidate.id === entry.channel);
      if (!channel) await outbox.drop(entry, 'the channel was removed');
      else if (!channel.enabled) await outbox.drop(entry, 'the channel was disabled');
      else continue;
      publish(outbox.get(entry.id));
    }
    if (started) await handOverWaiting();
    if (started) for (const lane of lanes.values()) lane.kick();
  }

  function view(channel: ChannelConfig, hasSecret: boolean): ChannelView {
    const lane = lanes.get(channel.id);
    return { config: channel, hasSecret, state: lane?.state ?? { status: 'unknown', failures: 0 } };
  }

  const service: AlertService = {
    async start() {
      await mkdir(options.dir, { recursive: true, mode: 0o700 });
      config = await loadConfig(options.dir);
      rules.restore(await loadCooldowns(cooldownsFile, now(), log));
      const inDoubt = await outbox.open();
      for (const entry of inDoubt) {
        // The engine stopped mid-send: the server may have the alert. Sending again risks a
        // duplicate (same Message-ID for email); not sending risks losing it, which is worse.
        log('warn', 'alert was being sent when the engine stopped; sending again', { entry: entry.id, channel: entry.channel });
        await outbox.update(entry, { sendingSince: undefined, lastError: 'the engine stopped while sending; sent again, it may arrive twice' });
      }
      started = true;
      await rebuild();
    },

    async stop() {
      started = false;
      held.stop();
      await Promise.all([...lanes.values()].map((lane) => lane.stop(options.stopTimeoutMs ?? 5_000)));
      for (const lane of lanes.values()) lane.channel.close();
      lanes.clear();
    },

    async raise(event) {
      if (!started) throw new Error('alert service not started');
      const at = now();
      // Cooldowns start per entry once it is on disk (enqueue): a failed write mutes nothing.
      const decision = rules.decide(config, event, at);
      const result: RaiseResult = { ...decision, queued: [], duplicates: [], held: [] };
      // No channel yet (a first run): an armed event waits for one, so the app can show it.
      const waiting = !config.channels.some((channel) => channel.enabled) && isArmed(config, at);
      for (const channelId of waiting ? [WAITING_CHANNEL] : decision.channels) {
        const channel = config.channels.find((candidate) => candidate.id === channelId);
        if (!waiting && !channel?.enabled) continue;
        const entry: OutboxEntry = {
          id: entryId(event.id, channelId), eventId: event.id, channel: channelId, camera: event.camera, cameraName: event.cameraName,
          zones: event.zones.map((zone) => ({ ...zone })), at: event.start, status: 'pending', attempts: 0, queuedAt: at,
          ...(event.labels ? { labels: event.labels.map(({ label, score }) => ({ label, score })) } : {}),
        };
        entry.title = subject(captionOf(entry));
        const fired = decision.fired.filter((rule) => config.rules.find((r) => r.id === rule)?.channels.includes(channelId));
        await queue({ entry, snapshot: event.snapshot, rules: fired, at }, result);
      }
      if (result.queued.length > 0) log('info', 'alert queued', { event: event.id, camera: event.camera, channels: waiting ? [WAITING_CHANNEL] : decision.channels });
      return result;
    },

    async raiseHealth(alert) {
      if (!started) throw new Error('alert service not started');
      const result: RaiseResult = { ...NO_DECISION, queued: [], duplicates: [], held: [] };
      if (!config.health[alert.kind].enabled) return result;
      const at = now();
      for (const channel of healthTargets(alert.kind)) {
        const entry: OutboxEntry = {
          id: entryId(alert.id, channel), eventId: alert.id, channel, camera: alert.camera ?? '', cameraName: alert.cameraName ?? '',
          zones: [], at: alert.at, status: 'pending', attempts: 0, queuedAt: at, kind: alert.kind, title: alert.title, body: alert.body,
        };
        await queue({ entry, snapshot: undefined, rules: [], at }, result);
      }
      if (result.queued.length > 0) log('info', 'health alert queued', { event: alert.id, kind: alert.kind, channels: result.queued.length });
      return result;
    },

    async test(channelId) {
      const lane = lanes.get(channelId);
      const channel = config.channels.find((candidate) => candidate.id === channelId);
      if (!lane || !channel) throw new Error(`no alert channel "${channelId}"`);
      try {
        await lane.channel.test();
        lane.record(undefined);
        lane.retryNow();
      } catch (error) {
        const failure = error instanceof ChannelError ? error : new ChannelError(`sending failed (${String(error)})`, String(error));
        lane.record(failure);
        log('warn', 'alert channel test failed', { channel: channelId, reason: failure.reason, detail: failure.detail });
      }
      return view(channel, withSecret.has(channel.id));
    },

    list() {
      return outbox.all().map((entry) => {
        const state = publicState(entry);
        const lane = lanes.get(state.channel);
        // While a channel backs off, every waiting entry waits for the lane's next attempt.
        const waiting = (state.status === 'pending' || state.status === 'failing') && lane?.state.nextAttemptAt;
        return waiting ? { ...state, nextAttemptAt: lane.state.nextAttemptAt } : state;
      });
    },

    channels() {
      return config.channels.map((channel) => view(channel, withSecret.has(channel.id)));
    },

    config: () => config,

    update: (input) =>
      exclusive(async () => {
        config = await saveConfig(options.dir, input, secrets, config);
        await rebuild();
        return config;
      }),

    setMode: (mode) =>
      exclusive(async () => {
        // Secrets stay as they are: the stored channels carry none, so none are replaced.
        config = await saveConfig(options.dir, { ...config, mode }, secrets, config);
        return config;
      }),

    problems() {
      // A first run's alerts wait for a channel: say so where the owner looks (System screen, tray).
      const waiting = outbox.all().filter((entry) => entry.channel === WAITING_CHANNEL && isOpen(entry));
      if (waiting.length === 0) return held.problems();
      const message = `${waitingText(waiting.length)}: add a channel to receive them`;
      return [...held.problems(), { source: 'alerts-waiting', message, since: Math.min(...waiting.map((entry) => entry.queuedAt)) }];
    },

    retryNow(channelId) {
      for (const [id, lane] of lanes) if (!channelId || id === channelId) lane.retryNow();
    },
  };

  return service;
}

/** "1 alert waiting", "3 alerts waiting". */
export function waitingText(count: number): string {
  return `${count} alert${count === 1 ? '' : 's'} waiting`;
}

const NO_DECISION: Decision = { channels: [], fired: [], suppressed: [] };

/** The DeliveryState of an entry, without the fields only the outbox needs. */
function publicState(entry: OutboxEntry): DeliveryState {
  const { cameraName: _name, zones: _zones, labels: _labels, snapshot: _snapshot, sendingSince: _since, body: _body, ...state } = entry;
  return state;
}
