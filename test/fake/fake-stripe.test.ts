/**
 * The fake Stripe API, exercised through the real stripe SDK (and plain fetch
 * where the SDK would hide what is on the wire).
 */
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as build from '../support/builders.js';
import type { FakeStripe, RecordedRequest, Scenario } from '../support/fakeStripe.js';
import { KEY } from '../helpers/keys.js';
import { rejection as rejectionOf, sdkFor, startFake, stopFakes } from '../helpers/liveStripe.js';

const start = (scenario: Scenario = {}, opts?: { latencyMs?: number }): Promise<FakeStripe> =>
  startFake(scenario, opts);

const sdk = sdkFor;
const rejection = (promise: Promise<unknown>): Promise<Stripe.errors.StripeError> =>
  rejectionOf<Stripe.errors.StripeError>(promise);

function get(fake: FakeStripe, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, { ...init, headers: { Authorization: `Bearer ${KEY}`, ...init.headers } });
}

beforeEach(() => build.resetBuilderIds());
afterEach(async () => {
  vi.useRealTimers();
  await stopFakes();
});

/** The next request the fake receives. */
const nextRequest = (fake: FakeStripe): Promise<RecordedRequest> =>
  new Promise((resolve) => {
    const stop = fake.observe((request) => {
      stop();
      resolve(request);
    });
  });

/** Let sockets and callbacks run (setImmediate is not faked below). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/**
 * The fake's delays run on timers: with setTimeout faked, whether a request is answered
 * before and after its delay is a question of schedule, not of how fast the machine is.
 */
async function answeredOnlyAfter(fake: FakeStripe, send: () => Promise<Response | unknown>, ms: number): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const arrived = nextRequest(fake);
  const answer = send();
  const request = await arrived;
  await settle();
  vi.advanceTimersByTime(ms - 1);
  await settle();
  expect(request.endedAt, `not answered ${ms - 1} ms after it arrived`).toBeUndefined();
  vi.advanceTimersByTime(1);
  await answer;
  expect(request.status).toBe(200);
  vi.useRealTimers();
}

