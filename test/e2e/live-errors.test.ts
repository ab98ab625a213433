/**
 * End to end: every way a live diagnosis can fail, (in-process) against the fake
 * Stripe API. docs/architecture.md, The JSON document and exit codes/docs/architecture.md, Read-only, secrets and failures: Stripe, network, authentication and permission failures exit 3
 * with one sentence on stderr (Stripe's message and request id where there is one), bad
 * keys exit 2, stdout stays empty (no half-printed JSON), and the API key never shows.
 * Retries are kept fast with --max-retries 1 or 2 and Retry-After: 0; hangs use --timeout 1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { firstTimeScenario } from '../helpers/scenarios.js';
import {
  expectFailure,
  expectNoLeak,
  expectOnlyGets,
  jsonDoc,
  onlyFinding,
  runAgainst,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { KEY, KEY_MASKED, LIVE_KEY, PUBLISHABLE_KEY, RESTRICTED_KEY, UNKNOWN_KEY } from '../helpers/keys.js';
import { AT_FLAG as AT } from '../helpers/time.js';

/** A well-formed key the fake does not know: Stripe answers 401. */

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

describe('401: authentication failed, where the key came from, never the key', () => {
  const cases: Array<[string, string[], Record<string, string | undefined>, RegExp]> = [
    ['STRIPE_API_KEY', [], { STRIPE_API_KEY: UNKNOWN_KEY }, /from STRIPE_API_KEY/],
    ['--api-key', ['--api-key', UNKNOWN_KEY], { STRIPE_API_KEY: undefined }, /from --api-key/],
    ['STRIPE_SECRET_KEY', [], { STRIPE_API_KEY: undefined, STRIPE_SECRET_KEY: UNKNOWN_KEY }, /from STRIPE_SECRET_KEY/],
  ];
  it.each(cases)('a key from %s', async (_source, flags, env, source) => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json', '--max-retries', '2', ...flags], {
      env,
    });
    expectFailure(result, 3, /Authentication failed/);
    expect(result.stderr).toMatch(source);
    expect(result.stderr).not.toContain(UNKNOWN_KEY);
    expect(result.stderr).not.toContain('UnknownKey77');
    expect(fake.requests, 'a 401 is not retried').toHaveLength(1);
    expectOnlyGets(fake);
  });
});

describe('403 from a restricted key: the permission it lacks', () => {
  const restricted = (permissions: string[]) =>
    firstTimeScenario({ keys: { [RESTRICTED_KEY]: { mode: 'test', permissions } } });
  const env = { STRIPE_API_KEY: RESTRICTED_KEY };

  it('no promotion code permission: "Promotion codes: Read"', async () => {
    const fake = await startFake(restricted(['coupons:read', 'customers:read']));
    const result = await runAgainst(fake, ['check', 'WELCOME', ...AT, '--json'], { env });
    expectFailure(result, 3, /Promotion codes: Read/);
    expect(result.stderr).toMatch(/restricted key from STRIPE_API_KEY/);
    expect(fake.requests, 'a 403 is not retried').toHaveLength(1);
    expectOnlyGets(fake);
  });

  it('no coupon permission (the coupon is expanded into the code): "Coupons: Read"', async () => {
    const fake = await startFake(restricted(['promotion_codes:read', 'customers:read']));
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json'], { env });
    expectFailure(result, 3, /Coupons: Read/);
    expectOnlyGets(fake);
  });

  it('no invoice permission, met in the second round trip: "Invoices: Read", and stdout stays empty', async () => {
    const fake = await startFake(
      restricted([
        'promotion_codes:read',
        'coupons:read',
        'customers:read',
        'charges:read',
        'payment_intents:read',
        'subscriptions:read',
      ]),
    );
    const result = await runAgainst(fake, ['check', 'promo_new', '--customer', 'cus_h', ...AT, '--json'], { env });
    expectFailure(result, 3, /Invoices: Read/);
    expectOnlyGets(fake);
  });

  it('coupon command without coupon permission: "Coupons: Read"', async () => {
    const fake = await startFake(restricted(['promotion_codes:read']));
    const result = await runAgainst(fake, ['coupon', 'WELCOME', ...AT], { env });
    expectFailure(result, 3, /Coupons: Read/);
    expectOnlyGets(fake);
  });

  it('customer command without subscription permission: "Subscriptions: Read"', async () => {
    const fake = await startFake(restricted(['customers:read', 'coupons:read', 'promotion_codes:read']));
    const result = await runAgainst(fake, ['customer', 'cus_h', ...AT], { env });
    expectFailure(result, 3, /Subscriptions: Read/);
    expectOnlyGets(fake);
  });
});

