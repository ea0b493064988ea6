/**
 * The alerts config on disk (`alerts.json`, no secrets) and the secrets beside it in a
 * SecretStore, under names like `alerts.<channel>.password`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AlertsConfig, AlertsConfigInput } from '@vigil/shared/alerts';
import type { ChannelConfig } from '@vigil/shared/alerts';
import { writeFileAtomic } from '../config/atomic-file.ts';
import type { SecretStore } from './secrets.ts';

/** The secret name of a channel. */
export function secretName(channel: ChannelConfig): string {
  return `alerts.${channel.id}.${channel.type === 'email' ? 'password' : 'botToken'}`;
}

/** Reads `alerts.json` in `dir`; a missing file gives the defaults (armed, no channels, no rules). */
export async function loadConfig(dir: string): Promise<AlertsConfig> {
  const text = await readFile(join(dir, 'alerts.json'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  // A damaged file stops start() with zod's message rather than silently losing the rules.
  return AlertsConfig.parse(text === undefined ? {} : JSON.parse(text));
}

/** Validates `input`, moves its secrets into `secrets`, writes `alerts.json`; returns the stored config. */
export async function saveConfig(dir: string, input: unknown, secrets: SecretStore, previous: AlertsConfig): Promise<AlertsConfig> {
  const parsed = AlertsConfigInput.parse(input);
  const channels: ChannelConfig[] = [];
  for (const channel of parsed.channels) {
    const { password, botToken, ...stored } = channel as typeof channel & { password?: string; botToken?: string };
    const config = stored as ChannelConfig;
    const secret = password ?? botToken;
    if (secret !== undefined) await secrets.set(secretName(config), secret);
    channels.push(config);
  }
  const config = AlertsConfig.parse({ ...parsed, channels });
  for (const old of previous.channels) {
    const kept = channels.find((channel) => channel.id === old.id && channel.type === old.type);
    if (!kept) await secrets.set(secretName(old), undefined);
  }
  await writeFileAtomic(join(dir, 'alerts.json'), `${JSON.stringify(config, null, 2)}\n`);
  return config;
}
