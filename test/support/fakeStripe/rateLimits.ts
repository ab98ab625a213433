/**
 * Stripe's rate limiters, as the fake plays them: at most N requests in any one second per
 * endpoint (25 unless noted) and, optionally, per account overall (live 100, test 25), judged
 * on an injectable clock. A refused request gets Stripe's 429 with the
 * `Stripe-Rate-Limited-Reason` header naming the limiter (`endpoint-rate`, `global-rate`);
 * limits and header values from https://docs.stripe.com/rate-limits. A refused request does
 * not count against the limit, as with a token bucket.
 *
 * "Endpoint" is Stripe's: each named API operation, so GET /v1/promotion_codes (list) and
 * GET /v1/promotion_codes/{id} (retrieve) are two endpoints; retrieves of different ids share one.
 */
import { StripeApiError, rateLimited } from './errors.js';

export interface RateLimitOptions {
  /** Requests per second per endpoint (default 25). */
  readonly perEndpoint?: number;
  /** Overrides by endpoint name, e.g. { 'GET /v1/promotion_codes': 10 }. */
  readonly endpoints?: Readonly<Record<string, number>>;
  /** Requests per second for the whole account; default none. */
  readonly global?: number;
}

/** `GET /v1/promotion_codes/promo_123` -> `GET /v1/promotion_codes/{id}`. */
export function endpointOf(method: string, path: string): string {
  const segments = path.split('/');
  if (segments.length > 3 && segments[3] !== '') segments[3] = '{id}';
  return `${method.toUpperCase()} ${segments.join('/')}`;
}

/** Times of the admitted requests of the last second, oldest first. */
class SlidingSecond {
  private readonly times: number[] = [];
  constructor(private readonly limit: number) {}

  full(now: number): boolean {
    while (this.times.length > 0 && now - this.times[0]! >= 1000) this.times.shift();
    return this.times.length >= this.limit;
  }

  admit(now: number): void {
    this.times.push(now);
  }
}

export class RateLimits {
  private readonly endpoints = new Map<string, SlidingSecond>();
  private readonly global: SlidingSecond | null;
  /** Requests refused so far, by reason. */
  readonly refused: Record<'endpoint-rate' | 'global-rate', number> = { 'endpoint-rate': 0, 'global-rate': 0 };

  constructor(
    private readonly options: RateLimitOptions,
    private readonly clock: () => number,
  ) {
    this.global = options.global === undefined ? null : new SlidingSecond(options.global);
  }

  /** Stripe's 429 if this request is over a limit now; otherwise counts it and returns null. */
  check(method: string, path: string): StripeApiError | null {
    const now = this.clock();
    const name = endpointOf(method, path);
    let endpoint = this.endpoints.get(name);
    if (endpoint === undefined) {
      endpoint = new SlidingSecond(this.options.endpoints?.[name] ?? this.options.perEndpoint ?? 25);
      this.endpoints.set(name, endpoint);
    }
    const reason = this.global?.full(now) ? 'global-rate' : endpoint.full(now) ? 'endpoint-rate' : null;
    if (reason !== null) {
      this.refused[reason]++;
      return rateLimitedBy(reason);
    }
    this.global?.admit(now);
    endpoint.admit(now);
    return null;
  }
}

export function rateLimitedBy(reason: string): StripeApiError {
  const error = rateLimited();
  return new StripeApiError(error.status, error.body, { ...error.headers, 'Stripe-Rate-Limited-Reason': reason });
}
