/**
 * The Lua scripts of RedisRouter and the key and channel names they use. Each script is one round
 * trip and atomic, so two instances racing for one streamer id cannot both win.
 *
 * Keys and channels (all under `vigil:`):
 *   vigil:s:<streamerId>      "<peerId> <stampMs>", PX presenceTtlMs, refreshed by the owning instance
 *   vigil:r:<streamerId>:<s>  offers counted in second <s>, expires after 2 s
 *   vigil:i:<instanceId>      channel: frames and evictions for that instance's connections
 *   vigil:presence            channel: "<instanceId> <streamerId> <1|0>" to every instance
 */
import type { Redis } from 'ioredis';

/** Prefix of the presence keys. */
export const STREAMER_KEY_PREFIX = 'vigil:s:';
/** Key of a streamer id's presence. */
export const streamerKey = (streamerId: string): string => `${STREAMER_KEY_PREFIX}${streamerId}`;
/** Channel of one instance. */
export const instanceChannel = (instanceId: string): string => `vigil:i:${instanceId}`;
/** Channel of presence changes. */
export const PRESENCE_CHANNEL = 'vigil:presence';
/** Key of a streamer's offer count within one second. */
export const budgetKey = (streamerId: string, second: number): string => `vigil:r:${streamerId}:${second}`;

/**
 * claim(key; peerId, policy, ttlMs) → [1, previous value or '', stamp] | [0, holder's value].
 * The stamp is Redis's own clock (TIME), so stamps of different instances compare.
 */
const CLAIM = `
local cur = redis.call('GET', KEYS[1])
if cur and ARGV[2] == 'reject' and string.match(cur, '^(%S+)') ~= ARGV[1] then return {0, cur} end
local t = redis.call('TIME')
local stamp = tostring(t[1] * 1000 + math.floor(t[2] / 1000))
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. stamp, 'PX', ARGV[3])
return {1, cur or '', stamp}`;

/**
 * assert(key; peerId, stamp, ttlMs) → [outcome, other holder's value or ''], run by the owner on
 * every refresh and after Redis comes back: `kept` (still ours, TTL renewed), `set` (the key was
 * gone: Redis restarted or it expired), `took` (an older claim held it: ours is newer, it must be
 * evicted), `lost` (a newer claim holds it: ours must go).
 */
const ASSERT = `
local cur = redis.call('GET', KEYS[1])
local mine = ARGV[1] .. ' ' .. ARGV[2]
if not cur then redis.call('SET', KEYS[1], mine, 'PX', ARGV[3]) return {'set', ''} end
local holder, stamp = string.match(cur, '^(%S+) (%d+)$')
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[3]) return {'kept', ''} end
if stamp == nil or tonumber(stamp) < tonumber(ARGV[2]) then redis.call('SET', KEYS[1], mine, 'PX', ARGV[3]) return {'took', cur} end
return {'lost', cur}`;

/** release(key; peerId) → 1 when deleted (peerId held it), 0 otherwise. */
const RELEASE = `
local cur = redis.call('GET', KEYS[1])
if cur and string.match(cur, '^(%S+)') == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0`;

/** budget(key; limit) → 1 when this offer is within the second's limit, 0 otherwise. */
const BUDGET = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end
if n <= tonumber(ARGV[1]) then return 1 end
return 0`;

/** The scripts as commands of one connection. */
export interface RouterCommands {
  vigilClaim(key: string, peerId: string, policy: string, ttlMs: number): Promise<[number, string, string?]>;
  vigilAssert(key: string, peerId: string, stamp: string, ttlMs: number): Promise<[string, string]>;
  vigilRelease(key: string, peerId: string): Promise<number>;
  vigilBudget(key: string, limit: number): Promise<number>;
}

/** Defines the scripts on `redis` (EVALSHA, loading them again after a Redis restart). */
export function defineRouterCommands(redis: Redis): Redis & RouterCommands {
  redis.defineCommand('vigilClaim', { numberOfKeys: 1, lua: CLAIM });
  redis.defineCommand('vigilAssert', { numberOfKeys: 1, lua: ASSERT });
  redis.defineCommand('vigilRelease', { numberOfKeys: 1, lua: RELEASE });
  redis.defineCommand('vigilBudget', { numberOfKeys: 1, lua: BUDGET });
  return redis as Redis & RouterCommands;
}
