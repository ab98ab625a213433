/**
 * `--max-rps`: spaces request starts so a long audit stays under a budget shared with
 * production traffic (Stripe allows 25 reads/s in test mode and 100 in live mode,
 * https://docs.stripe.com/rate-limits).
 */
export interface RateLimiter {
  /** Resolves when the next request may start. */
  take(): Promise<void>;
}

import type { Clock } from '../clock.js';

export const unlimited: RateLimiter = { take: () => Promise.resolve() };

export function rateLimiter(maxPerSecond: number, clock: Clock): RateLimiter {
  const interval = 1000 / maxPerSecond;
  let next = 0;
  return {
    async take() {
      const now = clock.now();
      const start = Math.max(now, next);
      next = start + interval;
      if (start > now) await clock.sleep(start - now);
    },
  };
}
