/** The channel form's values, checks and conversion to the API's ChannelInput (pure). */
import type { ChannelConfig, ChannelInput } from '@vigil/shared/alerts';

export interface ChannelFormValues {
  type: 'email' | 'telegram';
  name: string;
  enabled: boolean;
  host: string;
  port: string;
  security: 'starttls' | 'tls' | 'none';
  user: string;
  /** Empty keeps the stored password. */
  password: string;
  from: string;
  to: string;
  ca: string;
  /** Empty keeps the stored bot token. */
  botToken: string;
  chatId: string;
}

export type ChannelFormErrors = Partial<Record<keyof ChannelFormValues, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const HOST = /^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/;
const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/;

/** A blank form of `type`. */
export function emptyChannel(type: 'email' | 'telegram'): ChannelFormValues {
  return { type, name: type === 'email' ? 'E-mail' : 'Telegram', enabled: true, host: '', port: '587', security: 'starttls', user: '', password: '', from: '', to: '', ca: '', botToken: '', chatId: '' };
}

/** The form of a stored channel (secrets never come back: their fields start empty). */
export function channelToForm(channel: ChannelConfig): ChannelFormValues {
  const base = emptyChannel(channel.type);
  if (channel.type === 'telegram') return { ...base, name: channel.name, enabled: channel.enabled, chatId: channel.chatId };
  return {
    ...base,
    name: channel.name,
    enabled: channel.enabled,
    host: channel.host,
    port: String(channel.port),
    security: channel.security,
    user: channel.user ?? '',
    from: channel.from,
    to: channel.to.join(', '),
    ca: channel.ca ?? '',
  };
}

const splitList = (text: string) => text.split(/[,;\s]+/).filter(Boolean);

/** What is wrong with the form, field by field; `hasSecret` says a stored secret can be kept. */
export function validateChannel(v: ChannelFormValues, hasSecret: boolean): ChannelFormErrors {
  const e: ChannelFormErrors = {};
  if (!v.name.trim()) e.name = 'Give the channel a name.';
  else if (v.name.trim().length > 80) e.name = 'At most 80 characters.';
  if (v.type === 'email') {
    if (!v.host.trim()) e.host = 'The mail server is needed, e.g. smtp.example.com.';
    else if (!HOST.test(v.host.trim())) e.host = 'A host name or IP address, without "smtp://" or a port.';
    const port = Number(v.port);
    if (!/^\d+$/.test(v.port.trim()) || port < 1 || port > 65535) e.port = 'A port from 1 to 65535 (587 for STARTTLS, 465 for TLS).';
    if (!EMAIL.test(v.from.trim())) e.from = 'The sender address, e.g. vigil@example.com.';
    const to = splitList(v.to);
    if (to.length === 0) e.to = 'At least one recipient.';
    else if (to.length > 10) e.to = 'At most 10 recipients.';
    else if (to.some((a) => !EMAIL.test(a))) e.to = `Not an e-mail address: ${to.find((a) => !EMAIL.test(a))}`;
    if (v.password && !v.user.trim()) e.user = 'A password needs a user name.';
    if (v.ca.trim() && !v.ca.includes('-----BEGIN CERTIFICATE-----')) e.ca = 'A PEM certificate starts with -----BEGIN CERTIFICATE-----.';
  } else {
    if (!v.botToken.trim() && !hasSecret) e.botToken = 'The bot token from @BotFather is needed.';
    else if (v.botToken.trim() && !BOT_TOKEN.test(v.botToken.trim())) e.botToken = 'A bot token looks like 123456789:AAH…, as @BotFather gives it.';
    if (!CHAT_ID.test(v.chatId.trim())) e.chatId = 'A numeric chat id (negative for a group) or an @channel name.';
  }
  return e;
}

/** The channel as PUT /api/alerts takes it; an empty secret field is left out (the stored one stays). */
export function formToInput(id: string, v: ChannelFormValues): ChannelInput {
  if (v.type === 'telegram') {
    return { id, type: 'telegram', name: v.name.trim(), enabled: v.enabled, chatId: v.chatId.trim(), ...(v.botToken.trim() ? { botToken: v.botToken.trim() } : {}) };
  }
  return {
    id,
    type: 'email',
    name: v.name.trim(),
    enabled: v.enabled,
    host: v.host.trim(),
    port: Number(v.port),
    security: v.security,
    ...(v.user.trim() ? { user: v.user.trim() } : {}),
    ...(v.password ? { password: v.password } : {}),
    from: v.from.trim(),
    to: splitList(v.to),
    ...(v.ca.trim() ? { ca: v.ca.trim() } : {}),
  };
}

/** A fresh id from the name, not among `taken`. */
export function newId(name: string, taken: string[]): string {
  const stem = (name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'channel').slice(0, 24);
  let id = stem;
  for (let n = 2; taken.includes(id); n++) id = `${stem}-${n}`;
  return id;
}
