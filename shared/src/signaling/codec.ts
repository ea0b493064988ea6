/**
 * Parsing of signalling frames with precise errors: which rule failed and on which field, so a
 * client developer can fix a message from the error reply alone.
 */
import type { z } from 'zod';
import type { SignalingErrorCode } from './errors.ts';
import { describeIssues } from '../issues.ts';
import { ClientMessage, ServerMessage } from './messages.ts';

export type ParseResult<T> =
  | { ok: true; message: T }
  | { ok: false; code: SignalingErrorCode; error: string; ref?: { type?: string; id?: string } };

const CLIENT_TYPES: ReadonlySet<string> = new Set(ClientMessage.options.map((o) => o.shape.type.value));
const SERVER_TYPES: ReadonlySet<string> = new Set(ServerMessage.options.map((o) => o.shape.type.value));

/** Parses a frame a client sent to the server. */
export function parseClientMessage(text: string): ParseResult<ClientMessage> {
  return parseWith(text, ClientMessage, CLIENT_TYPES);
}

/** Parses a frame the server sent to a client. */
export function parseServerMessage(text: string): ParseResult<ServerMessage> {
  return parseWith(text, ServerMessage, SERVER_TYPES);
}

function parseWith<T>(text: string, schema: z.ZodType<T>, types: ReadonlySet<string>): ParseResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad-json', error: 'message is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'bad-message', error: 'message must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const ref = readRef(record);
  if (typeof record.type !== 'string') {
    return { ok: false, code: 'bad-message', error: 'type: must be a string', ref };
  }
  if (!types.has(record.type)) {
    return { ok: false, code: 'unknown-type', error: `type: "${truncate(record.type)}" is not a message type`, ref };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, code: 'bad-message', error: describeIssues(result.error), ref };
}

function readRef(record: Record<string, unknown>): { type?: string; id?: string } | undefined {
  const ref: { type?: string; id?: string } = {};
  if (typeof record.type === 'string') ref.type = truncate(record.type);
  if (typeof record.id === 'string' && record.id.length <= 64) ref.id = record.id;
  return ref.type || ref.id ? ref : undefined;
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}