describe('retrieving objects', () => {
  it('returns references as ids unless expanded, and resolves them with expand[]', async () => {
    const spring = build.coupon({ id: 'SPRING25', percent_off: 25 });
    const vip = build.customer({ id: 'cus_vip' });
    const promo = build.promotionCode({ id: 'promo_1', code: 'SPRING', coupon: spring, customer: 'cus_vip' });
    const fake = await start({ coupons: [spring], customers: [vip], promotionCodes: [promo] });
    const stripe = sdk(fake);

    const plain = await stripe.promotionCodes.retrieve('promo_1');
    expect(plain.promotion.coupon).toBe('SPRING25');
    expect(plain.customer).toBe('cus_vip');

    const expanded = await stripe.promotionCodes.retrieve('promo_1', { expand: ['promotion.coupon', 'customer'] });
    expect(expanded.promotion.coupon).toMatchObject({ id: 'SPRING25', object: 'coupon', percent_off: 25 });
    expect(expanded.customer).toMatchObject({ id: 'cus_vip', object: 'customer' });
    expect(expanded.restrictions).toEqual({
      first_time_transaction: false,
      minimum_amount: null,
      minimum_amount_currency: null,
    });
  });

  it('leaves out includable coupon fields unless they are expanded', async () => {
    const restricted = build.coupon({
      id: 'TEN_OFF',
      amount_off: 1000,
      currency: 'usd',
      percent_off: null,
      applies_to: { products: ['prod_a'] },
      currency_options: { eur: { amount_off: 900 } },
    });
    const promo = build.promotionCode({ id: 'promo_1', coupon: restricted });
    const fake = await start({ coupons: [restricted], promotionCodes: [promo] });
    const stripe = sdk(fake);

    const bare = await stripe.coupons.retrieve('TEN_OFF');
    expect(bare).not.toHaveProperty('applies_to');
    expect(bare).not.toHaveProperty('currency_options');
    const included = await stripe.coupons.retrieve('TEN_OFF', { expand: ['applies_to', 'currency_options'] });
    expect(included.applies_to).toEqual({ products: ['prod_a'] });
    expect(included.currency_options).toEqual({ eur: { amount_off: 900 } });

    const viaPromo = await stripe.promotionCodes.retrieve('promo_1', { expand: ['promotion.coupon'] });
    expect(viaPromo.promotion.coupon).not.toHaveProperty('applies_to');
    const withIncludes = await stripe.promotionCodes.retrieve('promo_1', {
      expand: ['promotion.coupon.applies_to', 'promotion.coupon.currency_options'],
    });
    expect(withIncludes.promotion.coupon).toMatchObject({
      id: 'TEN_OFF',
      applies_to: { products: ['prod_a'] },
      currency_options: { eur: { amount_off: 900 } },
    });

    const listed = await stripe.promotionCodes.list({ expand: ['data.promotion.coupon.applies_to'] });
    expect(listed.data[0]?.promotion.coupon).toMatchObject({ applies_to: { products: ['prod_a'] } });
    expect(listed.data[0]?.promotion.coupon).not.toHaveProperty('currency_options');
  });

  it('treats promotion code restrictions.currency_options as includable too', async () => {
    const promo = build.promotionCode({
      id: 'promo_1',
      restrictions: {
        minimum_amount: 5000,
        minimum_amount_currency: 'usd',
        currency_options: { eur: { minimum_amount: 4500 } },
      },
    });
    const stripe = sdk(await start({ promotionCodes: [promo] }));

    const bare = await stripe.promotionCodes.retrieve('promo_1');
    expect(bare.restrictions).not.toHaveProperty('currency_options');
    expect(bare.restrictions.minimum_amount).toBe(5000);
    const included = await stripe.promotionCodes.retrieve('promo_1', { expand: ['restrictions.currency_options'] });
    expect(included.restrictions.currency_options).toEqual({ eur: { minimum_amount: 4500 } });
  });

  it('answers 200 with the stub for a deleted customer, also when expanded', async () => {
    const promo = build.promotionCode({ id: 'promo_1', customer: 'cus_gone' });
    const stripe = sdk(await start({ customers: [build.deletedCustomer('cus_gone')], promotionCodes: [promo] }));

    expect(await stripe.customers.retrieve('cus_gone')).toMatchObject({
      id: 'cus_gone',
      object: 'customer',
      deleted: true,
    });
    const expanded = await stripe.promotionCodes.retrieve('promo_1', { expand: ['customer'] });
    expect(expanded.customer).toEqual({ id: 'cus_gone', object: 'customer', deleted: true });
  });

  it('answers 404 for a deleted coupon', async () => {
    const stripe = sdk(await start({ coupons: [{ ...build.coupon({ id: 'OLD' }), deleted: true }] }));
    const error = await rejection(stripe.coupons.retrieve('OLD'));
    expect(error.message).toBe("No such coupon: 'OLD'");
  });

  it('stores inline discounts separately and expands data.discounts and data.discounts.source.coupon', async () => {
    const spring = build.coupon({ id: 'SPRING25' });
    const promo = build.promotionCode({ id: 'promo_1', coupon: spring });
    const applied = build.discount({ id: 'di_1', coupon: spring, promotion_code: 'promo_1', customer: 'cus_1' });
    const sub = build.subscription({ id: 'sub_1', customer: 'cus_1', discounts: [applied] });
    const stripe = sdk(
      await start({
        coupons: [spring],
        promotionCodes: [promo],
        customers: [build.customer({ id: 'cus_1' })],
        subscriptions: [sub],
      }),
    );

    const plain = await stripe.subscriptions.list({ customer: 'cus_1' });
    expect(plain.data[0]?.discounts).toEqual(['di_1']);

    const expanded = await stripe.subscriptions.list({
      customer: 'cus_1',
      expand: ['data.discounts.source.coupon', 'data.discounts.promotion_code'],
    });
    const discount = expanded.data[0]?.discounts[0] as Stripe.Discount;
    expect(discount).toMatchObject({ id: 'di_1', object: 'discount' });
    expect(discount.source.coupon).toMatchObject({ id: 'SPRING25', object: 'coupon' });
    expect(discount.promotion_code).toMatchObject({ id: 'promo_1', object: 'promotion_code' });
  });
});