describe('429 and 5xx: retried with backoff, then exit 3 with Stripe message and request id', () => {
  it('429 twice (Retry-After: 0), then an answer: exit 0 and a full document', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 429, retryAfter: 0, times: 2 });
    const result = await runAgainst(fake, ['check', 'WELCOME', ...AT, '--json', '--max-retries', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonDoc(result).target.id).toBe('promo_new');
    expect(fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expectOnlyGets(fake);
  });

  it('honours Retry-After: the retry waits the seconds Stripe asked for', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ path: '/v1/promotion_codes', kind: 'status', status: 429, retryAfter: 1 });
    const result = await runAgainst(fake, ['check', 'WELCOME', ...AT, '--json', '--max-retries', '1']);
    expect(result.code, result.stderr).toBe(0);
    jsonDoc(result);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(result.clock.sleeps, 'one wait, of the second Stripe asked for').toEqual([1000]);
  });

  it('429 every time: exit 3 with Stripe message, the attempts and the last request id', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ kind: 'status', status: 429, retryAfter: 0, times: Infinity });
    const result = await runAgainst(fake, ['check', 'WELCOME', ...AT, '--json', '--max-retries', '2']);
    expectFailure(result, 3, /429/);
    expect(fake.requests).toHaveLength(3);
    expect(result.stderr).toContain('Request rate limit exceeded');
    expect(result.stderr).toContain('after 3 attempts');
    expect(result.stderr).toContain(fake.requests.at(-1)!.requestId);
    expectOnlyGets(fake);
  });

  it('a 502 once, then an answer: exit 0', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ path: '/v1/promotion_codes/promo_new', kind: 'status', status: 502, retryAfter: 0 });
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json', '--max-retries', '1']);
    expect(result.code, result.stderr).toBe(0);
    jsonDoc(result);
    expect(fake.requests.map((r) => r.status)).toEqual([502, 200]);
  });

  it('500 every time on the redeeming customer: exit 3 naming the status, Stripe message and request id', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ path: '/v1/customers/cus_h', kind: 'status', status: 500, retryAfter: 0, times: Infinity });
    const result = await runAgainst(fake, [
      'check',
      'promo_new',
      '--customer',
      'cus_h',
      ...AT,
      '--json',
      '--max-retries',
      '1',
    ]);
    expectFailure(result, 3, /Stripe answered 500 after 2 attempts/);
    const customerRequests = fake.requests.filter((r) => r.path === '/v1/customers/cus_h');
    expect(customerRequests).toHaveLength(2);
    expect(result.stderr).toContain('An unknown error occurred');
    expect(result.stderr).toContain(customerRequests.at(-1)!.requestId);
    expectOnlyGets(fake);
  });

  it('503 every time on a history list, after the first round trip succeeded: exit 3, no half-printed JSON', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ path: '/v1/subscriptions', kind: 'status', status: 503, retryAfter: 0, times: Infinity });
    const result = await runAgainst(fake, [
      'check',
      'promo_new',
      '--customer',
      'cus_h',
      ...AT,
      '--json',
      '--max-retries',
      '1',
    ]);
    expectFailure(result, 3, /503/);
    expect(fake.requests.filter((r) => r.path === '/v1/subscriptions')).toHaveLength(2);
    expectOnlyGets(fake);
  });

  it('the same failure with human output: stdout stays empty too', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ path: '/v1/charges', kind: 'status', status: 500, retryAfter: 0, times: Infinity });
    const result = await runAgainst(fake, ['check', 'promo_new', '--customer', 'cus_h', ...AT, '--max-retries', '0']);
    expectFailure(result, 3, /500/);
  });
});

