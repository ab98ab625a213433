/**
 * One retry policy for every read. stripe-node retries 409, 5xx and connection errors but
 * not 429, and ignores Retry-After (RequestSender._shouldRetry / _getSleepTimeInMS in
 * stripe-node 23), so the SDK's own retries are turned off (maxNetworkRetries: 0) and this
 * wrapper decides: 429 (honouring Retry-After), 409, 5xx, malformed bodies and network
 * errors are retried with exponential backoff and jitter. Rate limits: 25 reads/s in test
 * mode, 100 in live mode (https://docs.stripe.com/rate-limits).
 */
import type { Clock } from '../clock.js';
import { stripeErrorFacts } from './errors.js';
import { ABORTED, RESPONSE_TOO_LARGE } from './httpLimits.js';

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Waits between attempts, and dates a Retry-After given as an HTTP date. */
  readonly clock: Clock;
  readonly random: () => number;
  /** Called before each retry, for --debug and progress lines. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** The run is stopping (a signal): no retry, and a wait between attempts ends at once. */
  readonly signal?: AbortSignal;
}

export function retryPolicy(maxRetries: number, clock: Clock, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { maxRetries, baseDelayMs: 500, maxDelayMs: 20_000, clock, random: Math.random, ...overrides };
}

/** Why an error is worth another try, or null if it is final (404, 401, 403, 400). */
export function retryReason(error: unknown): string | null {
  const facts = stripeErrorFacts(error);
  if (!facts) return null;
  if (facts.statusCode === 429) return 'rate limited (429)';
  if (facts.statusCode === 409) return 'conflict (409)';
  if (facts.statusCode !== undefined && facts.statusCode >= 500) return `server error (${facts.statusCode})`;
  // A body over the size bound is as large the next time (src/stripe/httpClient.ts).
  if (facts.causeCode === RESPONSE_TOO_LARGE || facts.causeCode === ABORTED) return null;
  if (facts.type === 'StripeConnectionError') return 'network error';
  // A 200 whose body is not JSON (a proxy, a cut connection) reaches us as a StripeAPIError without status.
  if (facts.type === 'StripeAPIError' && facts.statusCode === undefined) return 'malformed response';
  return null;
}

/** Retry-After in seconds (RFC 9110 allows a date too; Stripe sends seconds). */
function retryAfterMs(error: unknown, now: number): number | null {
  const header = stripeErrorFacts(error)?.headers?.['retry-after'];
  if (header === undefined) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  // Jitter in [50%, 100%] so parallel requests that failed together do not retry together.
  return exponential * (0.5 + policy.random() * 0.5);
}

/** `wait`, cut short when `signal` fires. */
function untilAborted(wait: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return wait;
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    wait.then(done, done);
  });
}

export async function withRetries<T>(request: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const reason = retryReason(error);
      if (reason === null || attempt > policy.maxRetries || policy.signal?.aborted) throw error;
      const delayMs = Math.min(
        retryAfterMs(error, policy.clock.now()) ?? backoffMs(attempt, policy),
        policy.maxDelayMs * 3,
      );
      policy.onRetry?.({ attempt, delayMs, reason });
      await untilAborted(policy.clock.sleep(delayMs), policy.signal);
      if (policy.signal?.aborted) throw error;
    }
  }
}