describe('listing promotion codes', () => {
  const coupons = [build.coupon({ id: 'A' }), build.coupon({ id: 'B' })];
  function scenario(): Scenario {
    return {
      coupons,
      customers: [build.customer({ id: 'cus_1' })],
      promotionCodes: [
        build.promotionCode({ id: 'promo_old', code: 'Spring', coupon: 'A', created: 1000 }),
        build.promotionCode({ id: 'promo_mid', code: 'SUMMER', coupon: 'B', created: 2000, active: false }),
        build.promotionCode({ id: 'promo_new', code: 'spring', coupon: 'A', created: 3000, customer: 'cus_1' }),
        build.promotionCode({
          id: 'promo_acct',
          code: 'ACCT',
          coupon: 'B',
          created: 2500,
          customer_account: 'acct_customer_1',
        }),
      ],
    };
  }
  const ids = (list: { data: Array<{ id: string }> }): string[] => list.data.map((item) => item.id);

  it('lists newest first as a Stripe list object', async () => {
    const stripe = sdk(await start(scenario()));
    const list = await stripe.promotionCodes.list();
    expect(ids(list)).toEqual(['promo_new', 'promo_acct', 'promo_mid', 'promo_old']);
    expect(list).toMatchObject({ object: 'list', has_more: false, url: '/v1/promotion_codes' });
  });

  it('filters by active', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.promotionCodes.list({ active: false }))).toEqual(['promo_mid']);
    expect(ids(await stripe.promotionCodes.list({ active: true }))).toEqual(['promo_new', 'promo_acct', 'promo_old']);
  });

  it('filters by code, ignoring case', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.promotionCodes.list({ code: 'SPRING' }))).toEqual(['promo_new', 'promo_old']);
    expect(ids(await stripe.promotionCodes.list({ code: 'sprin' }))).toEqual([]);
  });

  it('filters by coupon, customer and customer_account', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.promotionCodes.list({ coupon: 'B' }))).toEqual(['promo_acct', 'promo_mid']);
    expect(ids(await stripe.promotionCodes.list({ customer: 'cus_1' }))).toEqual(['promo_new']);
    expect(ids(await stripe.promotionCodes.list({ customer_account: 'acct_customer_1' }))).toEqual(['promo_acct']);
  });

  it('filters by created, as a range or an exact timestamp', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.promotionCodes.list({ created: { gt: 2000 } }))).toEqual(['promo_new', 'promo_acct']);
    expect(ids(await stripe.promotionCodes.list({ created: { gte: 2000, lt: 3000 } }))).toEqual([
      'promo_acct',
      'promo_mid',
    ]);
    expect(ids(await stripe.promotionCodes.list({ created: { lte: 1000 } }))).toEqual(['promo_old']);
    expect(ids(await stripe.promotionCodes.list({ created: 2500 }))).toEqual(['promo_acct']);
  });

  it('pages 150 codes in two requests and autoPagingEach sees each once', async () => {
    const codes = Array.from({ length: 150 }, (_, i) => build.promotionCode({ code: `BULK${i}` }));
    const fake = await start({ promotionCodes: codes });
    const stripe = sdk(fake);

    const first = await stripe.promotionCodes.list({ limit: 100 });
    expect(first.data).toHaveLength(100);
    expect(first.has_more).toBe(true);
    const second = await stripe.promotionCodes.list({ limit: 100, starting_after: first.data[99]?.id ?? '' });
    expect(second.data).toHaveLength(50);
    expect(second.has_more).toBe(false);
    const back = await stripe.promotionCodes.list({ limit: 3, ending_before: second.data[0]?.id ?? '' });
    expect(ids(back)).toEqual(ids(first).slice(97));
    expect(back.has_more).toBe(true);

    fake.reset();
    const seen: string[] = [];
    await stripe.promotionCodes.list({ limit: 100 }).autoPagingEach((code) => {
      seen.push(code.id);
    });
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    expect(fake.requests.map((request) => request.query.starting_after)).toEqual([undefined, codes[50]?.id]);
  });

  it('refuses a limit above 100 and unknown parameters like Stripe', async () => {
    const stripe = sdk(await start(scenario()));
    const tooMany = await rejection(stripe.promotionCodes.list({ limit: 101 }));
    expect(tooMany).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMany).toMatchObject({ statusCode: 400, param: 'limit', code: 'parameter_invalid_integer' });

    const unknown = await rejection(stripe.promotionCodes.list({ colour: 'red' } as Stripe.PromotionCodeListParams));
    expect(unknown).toMatchObject({ statusCode: 400, message: 'Received unknown parameter: colour', param: 'colour' });
  });

  it('refuses malformed filters and cursors with a 400', async () => {
    const stripe = sdk(await start(scenario()));
    const badCreated = await rejection(stripe.promotionCodes.list({ created: { gt: 'soon' as unknown as number } }));
    expect(badCreated).toMatchObject({ statusCode: 400, message: 'Invalid integer: soon', param: 'created[gt]' });

    const bothCursors = await rejection(
      stripe.promotionCodes.list({ starting_after: 'promo_old', ending_before: 'promo_new' }),
    );
    expect(bothCursors.message).toBe('You may only specify one of these parameters: starting_after, ending_before.');

    const unknownCursor = await rejection(stripe.promotionCodes.list({ starting_after: 'promo_nope' }));
    expect(unknownCursor).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'starting_after' });
  });
});

