/**
 * The Telegram channel: node-telegram-bot-api v2's `Api` (fetch-based, no polling) calling
 * `sendPhoto` with the JPEG as a multipart upload and the caption, or `sendMessage` without one.
 * The library's own retries are off: a retry after a timeout could post the photo twice, and the
 * outbox already retries with backoff. `apiRoot` points at a self-hosted Bot API server, or at
 * a local test server; nothing else differs.
 */
import { Api, InputFile } from 'node-telegram-bot-api';
import type { TelegramChannel } from '@vigil/shared/alerts';
import type { AlertChannel, AlertMessage } from './channel.ts';
import { describeTelegramError } from './telegram-errors.ts';

/** Telegram channel limits; each has a documented default. */
export interface TelegramOptions {
  /** Per-request timeout. Default 30 s: a 100 KB photo on a slow uplink. */
  timeoutMs?: number;
}

/** Creates a Telegram channel from its config and bot token. */
export function createTelegramChannel(config: TelegramChannel, token: string | undefined, options: TelegramOptions = {}): AlertChannel {
  const apiRoot = config.apiRoot ?? 'https://api.telegram.org';
  const api = token
    ? new Api(token, { apiRoot, maxRetries: 0, timeoutMs: options.timeoutMs ?? 30_000 })
    : undefined;
  const secrets = token ? [token] : [];
  const host = new URL(apiRoot).host;

  async function call<T>(run: (api: Api) => Promise<T>): Promise<T> {
    if (!api) throw describeTelegramError(new Error('no bot token'), host, secrets);
    try {
      return await run(api);
    } catch (error) {
      throw describeTelegramError(error, host, secrets);
    }
  }

  return {
    id: config.id,
    send: (message: AlertMessage) =>
      call(async (bot) => {
        if (message.snapshot) {
          const photo = new InputFile(new Uint8Array(message.snapshot), { filename: 'snapshot.jpg', contentType: 'image/jpeg' });
          await bot.sendPhoto({ chat_id: config.chatId, photo, caption: message.caption });
        } else {
          await bot.sendMessage({ chat_id: config.chatId, text: message.caption });
        }
      }),
    test: () =>
      call(async (bot) => {
        // getMe first: a wrong token then reads as such, not as a chat problem.
        await bot.getMe();
        await bot.sendMessage({ chat_id: config.chatId, text: `This is a test alert from Vigil's "${config.name}" channel. If you read this, Telegram alerts work.` });
      }),
    close: () => {},
  };
}
