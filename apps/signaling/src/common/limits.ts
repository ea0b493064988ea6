/**
 * Per-connection abuse limits: a token bucket for message rate and a sliding window of rejected
 * messages. Pure logic with an injected clock so tests need no timers.
 */

/** Token bucket: `ratePerSecond` tokens refill continuously, at most `burst` are stored. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty (the message must be refused). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts events in a sliding window; `add()` says whether the limit is now exceeded. */
export class SlidingWindowCounter {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one event; true once `limit` events fall within the window. */
  add(): boolean {
    const now = this.now();
    this.times.push(now);
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    // Never keep more than `limit` timestamps: memory per connection stays bounded.
    if (this.times.length > this.limit) this.times.shift();
    return this.times.length >= this.limit;
  }
}

/**
 * One token bucket per key (an address, a streamer id), created on first use. At most `maxKeys`
 * are remembered; past it the oldest is forgotten, so memory stays bounded whoever calls.
 */
export class KeyedTokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>(); // oldest first

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token from `key`'s bucket; false when spent. */
  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.ratePerSecond, this.burst, this.now);
      this.buckets.set(key, bucket);
      if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    return bucket.take();
  }
}
