/** Turns Bot API and network failures into reasons a person can act on. */
import { NetworkError, TelegramApiError, TimeoutError } from 'node-telegram-bot-api';
import { redact } from '../redact.ts';
import { ChannelError } from './channel.ts';

/** Maps a Telegram failure to a ChannelError with a plain-language reason. */
export function describeTelegramError(error: unknown, host: string, secrets: string[]): ChannelError {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message}${causeCode(error.cause)})` : '';
  const detail = redact(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}${cause}`, secrets);
  if (error instanceof TelegramApiError) {
    const text = error.description.toLowerCase();
    if (error.errorCode === 401 || error.errorCode === 404) return new ChannelError('the bot token is wrong', detail);
    if (error.errorCode === 400 && text.includes('chat not found')) {
      return new ChannelError('the chat id is wrong, or nobody in that chat has started the bot yet', detail);
    }
    if (error.errorCode === 403) return new ChannelError('the bot was blocked by the user or removed from the chat', detail);
    if (error.errorCode === 429) return new ChannelError(`Telegram asks to slow down (retry after ${error.retryAfter ?? '?'} s)`, detail);
    if (error.errorCode === 413) return new ChannelError('the snapshot is too large for Telegram', detail);
    return new ChannelError(`Telegram refused the message (${redact(error.description, secrets)})`, detail);
  }
  // The request was on the wire when the clock ran out: Telegram may have posted it.
  if (error instanceof TimeoutError) return new ChannelError(`${host} did not answer in time`, detail, true);
  if (error instanceof NetworkError) return new ChannelError(`cannot reach ${host}${/ECONNREFUSED/.test(detail) ? ' (connection refused)' : ''}`, detail);
  if (error instanceof Error && error.message === 'no bot token') return new ChannelError('no bot token is set', detail);
  return new ChannelError(`sending failed (${detail})`, detail);
}

function causeCode(cause: Error): string {
  const inner = (cause as Error & { cause?: { code?: string } }).cause;
  return inner?.code ? `: ${inner.code}` : '';
}
