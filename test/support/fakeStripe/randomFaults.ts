/**
 * Faults at random, at a given rate, from a seed: for tests that must survive a flaky
 * Stripe (every code exactly once under 2 % of 429s, 5xx and dropped connections) and be
 * replayable when they fail.
 */
import { seededRandom } from '../../helpers/auditAccount.js';
import { StripeApiError, internalError, lockTimeout } from './errors.js';
import type { Fault } from './faults.js';
import { rateLimitedBy } from './rateLimits.js';

/**
 * - rate_limited: 429 with Stripe-Rate-Limited-Reason: endpoint-rate;
 * - lock_timeout: 429 with code lock_timeout (contention on an object, https://docs.stripe.com/rate-limits);
 * - server_error: 500 or 503;
 * - dropped: the connection is cut in the middle of the body.
 */
export type RandomFaultKind = 'rate_limited' | 'lock_timeout' | 'server_error' | 'dropped';

export interface RandomFaultOptions {
  /** Probability that a matching request misbehaves, 0..1. */
  readonly rate: number;
  readonly seed?: number;
  /** Default: all four. */
  readonly kinds?: readonly RandomFaultKind[];
  /** Only requests whose path matches (default: all). */
  readonly path?: RegExp;
}

/** What the server does instead of answering: an error answer, or an injected fault. */
export type Misbehaviour = { readonly error: StripeApiError } | { readonly fault: Fault };

export class RandomFaults {
  private readonly random: () => number;
  private readonly kinds: readonly RandomFaultKind[];
  /** Faults drawn so far, by kind. */
  readonly drawn: Record<RandomFaultKind, number> = { rate_limited: 0, lock_timeout: 0, server_error: 0, dropped: 0 };

  constructor(private readonly options: RandomFaultOptions) {
    this.random = seededRandom(options.seed ?? 1);
    this.kinds = options.kinds ?? ['rate_limited', 'lock_timeout', 'server_error', 'dropped'];
  }

  draw(path: string): Misbehaviour | null {
    if (this.options.path !== undefined && !this.options.path.test(path)) return null;
    if (this.random() >= this.options.rate) return null;
    const kind = this.kinds[Math.floor(this.random() * this.kinds.length)]!;
    this.drawn[kind]++;
    switch (kind) {
      case 'rate_limited':
        return { error: rateLimitedBy('endpoint-rate') };
      case 'lock_timeout': {
        const lock = lockTimeout();
        return { error: new StripeApiError(429, lock.body, lock.headers) };
      }
      case 'server_error':
        return { error: internalError(this.random() < 0.5 ? 500 : 503) };
      case 'dropped':
        return { fault: { kind: 'reset' } };
    }
  }
}
