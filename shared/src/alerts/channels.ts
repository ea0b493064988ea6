/**
 * Alert channels: where an alert goes (an SMTP mailbox, a Telegram chat) and how it is doing.
 * Secrets (the SMTP password, the bot token) are write-only: they arrive in a channel *input*,
 * the engine moves them to its secret store, and no stored config or API view ever carries them.
 */
import { z } from 'zod';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 of a-z, 0-9 and -');

/** An email channel: one SMTP server, one sender, one or more recipients. */
export const EmailChannel = z.strictObject({
  id: Id,
  type: z.literal('email'),
  name: z.string().min(1).max(80),
  enabled: z.boolean().default(true),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(587),
  /** `starttls` (port 587) upgrades a plain connection and refuses to go on without TLS; `tls` is implicit TLS (port 465); `none` only for a trusted LAN relay. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  user: z.string().max(255).optional(),
  from: z.string().min(3).max(255),
  to: z.array(z.string().min(3).max(255)).min(1).max(10),
  /** Extra trusted CA or self-signed certificate (PEM) for a private mail server; public ones need none. */
  ca: z.string().max(20_000).optional(),
});
export type EmailChannel = z.infer<typeof EmailChannel>;

/** A Telegram channel: a bot writing into one chat. */
export const TelegramChannel = z.strictObject({
  id: Id,
  type: z.literal('telegram'),
  name: z.string().min(1).max(80),
  enabled: z.boolean().default(true),
  /** A user id, a group id (negative) or an @channelusername. */
  chatId: z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/, 'must be a numeric chat id or an @channel name'),
  /** Bot API origin; set only for a self-hosted Bot API server. Default https://api.telegram.org. */
  apiRoot: z.url({ protocol: /^https?$/ }).optional(),
});
export type TelegramChannel = z.infer<typeof TelegramChannel>;

/** A stored channel (no secrets). */
export const ChannelConfig = z.discriminatedUnion('type', [EmailChannel, TelegramChannel]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/** A channel as the control API accepts it: the stored fields plus its secret, if it changes. */
export const ChannelInput = z.discriminatedUnion('type', [
  EmailChannel.extend({ password: z.string().max(1024).optional() }),
  TelegramChannel.extend({ botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'does not look like a bot token').optional() }),
]);
export type ChannelInput = z.input<typeof ChannelInput>;

/** How a channel is doing, in words a person understands. */
export const ChannelState = z.strictObject({
  status: z.enum(['unknown', 'ok', 'failing', 'disabled']),
  /** Why it fails, e.g. "the mail server refused the user name or password". */
  reason: z.string().optional(),
  /** Milliseconds since the epoch of the last successful send or test. */
  lastOkAt: z.number().optional(),
  /** Milliseconds since the epoch of the next delivery attempt while failing. */
  nextAttemptAt: z.number().optional(),
  /** Consecutive failures. */
  failures: z.number().int().min(0).default(0),
});
export type ChannelState = z.infer<typeof ChannelState>;

/** A channel as the control API shows it. */
export const ChannelView = z.strictObject({
  config: ChannelConfig,
  /** True when a password or bot token is stored (never the value). */
  hasSecret: z.boolean(),
  state: ChannelState,
});
export type ChannelView = z.infer<typeof ChannelView>;