describe('network errors and timeouts: exit 3 with a plain sentence', () => {
  it('connection refused', async () => {
    const fake = await startFake(firstTimeScenario());
    const url = fake.url;
    await fake.close();
    const result = await runAgainst(null, ['check', 'promo_new', ...AT, '--json', '--max-retries', '0'], {
      env: { STRIPE_API_BASE: url },
    });
    expectFailure(result, 3, /Could not reach Stripe/);
    expect(result.stderr).toContain(url);
    expect(result.stderr).toContain('connection refused');
  });

  it('the connection dropped mid-answer every time: retried, then exit 3', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ kind: 'reset', times: Infinity });
    const result = await runAgainst(fake, ['check', 'WELCOME', ...AT, '--json', '--max-retries', '1']);
    expectFailure(result, 3, /Could not reach Stripe at http:\/\/127\.0\.0\.1:\d+ after 2 attempts/);
    expect(result.stderr).toContain('connection reset');
    expect(fake.requests).toHaveLength(2);
    expectOnlyGets(fake);
  });

  it('a response that is not JSON (a gateway page) every time: exit 3', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ kind: 'html', status: 502, retryAfter: 0, times: Infinity });
    const result = await runAgainst(fake, ['check', 'WELCOME', ...AT, '--json', '--max-retries', '1']);
    expectFailure(result, 3, /127\.0\.0\.1/);
    expect(fake.requests).toHaveLength(2);
  });

  it('no answer within --timeout 0.4: retried, then exit 3 saying so', async () => {
    const fake = await startFake(firstTimeScenario());
    fake.inject({ kind: 'hang', times: Infinity });
    const result = await runAgainst(fake, [
      'check',
      'WELCOME',
      ...AT,
      '--json',
      '--timeout',
      '0.4',
      '--max-retries',
      '1',
    ]);
    expectFailure(result, 3, /did not answer within 0.4 s/);
    expect(fake.requests).toHaveLength(2);
    expectOnlyGets(fake);
  });
});

describe('the API key', () => {
  it('a publishable key (pk_): exit 2 before any request', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT], { env: { STRIPE_API_KEY: PUBLISHABLE_KEY } });
    expectFailure(result, 2, /publishable/);
    expect(result.stderr).not.toContain(PUBLISHABLE_KEY);
    expect(fake.requests).toEqual([]);
  });

  it('no key at all: exit 2 before any request', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT], { env: { STRIPE_API_KEY: undefined } });
    expectFailure(result, 2, /No Stripe API key/);
    expect(fake.requests).toEqual([]);
  });

  it('something that is not a Stripe key: exit 2, not echoed', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['coupon', 'WELCOME', ...AT], {
      env: { STRIPE_API_KEY: 'hunter2-PromoDoctorLeakCheck' },
    });
    expectFailure(result, 2, /not a Stripe key/);
    expect(result.stderr).not.toContain('hunter2');
    expect(fake.requests).toEqual([]);
  });

  it('STRIPE_SECRET_KEY is used when STRIPE_API_KEY is not set', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json'], {
      env: { STRIPE_API_KEY: undefined, STRIPE_SECRET_KEY: KEY },
    });
    expect(result.code, result.stderr).toBe(0);
    jsonDoc(result);
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('--api-key wins over STRIPE_API_KEY, which wins over STRIPE_SECRET_KEY', async () => {
    const fake = await startFake(firstTimeScenario());
    const flag = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json', '--api-key', KEY], {
      env: { STRIPE_API_KEY: UNKNOWN_KEY, STRIPE_SECRET_KEY: UNKNOWN_KEY },
    });
    expect(flag.code, flag.stderr).toBe(0);
    jsonDoc(flag);
    const env = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json'], {
      env: { STRIPE_API_KEY: KEY, STRIPE_SECRET_KEY: UNKNOWN_KEY },
    });
    expect(env.code, env.stderr).toBe(0);
    jsonDoc(env);
    expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    expect(flag.stderr + env.stderr).not.toContain('UnknownKey77');
  });

  it('--debug shows the key masked (sk_test_…9876), never in full', async () => {
    const fake = await startFake(firstTimeScenario());
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json', '--debug']);
    expect(result.code, result.stderr).toBe(0);
    jsonDoc(result);
    expect(result.stderr).toContain(KEY_MASKED);
    expectNoLeak(result);
  });

  it('a live key reading a test-mode code: livemode_mismatch (exit 1), key and object modes in the evidence', async () => {
    const fake = await startFake({ ...firstTimeScenario(), keys: { [LIVE_KEY]: { mode: 'live' } } });
    const result = await runAgainst(fake, ['check', 'promo_new', ...AT, '--json'], {
      env: { STRIPE_API_KEY: LIVE_KEY },
    });
    expect(result.code, result.stderr).toBe(1);
    const doc = jsonDoc(result);
    expect(onlyFinding(doc.reasons, 'livemode_mismatch').evidence).toMatchObject({
      key_mode: 'live',
      object_mode: 'test',
    });
    expectOnlyGets(fake);
  });
});