describe("listing a customer's history", () => {
  function scenario(): Scenario {
    return {
      customers: [build.customer({ id: 'cus_1' }), build.customer({ id: 'cus_2' })],
      charges: [build.charge({ id: 'ch_1', customer: 'cus_1' }), build.charge({ id: 'ch_2', customer: 'cus_2' })],
      paymentIntents: [
        build.paymentIntent({ id: 'pi_1', customer: 'cus_1' }),
        build.paymentIntent({ id: 'pi_2', customer: 'cus_2' }),
      ],
      invoices: [
        build.invoice({ id: 'in_paid', customer: 'cus_1', status: 'paid' }),
        build.invoice({ id: 'in_open', customer: 'cus_1', status: 'open' }),
        build.invoice({ id: 'in_other', customer: 'cus_2', status: 'paid' }),
      ],
      subscriptions: [
        build.subscription({ id: 'sub_active', customer: 'cus_1', status: 'active' }),
        build.subscription({ id: 'sub_canceled', customer: 'cus_1', status: 'canceled' }),
        build.subscription({ id: 'sub_expired', customer: 'cus_1', status: 'incomplete_expired' }),
      ],
    };
  }
  const ids = (list: { data: Array<{ id: string }> }): string[] => list.data.map((item) => item.id);

  it('filters charges and payment intents by customer', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.charges.list({ customer: 'cus_1' }))).toEqual(['ch_1']);
    expect(ids(await stripe.paymentIntents.list({ customer: 'cus_2' }))).toEqual(['pi_2']);
  });

  it('filters invoices by customer and status', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.invoices.list({ customer: 'cus_1' }))).toEqual(['in_open', 'in_paid']);
    expect(ids(await stripe.invoices.list({ customer: 'cus_1', status: 'paid' }))).toEqual(['in_paid']);
  });

  it('hides canceled subscriptions unless status=all, canceled or ended asks for them', async () => {
    const stripe = sdk(await start(scenario()));
    expect(ids(await stripe.subscriptions.list({ customer: 'cus_1' }))).toEqual(['sub_expired', 'sub_active']);
    expect(ids(await stripe.subscriptions.list({ customer: 'cus_1', status: 'all' }))).toEqual([
      'sub_expired',
      'sub_canceled',
      'sub_active',
    ]);
    expect(ids(await stripe.subscriptions.list({ customer: 'cus_1', status: 'canceled' }))).toEqual(['sub_canceled']);
    expect(ids(await stripe.subscriptions.list({ customer: 'cus_1', status: 'ended' }))).toEqual([
      'sub_expired',
      'sub_canceled',
    ]);

    const bogus = await rejection(stripe.subscriptions.list({ status: 'bogus' }));
    expect(bogus).toMatchObject({ statusCode: 400, param: 'status' });
  });

  it('lists coupons and live customers, leaving deleted customers out', async () => {
    const stripe = sdk(
      await start({
        coupons: [build.coupon({ id: 'A' }), build.coupon({ id: 'B' })],
        customers: [build.customer({ id: 'cus_1', email: 'ada@example.com' }), build.deletedCustomer('cus_gone')],
      }),
    );
    expect(ids(await stripe.coupons.list())).toEqual(['B', 'A']);
    expect(ids(await stripe.customers.list())).toEqual(['cus_1']);
    expect(ids(await stripe.customers.list({ email: 'ada@example.com' }))).toEqual(['cus_1']);
    expect(ids(await stripe.customers.list({ email: 'ADA@example.com' }))).toEqual([]);
  });
});

