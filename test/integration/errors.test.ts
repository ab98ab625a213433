/**
 * Failures in process: what a read ends in once retries are spent (docs/architecture.md, The JSON document and exit codes exit 3, docs/architecture.md, Requests, cost and start-up
 * retries, docs/architecture.md, Read-only, secrets and failures messages). The reader is the real one over the real SDK; where the waiting
 * matters, its retry policy records the delays instead of sleeping, so the suite stays fast
 * and the assertions exact.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnoseCheck } from '../../src/usecases/checkPromotionCode.js';
import { createStripeClient } from '../../src/stripe/client.js';
import { parseApiBase } from '../../src/cli/connectionOptions.js';
import { apiKeyFrom } from '../../src/stripe/key.js';
import { StripeReader } from '../../src/stripe/reader.js';
import { retryPolicy } from '../../src/stripe/retry.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import { firstTimeScenario } from '../helpers/scenarios.js';
import * as build from '../support/builders.js';
import {
  context,
  expectOnlyGets,
  readerFor,
  rejection,
  requestLines,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { KEY, RESTRICTED_KEY, UNKNOWN_KEY } from '../helpers/keys.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

/** A code restricted to first-time customers: `check promo_new --customer cus_h` reads all seven resources. */
const scenario = firstTimeScenario;

/** A reader whose retry policy records each delay instead of sleeping. */
async function recordingReader(fake: FakeStripe, maxRetries: number, sleeps: number[]): Promise<StripeReader> {
  const key = apiKeyFrom({ source: 'STRIPE_API_KEY', value: KEY });
  const apiBase = parseApiBase(fake.url);
  const client = await createStripeClient({
    key,
    apiBase,
    stripeAccount: null,
    timeoutSeconds: 5,
    version: '0.0.0-test',
    debug: null,
  });
  const clock = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
  const retry = retryPolicy(maxRetries, clock, { random: () => 1 });
  return new StripeReader({ client, key, apiBase: apiBase.url, timeoutSeconds: 5, retry });
}

/** Every message of a failure: one sentence, no key. */
function expectCleanMessage(error: Error): void {
  expect(error.message).toMatch(/^[^\n]+[.]$/);
  expect(error.message).not.toContain(KEY);
  expect(error.message).not.toContain('PromoDoctorLeakCheck');
}

describe('authentication and permissions (never retried)', () => {
  it('401: "Authentication failed", where the key came from (STRIPE_API_KEY), never the key', async () => {
    const fake = await startFake(scenario());
    const reader = await readerFor(fake, {}, { STRIPE_API_KEY: UNKNOWN_KEY });
    const error = await rejection(diagnoseCheck(reader, 'promo_new', context()));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/Authentication failed/);
    expect(error.message).toMatch(/STRIPE_API_KEY/);
    expect(error.message).not.toContain(UNKNOWN_KEY);
    expectCleanMessage(error);
    expectOnlyGets(fake);
    expect(fake.requests).toHaveLength(1);
  });

  it('401 with --api-key: the message names --api-key as the source', async () => {
    const fake = await startFake(scenario());
    const reader = await readerFor(fake, { apiKey: UNKNOWN_KEY, maxRetries: '3' });
    const error = await rejection(diagnoseCheck(reader, 'WELCOME', context()));
    expect(error.exitCode).toBe(3);
    expect(error.message).toMatch(/Authentication failed.*--api-key/);
    expect(error.message).not.toContain('PromoDoctorLeakCheck');
    expect(fake.requests).toHaveLength(1);
    expectOnlyGets(fake);
  });

  it('403 from a restricted key without promotion codes: names "Promotion codes: Read"', async () => {
    const fake = await startFake(
      scenario({ keys: { [RESTRICTED_KEY]: { mode: 'test', permissions: ['coupons:read', 'customers:read'] } } }),
    );
    const reader = await readerFor(fake, { maxRetries: '3' }, { STRIPE_API_KEY: RESTRICTED_KEY });
    const error = await rejection(diagnoseCheck(reader, 'WELCOME', context()));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('Promotion codes: Read');
    expect(error.message).toMatch(/restricted key from STRIPE_API_KEY/);
    expect(error.message).not.toContain(RESTRICTED_KEY);
    expect(fake.requests).toHaveLength(1);
    expectOnlyGets(fake);
  });

  it('403 on the coupon expanded into the promotion code: names "Coupons: Read", the permission it lacks', async () => {
    const fake = await startFake(
      scenario({
        keys: { [RESTRICTED_KEY]: { mode: 'test', permissions: ['promotion_codes:read', 'customers:read'] } },
      }),
    );
    const reader = await readerFor(fake, {}, { STRIPE_API_KEY: RESTRICTED_KEY });
    const error = await rejection(diagnoseCheck(reader, 'promo_new', context()));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('Coupons: Read');
    expect(error.message).not.toContain('Promotion codes: Read');
    expectOnlyGets(fake);
  });

  it('403 on the redeeming customer: names "Customers: Read"', async () => {
    const fake = await startFake(
      scenario({ keys: { [RESTRICTED_KEY]: { mode: 'test', permissions: ['promotion_codes:read', 'coupons:read'] } } }),
    );
    const reader = await readerFor(fake, {}, { STRIPE_API_KEY: RESTRICTED_KEY });
    const error = await rejection(diagnoseCheck(reader, 'promo_new', context({ customer: 'cus_h' })));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('Customers: Read');
    expectOnlyGets(fake);
  });

  it('403 on the history: names "Charges: Read"', async () => {
    const fake = await startFake(
      scenario({
        keys: {
          [RESTRICTED_KEY]: {
            mode: 'test',
            permissions: [
              'promotion_codes:read',
              'coupons:read',
              'customers:read',
              'payment_intents:read',
              'invoices:read',
              'subscriptions:read',
            ],
          },
        },
      }),
    );
    const reader = await readerFor(fake, {}, { STRIPE_API_KEY: RESTRICTED_KEY });
    const error = await rejection(diagnoseCheck(reader, 'promo_new', context({ customer: 'cus_h' })));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('Charges: Read');
    expectOnlyGets(fake);
    expect(fake.requests.filter((r) => r.path === '/v1/charges')).toHaveLength(1);
  });
});

