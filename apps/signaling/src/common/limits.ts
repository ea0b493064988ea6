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