describe('Stripe errors', () => {
  it('sends a 404 envelope the SDK turns into StripeInvalidRequestError with the request id', async () => {
    const fake = await start({});
    const error = await rejection(sdk(fake).promotionCodes.retrieve('promo_x'));

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'promotion_code',
      message: "No such promotion code: 'promo_x'",
      doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
    });
    expect(error.requestId).toBe(fake.requests[0]?.requestId);
    expect(error.requestId).toMatch(/^req_/);
    expect((error.raw as { request_log_url?: string }).request_log_url).toMatch(
      new RegExp(`^https://dashboard\\.stripe\\.com/test/logs/${error.requestId}\\?t=\\d+$`),
    );
  });

  it('names coupons and customers in their 404s', async () => {
    const stripe = sdk(await start({}));
    expect(await rejection(stripe.coupons.retrieve('x'))).toMatchObject({
      message: "No such coupon: 'x'",
      param: 'id',
    });
    expect(await rejection(stripe.customers.retrieve('cus_x'))).toMatchObject({ message: "No such customer: 'cus_x'" });
  });

  it('says when the object exists in the other mode', async () => {
    const fake = await start({
      otherModeIds: ['promo_live'],
      coupons: [build.coupon({ id: 'LIVE_ONLY', livemode: true })],
      keys: { [KEY]: { mode: 'test' }, sk_live_fake: { mode: 'live' } },
    });
    const fromTest = await rejection(sdk(fake).promotionCodes.retrieve('promo_live'));
    expect(fromTest.message).toBe(
      "No such promotion code: 'promo_live'; a similar object exists in live mode, but a test mode key was used to make this request.",
    );
    expect(fromTest.code).toBe('resource_missing');
    const storedLive = await rejection(sdk(fake).coupons.retrieve('LIVE_ONLY'));
    expect(storedLive.message).toContain('a similar object exists in live mode');

    expect(await sdk(fake, 'sk_live_fake').coupons.retrieve('LIVE_ONLY')).toMatchObject({ livemode: true });
    const fromLive = await rejection(sdk(fake, 'sk_live_fake').promotionCodes.retrieve('promo_live'));
    expect(fromLive.message).toContain('a similar object exists in test mode, but a live mode key was used');
  });

  it('answers 401 with the masked key for an unknown key, and for a missing one', async () => {
    const fake = await start({});
    const error = await rejection(sdk(fake, 'sk_test_51Abcdefghijklmnop1234').coupons.retrieve('x'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('Invalid API Key provided: sk_test_******************1234');

    const missing = await fetch(`${fake.url}/v1/coupons/x`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Basic realm="Stripe"');
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /^You did not provide an API key\./,
    );
  });

  it('accepts the key as a Basic auth user name', async () => {
    const fake = await start({ coupons: [build.coupon({ id: 'A' })] });
    const response = await fetch(`${fake.url}/v1/coupons/A`, {
      headers: { Authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` },
    });
    expect(response.status).toBe(200);
  });

  it('answers 403 naming the missing permission for a restricted key', async () => {
    const spring = build.coupon({ id: 'SPRING25' });
    const fake = await start({
      accountId: 'acct_123',
      coupons: [spring],
      promotionCodes: [build.promotionCode({ id: 'promo_1', coupon: spring })],
      keys: { rk_test_restricted0000abcdef: { mode: 'test', permissions: ['promotion_codes:read'] } },
    });
    const stripe = sdk(fake, 'rk_test_restricted0000abcdef');

    expect(await stripe.promotionCodes.retrieve('promo_1')).toMatchObject({ id: 'promo_1' });
    const denied = await rejection(stripe.coupons.retrieve('SPRING25'));
    expect(denied).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(denied.message).toBe(
      "The provided key 'rk_test_**************abcdef' does not have the required permissions for this endpoint on account 'acct_123'. Having the 'rak_coupon_read' permission would allow this request to continue.",
    );
    const expanding = await rejection(stripe.promotionCodes.retrieve('promo_1', { expand: ['promotion.coupon'] }));
    expect(expanding.statusCode).toBe(403);
  });

  it('refuses bad expand paths with a 400', async () => {
    const stripe = sdk(await start({ promotionCodes: [build.promotionCode({ id: 'promo_1' })] }));

    const notExpandable = await rejection(stripe.promotionCodes.retrieve('promo_1', { expand: ['metadata'] }));
    expect(notExpandable).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(notExpandable).toMatchObject({ statusCode: 400, message: 'This property cannot be expanded (metadata).' });

    const onList = await rejection(stripe.promotionCodes.list({ expand: ['customer'] }));
    expect(onList.message).toBe(
      "This property cannot be expanded (customer). You may want to try expanding 'data.customer' instead.",
    );

    const tooDeep = await rejection(
      stripe.promotionCodes.list({ expand: ['data.promotion.coupon.applies_to.products'] }),
    );
    expect(tooDeep).toMatchObject({ statusCode: 400, code: 'property_expansion_max_depth' });
  });

  it('answers unknown routes with Stripe text and refuses writes while recording them', async () => {
    const fake = await start({});
    const unknown = await get(fake, '/v1/nonsense');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(
      /^Unrecognized request URL \(GET: \/v1\/nonsense\)/,
    );

    const write = await get(fake, '/v1/promotion_codes', { method: 'POST', body: 'code=X' });
    expect(write.status).toBe(405);
    expect(fake.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
  });
});

describe('recording', () => {
  it('records method, path, query, expand and headers of every request', async () => {
    const fake = await start({ promotionCodes: [build.promotionCode({ id: 'promo_1' })] });
    await sdk(fake).promotionCodes.list({
      code: 'CODE1',
      limit: 5,
      expand: ['data.customer', 'data.promotion.coupon'],
    });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      method: 'GET',
      path: '/v1/promotion_codes',
      query: { code: 'CODE1', limit: '5' },
      expand: ['data.customer', 'data.promotion.coupon'],
      status: 200,
    });
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.endedAt, 'the answer is recorded as finished').toBeTypeOf('number');
  });

  it('accepts expand[]= as well as indexed expand', async () => {
    const fake = await start({
      promotionCodes: [build.promotionCode({ id: 'promo_1', coupon: 'A' })],
      coupons: [build.coupon({ id: 'A' })],
    });
    const response = await get(fake, '/v1/promotion_codes/promo_1?expand[]=promotion.coupon&expand%5B%5D=customer');
    const body = (await response.json()) as { promotion: { coupon: { id: string } } };
    expect(body.promotion.coupon.id).toBe('A');
    expect(fake.requests[0]?.expand).toEqual(['promotion.coupon', 'customer']);
  });

  it('counts parallel requests as one round trip and sequential ones as two', async () => {
    const fake = await start({ coupons: [build.coupon({ id: 'A' })] }, { latencyMs: 40 });
    const stripe = sdk(fake);

    await Promise.all([stripe.coupons.retrieve('A'), stripe.coupons.retrieve('A')]);
    expect(fake.roundTrips()).toBe(1);

    fake.reset();
    await stripe.coupons.retrieve('A');
    await stripe.coupons.retrieve('A');
    expect(fake.roundTrips()).toBe(2);
  });

  it('delays every answer by the configured latency', async () => {
    const fake = await start({ coupons: [build.coupon({ id: 'A' })] });
    fake.setLatency(150);
    await answeredOnlyAfter(fake, () => get(fake, '/v1/coupons/A'), 150);
  });

  it('reset() forgets requests and faults', async () => {
    const fake = await start({ coupons: [build.coupon({ id: 'A' })] });
    fake.inject({ kind: 'status', status: 500, times: Infinity });
    expect((await get(fake, '/v1/coupons/A')).status).toBe(500);
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    expect((await get(fake, '/v1/coupons/A')).status).toBe(200);
  });
});

describe('faults, as seen by a plain fetch', () => {
  async function faulty(): Promise<FakeStripe> {
    return start({ coupons: [build.coupon({ id: 'A' })] });
  }

  it('latency: answers normally, later, only for the matching path', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'latency', ms: 200, path: '/v1/coupons/A' });
    // Another path is answered with no timer at all: even with time frozen.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    expect((await get(fake, '/v1/coupons/B')).status).toBe(404);
    vi.useRealTimers();
    await answeredOnlyAfter(fake, () => get(fake, '/v1/coupons/A'), 200);
  });

  it('status: answers with a Stripe envelope and request id, `times` times', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'status', status: 503, times: 2, method: 'GET', path: /^\/v1\/coupons\// });
    const first = await get(fake, '/v1/coupons/A');
    expect(first.status).toBe(503);
    expect(first.headers.get('request-id')).toMatch(/^req_/);
    expect(await first.json()).toEqual({ error: { type: 'api_error', message: 'An unknown error occurred' } });
    expect((await get(fake, '/v1/coupons/A')).status).toBe(503);
    expect((await get(fake, '/v1/coupons/A')).status).toBe(200);
  });

  it('429: rate_limit envelope with the Retry-After header, StripeRateLimitError in the SDK', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'status', status: 429, retryAfter: 2, times: 2 });
    const response = await get(fake, '/v1/coupons/A');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limit');

    const error = await rejection(sdk(fake).coupons.retrieve('A'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error.headers?.['retry-after']).toBe('2');
  });

  it('html: a gateway page with the status and no JSON', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'html', status: 502 });
    const response = await get(fake, '/v1/coupons/A');
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('hang: never answers, and close() still ends the connection', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'hang' });
    const timedOut = await rejection(get(fake, '/v1/coupons/A', { signal: AbortSignal.timeout(150) }));
    expect((timedOut as Error).name).toBe('TimeoutError');

    fake.inject({ kind: 'hang' });
    const hanging = get(fake, '/v1/coupons/A');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fake.close();
    await expect(hanging).rejects.toThrow();
  });

  it('reset: starts a body, then drops the connection', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'reset', times: 2 });
    await expect(get(fake, '/v1/coupons/A').then((response) => response.text())).rejects.toThrow();

    fake.reset();
    fake.inject({ kind: 'reset' });
    const error = await rejection(sdk(fake).coupons.retrieve('A'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(fake.requests).toHaveLength(1); // the SDK does not retry a body cut short
  });

  it('malformed_json: 200 with a truncated JSON body; the SDK reports invalid JSON', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'malformed_json', times: 2 });
    const response = await get(fake, '/v1/coupons/A');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"id": "promo_');

    const error = await rejection(sdk(fake).coupons.retrieve('A'));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error.message).toBe('Invalid JSON received from the Stripe API');
  });

  it('empty_body: 200 with nothing in it', async () => {
    const fake = await faulty();
    fake.inject({ kind: 'empty_body' });
    const response = await get(fake, '/v1/coupons/A');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});