describe('429 and 5xx: retried with backoff, then exit 3 with Stripe message and request id', () => {
  it('429 twice, then an answer: the diagnosis goes on', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 429, retryAfter: 0, times: 2 });
    const reader = await readerFor(fake, { maxRetries: '2' });
    const diagnosis = await diagnoseCheck(reader, 'WELCOME', context());
    expect(diagnosis.target.id).toBe('promo_new');
    expect(requestLines(fake)).toEqual(Array(3).fill('GET /v1/promotion_codes'));
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expectOnlyGets(fake);
  });

  it('429 on a retrieve by id, then an answer', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes/promo_new', kind: 'status', status: 429, retryAfter: 0, times: 1 });
    const diagnosis = await diagnoseCheck(await readerFor(fake, { maxRetries: '1' }), 'promo_new', context());
    expect(diagnosis.target.id).toBe('promo_new');
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expectOnlyGets(fake);
  });

  it('429 every time: exit 3 after 1 + max-retries attempts, with Stripe message and the last request id', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 429, retryAfter: 0, times: Infinity });
    const error = await rejection(diagnoseCheck(await readerFor(fake, { maxRetries: '2' }), 'WELCOME', context()));
    expect(error.exitCode).toBe(3);
    expect(fake.requests).toHaveLength(3);
    const last = fake.requests.at(-1)!.requestId;
    expect(error.message).toContain('429');
    expect(error.message).toContain('after 3 attempts');
    expect(error.message).toContain('Request rate limit exceeded');
    expect(error.message).toContain(last);
    expectCleanMessage(error);
    expectOnlyGets(fake);
  });

  it('a 500, then an answer: retried once', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/customers/cus_h', kind: 'status', status: 500, retryAfter: 0 });
    const diagnosis = await diagnoseCheck(
      await readerFor(fake, { maxRetries: '1' }),
      'promo_new',
      context({ customer: 'cus_h' }),
    );
    expect(diagnosis.verdict).toBe('redeemable');
    expect(fake.requests.filter((r) => r.path === '/v1/customers/cus_h').map((r) => r.status)).toEqual([500, 200]);
    expectOnlyGets(fake);
  });

  it('503 every time on a history list: exit 3 naming the status, Stripe message and request id', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/invoices', kind: 'status', status: 503, retryAfter: 0, times: Infinity });
    const error = await rejection(
      diagnoseCheck(await readerFor(fake, { maxRetries: '1' }), 'promo_new', context({ customer: 'cus_h' })),
    );
    expect(error.exitCode).toBe(3);
    const invoices = fake.requests.filter((r) => r.path === '/v1/invoices');
    expect(invoices.map((r) => r.status)).toEqual([503, 503]);
    expect(error.message).toContain('503');
    expect(error.message).toContain('after 2 attempts');
    expect(error.message).toContain('An unknown error occurred');
    expect(error.message).toContain(invoices.at(-1)!.requestId);
    expectCleanMessage(error);
    expectOnlyGets(fake);
  });

  it('a gateway HTML page (502 without a request id) every time: exit 3, one sentence', async () => {
    const fake = await startFake(scenario());
    fake.inject({ kind: 'html', status: 502, retryAfter: 0, times: Infinity });
    const error = await rejection(diagnoseCheck(await readerFor(fake, { maxRetries: '1' }), 'WELCOME', context()));
    expect(error.exitCode).toBe(3);
    expect(fake.requests).toHaveLength(2);
    expectCleanMessage(error);
    expectOnlyGets(fake);
  });
});

