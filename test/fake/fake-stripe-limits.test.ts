/**
 * The fake's rate limits and random faults (test/support/fakeStripe/rateLimits.ts,
 * randomFaults.ts), judged on a clock the test holds.
 */
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import {
  DEFAULT_KEY,
  startFakeStripe,
  type FakeStripe,
  type FakeStripeOptions,
  type Scenario,
} from '../support/fakeStripe.js';
import { endpointOf } from '../support/fakeStripe/rateLimits.js';

const running: FakeStripe[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

function scenario(): Scenario {
  build.resetBuilderIds();
  const coupon = build.coupon({ id: 'C1' });
  return { coupons: [coupon], promotionCodes: [build.promotionCode({ id: 'promo_1', code: 'ONE', coupon })] };
}

async function start(options: FakeStripeOptions): Promise<FakeStripe> {
  const fake = await startFakeStripe(scenario(), options);
  running.push(fake);
  return fake;
}

const get = (fake: FakeStripe, path: string): Promise<Response> =>
  fetch(`${fake.url}${path}`, { headers: { Authorization: `Bearer ${DEFAULT_KEY}` } });

describe('rate limits', () => {
  it('names endpoints as Stripe counts them: list and retrieve apart, every id one endpoint', () => {
    expect(endpointOf('get', '/v1/promotion_codes')).toBe('GET /v1/promotion_codes');
    expect(endpointOf('GET', '/v1/promotion_codes/promo_1')).toBe('GET /v1/promotion_codes/{id}');
    expect(endpointOf('GET', '/v1/promotion_codes/promo_2')).toBe('GET /v1/promotion_codes/{id}');
  });

  it('admits 25 list requests in a second, refuses the next with 429 endpoint-rate, and admits again a second later', async () => {
    let now = 1_000_000;
    const fake = await start({ rateLimit: {}, clock: () => now });
    const first = await Promise.all(Array.from({ length: 30 }, () => get(fake, '/v1/promotion_codes')));
    expect(first.filter((r) => r.status === 200)).toHaveLength(25);
    const refused = first.filter((r) => r.status === 429);
    expect(refused).toHaveLength(5);
    expect(refused[0]!.headers.get('stripe-rate-limited-reason')).toBe('endpoint-rate');
    expect(((await refused[0]!.json()) as { error: { code: string } }).error.code).toBe('rate_limit');
    // Another endpoint has its own budget.
    expect((await get(fake, '/v1/promotion_codes/promo_1')).status).toBe(200);
    now += 999;
    expect((await get(fake, '/v1/promotion_codes')).status).toBe(429);
    now += 1;
    expect((await get(fake, '/v1/promotion_codes')).status).toBe(200);
    expect(fake.rateLimits?.refused['endpoint-rate']).toBe(6);
  });

  it('says global-rate when the account-wide limit is the one hit', async () => {
    const fake = await start({ rateLimit: { global: 3 }, clock: () => 0 });
    const answers = await Promise.all([
      get(fake, '/v1/promotion_codes'),
      get(fake, '/v1/coupons'),
      get(fake, '/v1/customers'),
      get(fake, '/v1/coupons/C1'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers[3]!.headers.get('stripe-rate-limited-reason')).toBe('global-rate');
  });

  it('reaches the SDK as a StripeRateLimitError whose headers name the limiter', async () => {
    const fake = await start({ rateLimit: { perEndpoint: 1 }, clock: () => 0 });
    const stripe = new Stripe(DEFAULT_KEY, {
      host: '127.0.0.1',
      port: fake.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await stripe.promotionCodes.list();
    const error = (await stripe.promotionCodes.list().catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(error.type).toBe('StripeRateLimitError');
    expect(error.statusCode).toBe(429);
    expect(error.headers?.['stripe-rate-limited-reason']).toBe('endpoint-rate');
  });
});

describe('random faults', () => {
  async function statuses(seed: number, rate: number, n: number): Promise<Array<number | 'dropped'>> {
    const fake = await start({ randomFaults: { rate, seed } });
    const out: Array<number | 'dropped'> = [];
    for (let i = 0; i < n; i++) {
      try {
        const response = await get(fake, '/v1/promotion_codes');
        await response.text();
        out.push(response.status);
      } catch {
        out.push('dropped');
      }
    }
    return out;
  }

  it('misbehaves at about the given rate, every kind, the same way for the same seed', async () => {
    const first = await statuses(7, 0.1, 400);
    const faults = first.filter((s) => s !== 200);
    expect(faults.length).toBeGreaterThan(20);
    expect(faults.length).toBeLessThan(65);
    expect(new Set(faults)).toEqual(new Set([429, 'dropped', ...faults.filter((s) => s === 500 || s === 503)]));
    expect(await statuses(7, 0.1, 400)).toEqual(first);
  });

  it('gives 429 lock_timeout as contention, without a limiter header', async () => {
    const fake = await start({ randomFaults: { rate: 1, kinds: ['lock_timeout'] } });
    const response = await get(fake, '/v1/promotion_codes');
    expect(response.status).toBe(429);
    expect(response.headers.get('stripe-rate-limited-reason')).toBeNull();
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('lock_timeout');
  });
});
