/**
 * One pacer shared by every worker of an audit: it decides when the next request may
 * start, so parallel workers together stay under Stripe's limits instead of each backing
 * off on its own (per-worker retries overshoot: they all retry into the same full second).
 *
 * Stripe's limits (https://docs.stripe.com/rate-limits): 100 requests/s in live mode and 25
 * in test mode (sandbox) overall, and 25/s per endpoint unless noted; a concurrency limiter
 * caps requests in flight. A 429 says which limiter refused it in the
 * `Stripe-Rate-Limited-Reason` header (`global-rate`, `endpoint-rate`, `global-concurrency`,
 * `endpoint-concurrency`, `resource-specific`); a 429 whose error code is `lock_timeout`
 * comes from an object lock, not a limiter, so it says nothing about our rate.
 *
 * The rate starts low and grows while Stripe answers (doubling per second until the first
 * refusal, then one request/s per second), halves at once on a rate refusal, and never
 * exceeds --max-rps; the number of requests in flight halves on a concurrency refusal and
 * never exceeds --concurrency. Pure: the clock is a parameter.
 */

export interface PacerClock {
  /** Milliseconds, on any monotonic scale. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** What a refused request tells the pacer. */
export type Throttle = 'rate' | 'concurrency' | 'contention';

export type Outcome =
  | { readonly kind: 'answered' }
  | { readonly kind: 'throttled'; readonly throttle: Throttle }
  | { readonly kind: 'failed' }
  | { readonly kind: 'unused' };

export interface PacerTicket {
  /** Call exactly once, when the request has an answer (or was not sent). */
  done(outcome: Outcome): void;
}

export interface PacerOptions {
  /** Ceiling, requests per second (--max-rps). */
  readonly maxRps: number;
  /** Ceiling, requests in flight (--concurrency). */
  readonly maxConcurrency: number;
  /**
   * First rate; default half the ceiling, at least 1/s. (A quarter cost a 30,000-code audit at
   * 25/s about 0.9 s of its 12 s climbing, measured by bench/shapes.mjs; a 429 halves the rate
   * at once, so starting higher risks a retried request, not a storm.)
   */
  readonly startRps?: number;
  /** The rate never drops below this after refusals (default 0.5/s). */
  readonly minRps?: number;
  readonly clock: PacerClock;
}

export interface PacerStats {
  readonly rate: number;
  readonly concurrency: number;
  readonly inFlight: number;
  readonly sent: number;
  readonly throttled: number;
}

/** Which limiter refused a request, from Stripe's error (read by shape: no SDK import). */
export function throttleOf(
  error: { statusCode?: number; code?: string; headers?: Record<string, string> } | null,
): Throttle | null {
  if (error?.statusCode !== 429) return null;
  // https://docs.stripe.com/rate-limits: "lock_timeout" 429s come from object locks.
  if (error.code === 'lock_timeout') return 'contention';
  const reason = error.headers?.['stripe-rate-limited-reason'] ?? '';
  if (reason === 'global-concurrency' || reason === 'endpoint-concurrency') return 'concurrency';
  // endpoint-rate, global-rate, resource-specific, or no header (older responses): slow down.
  return 'rate';
}

/** What `acquire` rejects with once the pacer is closed. */
export class PacerClosed extends Error {
  constructor() {
    super('no more requests: the audit is stopping');
  }
}

export class Pacer {
  private rate: number;
  private slowStartUntil: number;
  private concurrency: number;
  private concurrencyCredit = 0;
  private inFlight = 0;
  private nextStart = Number.NEGATIVE_INFINITY;
  /** Requests started before the last cut already counted against the old rate: their refusals are not news. */
  private lastRateCut = Number.NEGATIVE_INFINITY;
  private lastConcurrencyCut = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<{ resolve: (ticket: PacerTicket) => void; reject: (error: Error) => void }> = [];
  private closed = false;
  private pumping = false;
  private sent = 0;
  private throttled = 0;
  private readonly maxRps: number;
  private readonly maxConcurrency: number;
  private readonly minRps: number;
  private readonly clock: PacerClock;

  constructor(options: PacerOptions) {
    this.maxRps = options.maxRps;
    this.maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
    this.minRps = Math.min(options.minRps ?? 0.5, this.maxRps);
    this.clock = options.clock;
    this.rate = Math.min(this.maxRps, options.startRps ?? Math.max(1, this.maxRps / 2));
    this.slowStartUntil = this.maxRps;
    this.concurrency = this.maxConcurrency;
  }

  stats(): PacerStats {
    return {
      rate: this.rate,
      concurrency: this.concurrency,
      inFlight: this.inFlight,
      sent: this.sent,
      throttled: this.throttled,
    };
  }

  /** Resolves when a request may start; FIFO, so no worker starves. Rejects once closed. */
  acquire(): Promise<PacerTicket> {
    if (this.closed) return Promise.reject(new PacerClosed());
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      void this.pump();
    });
  }

  /**
   * No request starts any more: an audit that stops must not send the requests still queued
   * here (at a slow rate they would hold it up for seconds, for answers it would drop).
   */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new PacerClosed());
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0 && this.inFlight < this.concurrency) {
        const now = this.clock.now();
        if (now < this.nextStart) {
          await this.clock.sleep(this.nextStart - now);
          continue;
        }
        const { resolve } = this.waiting.shift()!;
        this.inFlight++;
        this.sent++;
        // From now, not from the last slot: an idle spell earns no burst.
        this.nextStart = Math.max(now, this.nextStart) + 1000 / this.rate;
        resolve(this.ticket(now));
      }
    } finally {
      this.pumping = false;
    }
  }

  private ticket(startedAt: number): PacerTicket {
    let settled = false;
    return {
      done: (outcome) => {
        if (settled) return;
        settled = true;
        this.inFlight--;
        this.settle(outcome, startedAt);
        void this.pump();
      },
    };
  }

  private settle(outcome: Outcome, startedAt: number): void {
    if (outcome.kind === 'answered') {
      this.grow();
      return;
    }
    if (outcome.kind !== 'throttled') return;
    this.throttled++;
    const now = this.clock.now();
    if (outcome.throttle === 'rate' && startedAt > this.lastRateCut) {
      this.rate = Math.max(this.minRps, this.rate / 2);
      this.slowStartUntil = this.rate;
      this.lastRateCut = now;
      // The slot already promised at the old rate is too early now.
      this.nextStart = Math.max(this.nextStart, now + 1000 / this.rate);
    } else if (outcome.throttle === 'concurrency' && startedAt > this.lastConcurrencyCut) {
      this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
      this.concurrencyCredit = 0;
      this.lastConcurrencyCut = now;
    }
    // 'contention' is one object's lock: the request is retried, the pace stays.
  }

  /**
   * One answer at rate r is 1/r of a second of good news. Below the threshold the rate grows
   * by 1 per answer (doubling per second, like TCP's slow start); above it by 1/r per answer
   * (one request/s more per second).
   */
  private grow(): void {
    const step = this.rate < this.slowStartUntil ? 1 : 1 / this.rate;
    this.rate = Math.min(this.maxRps, this.rate + step);
    if (this.concurrency < this.maxConcurrency) {
      this.concurrencyCredit += 1 / this.concurrency;
      if (this.concurrencyCredit >= 1) {
        this.concurrency++;
        this.concurrencyCredit = 0;
      }
    }
  }
}