describe('the waiting between retries', () => {
  it('honours Retry-After on a list (2 s each time)', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 429, retryAfter: 2, times: 2 });
    const sleeps: number[] = [];
    const diagnosis = await diagnoseCheck(await recordingReader(fake, 3, sleeps), 'WELCOME', context());
    expect(diagnosis.target.id).toBe('promo_new');
    expect(sleeps).toEqual([2000, 2000]);
    expect(fake.requests).toHaveLength(3);
    expectOnlyGets(fake);
  });

  it('backs off exponentially without Retry-After', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 500, times: 3 });
    const sleeps: number[] = [];
    await diagnoseCheck(await recordingReader(fake, 3, sleeps), 'WELCOME', context());
    expect(sleeps).toHaveLength(3);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
    expect(sleeps[2]!).toBeGreaterThan(sleeps[1]!);
    expect(fake.requests).toHaveLength(4);
    expectOnlyGets(fake);
  });

  it('a retrieve that keeps failing waits once per retry, not again after the last attempt', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes/promo_new', kind: 'status', status: 429, retryAfter: 1, times: Infinity });
    const sleeps: number[] = [];
    const error = await rejection(diagnoseCheck(await recordingReader(fake, 2, sleeps), 'promo_new', context()));
    expect(error.exitCode).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expectOnlyGets(fake);
    expect(sleeps, 'one wait per retry: 2 retries, 2 waits of Retry-After').toEqual([1000, 1000]);
  });
});

describe('network errors and timeouts: exit 3 with a plain sentence', () => {
  it('connection refused', async () => {
    const fake = await startFake(scenario());
    const url = fake.url;
    await fake.close();
    const reader = await readerFor(fake, { apiBase: url, maxRetries: '0' });
    const error = await rejection(diagnoseCheck(reader, 'promo_new', context()));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`Could not reach Stripe at ${url}`);
    expect(error.message).toContain('connection refused');
    expectCleanMessage(error);
    expect(fake.requests, 'nothing reached the closed fake').toEqual([]);
  });

  it('a connection dropped mid-answer, every time: retried, then exit 3', async () => {
    const fake = await startFake(scenario());
    fake.inject({ kind: 'reset', times: Infinity });
    const sleeps: number[] = [];
    const error = await rejection(diagnoseCheck(await recordingReader(fake, 1, sleeps), 'WELCOME', context()));
    expect(error.exitCode).toBe(3);
    expect(fake.requests).toHaveLength(2);
    expect(error.message).toMatch(/Stripe at http:\/\/127\.0\.0\.1:\d+/);
    expectCleanMessage(error);
    expectOnlyGets(fake);
  });

  it('a dropped connection once: retried, and the diagnosis goes on', async () => {
    const fake = await startFake(scenario());
    fake.inject({ path: '/v1/promotion_codes/promo_new', kind: 'reset' });
    const sleeps: number[] = [];
    const diagnosis = await diagnoseCheck(await recordingReader(fake, 2, sleeps), 'promo_new', context());
    expect(diagnosis.target.id).toBe('promo_new');
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expectOnlyGets(fake);
  });

  it('no answer within --timeout: exit 3 saying so', async () => {
    const fake = await startFake(scenario());
    fake.inject({ kind: 'hang', times: Infinity });
    const reader = await readerFor(fake, { timeout: '0.4', maxRetries: '0' });
    // Bounded by the SDK's own timer (real time); the test's timeout catches a run that never ends.
    const error = await rejection(diagnoseCheck(reader, 'promo_new', context()));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('did not answer within 0.4 s');
    expectCleanMessage(error);
    expect(fake.requests).toHaveLength(1);
    expectOnlyGets(fake);
  });
});
