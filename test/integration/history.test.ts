/**
 * Why a discount stopped, and `--history`, in process: the real stripe SDK (openReader) against
 * the fake, then the use cases. Requests are counted in the fake: the latest invoice comes with
 * the subscriptions (no request), a stopped discount's coupon costs one GET, and the events of
 * --history at most two requests (GET /v1/events with Stripe's filters), read with round trip 1.
 */
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { diagnosisDocument } from '../../src/render/json.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import { diagnoseCheckFor } from '../../src/usecases/checkPromotionCode.js';
import { diagnoseCouponFor } from '../../src/usecases/checkCoupon.js';
import { diagnoseCustomerById } from '../../src/usecases/explainCustomer.js';
import * as build from '../support/builders.js';
import type { FakeStripe } from '../support/fakeStripe.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { eventBefore } from '../helpers/scenarios.js';
import { context, expectOnlyGets, readerFor, rejection, roundTripFake, stopFakes } from '../helpers/liveStripe.js';
import { AT, DAY } from '../helpers/time.js';

// The tests of this file run concurrently (roundTripFake).
afterAll(stopFakes);

type Doc = ReturnType<typeof diagnosisDocument>;

function doc(diagnosis: Diagnosis, ctx: RedemptionContext): Doc {
  const document = diagnosisDocument(diagnosis, ctx);
  assertDiagnosisDocument(document);
  return document;
}

const eventRequests = (fake: FakeStripe) => fake.requests.filter((r) => r.path === '/v1/events');

/** A customer with one subscription whose latest invoice carried `onInvoice` and which now carries `now`. */
function subscriptionScenario(options: {
  coupons: Stripe.Coupon[];
  onInvoice: Stripe.Discount[];
  now?: Stripe.Discount[];
  subtotal?: number;
  events?: object[];
}) {
  const invoice = build.invoice({
    id: 'in_last',
    customer: 'cus_1',
    subtotal: options.subtotal ?? 4000,
    discounts: options.onInvoice as never,
  });
  return {
    coupons: options.coupons,
    customers: [build.customer({ id: 'cus_1' })],
    invoices: [invoice],
    subscriptions: [
      build.subscription({
        id: 'sub_1',
        customer: 'cus_1',
        status: 'active',
        discounts: (options.now ?? []) as never,
        latest_invoice: 'in_last',
      }),
    ],
    events: options.events ?? [],
  };
}

const onceCoupon = () => build.coupon({ id: 'ONCE50', duration: 'once', percent_off: 50 });

describe.concurrent('customer: why a discount stopped, from the latest invoice', () => {
  it('a once coupon after its first invoice: its coupon read in a second round trip (1 GET)', async () => {
    const fake = await roundTripFake(() =>
      subscriptionScenario({
        coupons: [onceCoupon()],
        onInvoice: [build.discount({ id: 'di_once', coupon: 'ONCE50', customer: 'cus_1', subscription: 'sub_1' })],
      }),
    );
    const ctx = context();
    const result = doc(await diagnoseCustomerById(await readerFor(fake), 'cus_1', ctx), ctx);
    expect(result.verdict).toBe('redeemable');
    expect(result.stopped_discounts?.map((s) => [s.discount.id, s.attached_to.id])).toEqual([['di_once', 'sub_1']]);
    expect(result.reasons.map((r) => [r.code, (r.evidence as { cause: string }).cause])).toEqual([
      ['discount_stopped', 'once_used'],
    ]);
    expectOnlyGets(fake);
    expect(fake.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/v1/customers/cus_1', '/v1/subscriptions', '/v1/coupons/ONCE50']),
    );
    expect(fake.requests).toHaveLength(3);
    expect(fake.roundTrips()).toBe(2);
    const subs = fake.requests.find((r) => r.path === '/v1/subscriptions')!;
    expect(subs.expand).toEqual(expect.arrayContaining(['data.latest_invoice', 'data.latest_invoice.discounts']));
  });

  it('a deleted coupon: Stripe answers "No such coupon" for it, and the stopped discount says so', async () => {
    const fake = await roundTripFake(() =>
      subscriptionScenario({
        coupons: [],
        onInvoice: [build.discount({ id: 'di_old', coupon: 'GONE10', customer: 'cus_1', subscription: 'sub_1' })],
      }),
    );
    const ctx = context();
    const result = doc(await diagnoseCustomerById(await readerFor(fake), 'cus_1', ctx), ctx);
    expect(result.reasons[0]).toMatchObject({ code: 'discount_stopped', evidence: { coupon_deleted: true } });
    expect(result.reasons[0]!.message).toContain('No such coupon');
  });

  it('absent: nothing stopped, so the customer costs the one round trip it always did', async () => {
    const kept = build.discount({ id: 'di_kept', coupon: 'ONCE50', customer: 'cus_1', subscription: 'sub_1' });
    const fake = await roundTripFake(() =>
      subscriptionScenario({ coupons: [onceCoupon()], onInvoice: [kept], now: [kept] }),
    );
    const ctx = context();
    const result = doc(await diagnoseCustomerById(await readerFor(fake), 'cus_1', ctx), ctx);
    expect(result.stopped_discounts).toEqual([]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.roundTrips()).toBe(1);
    expect(result).not.toHaveProperty('history');
  });
});

describe.concurrent('--history: at most 2 more requests, read with the first round trip', () => {
  const removal = (ago: number, request: { id: string | null; idempotency_key: string | null } | null) =>
    eventBefore(
      'customer.discount.deleted',
      {
        id: 'di_old',
        object: 'discount',
        customer: 'cus_1',
        subscription: 'sub_1',
        source: { type: 'coupon', coupon: 'FOREVER10' },
        start: AT - 60 * DAY,
        end: null,
      },
      ago,
      request,
    );

  it('customer: when the discount was removed, and by a request (Dashboard or API)', async () => {
    const fake = await roundTripFake(() =>
      subscriptionScenario({
        coupons: [build.coupon({ id: 'FOREVER10', duration: 'forever' })],
        onInvoice: [build.discount({ id: 'di_old', coupon: 'FOREVER10', customer: 'cus_1', subscription: 'sub_1' })],
        events: [removal(2 * DAY, { id: 'req_removed', idempotency_key: 'a1b2' })],
      }),
    );
    const ctx = context();
    const result = doc(await diagnoseCustomerById(await readerFor(fake), 'cus_1', ctx, { history: true }), ctx);
    expect(result.reasons[0]).toMatchObject({
      code: 'discount_stopped',
      evidence: {
        cause: 'removed',
        removal_event: 'found',
        removed_at: AT - 2 * DAY,
        removed_by: 'dashboard_or_api',
        request_id: 'req_removed',
      },
    });
    expect(result.history?.events.map((e) => e.id)).toEqual([`evt_customer.discount.deleted_${2 * DAY}`]);
    // One GET /v1/events, in the first round trip; the coupon read is the second.
    const events = eventRequests(fake);
    expect(events).toHaveLength(1);
    expect(events[0]!.query).toMatchObject({
      'types[0]': 'promotion_code.updated',
      'created[gte]': String(AT - 30 * DAY),
      limit: '100',
    });
    expect(fake.requests).toHaveLength(4);
    expect(fake.roundTrips()).toBe(2);
    expectOnlyGets(fake);
  });

  it('events older than the 30 days Stripe keeps are not read: the removal is said to be older', async () => {
    const fake = await roundTripFake(() =>
      subscriptionScenario({
        coupons: [build.coupon({ id: 'FOREVER10', duration: 'forever' })],
        onInvoice: [build.discount({ id: 'di_old', coupon: 'FOREVER10', customer: 'cus_1', subscription: 'sub_1' })],
        events: [removal(40 * DAY, { id: 'req_old', idempotency_key: null })],
      }),
    );
    const ctx = context();
    const result = doc(await diagnoseCustomerById(await readerFor(fake), 'cus_1', ctx, { history: true }), ctx);
    expect(result.reasons[0]).toMatchObject({ evidence: { removal_event: 'none_in_window' } });
    expect(result.reasons[0]!.message).toContain('30 days');
    expect(result.history).toMatchObject({ events: [], complete: true, since: AT - 30 * DAY });
  });

  it('a busy account: two pages of 100 and no more, and the history says it is incomplete', async () => {
    const noise = Array.from({ length: 250 }, (_, i) =>
      eventBefore('coupon.updated', { id: `OTHER${i}`, object: 'coupon' }, DAY + i, null, undefined, `evt_noise_${i}`),
    );
    const fake = await roundTripFake(() => subscriptionScenario({ coupons: [], onInvoice: [], events: noise }));
    const ctx = context();
    const result = doc(await diagnoseCustomerById(await readerFor(fake), 'cus_1', ctx, { history: true }), ctx);
    expect(eventRequests(fake)).toHaveLength(2);
    expect(eventRequests(fake)[1]!.query).toHaveProperty('starting_after', 'evt_noise_99');
    expect(result.history).toMatchObject({ complete: false, events: [] });
  });

  it('check: when the code was deactivated, and by whom; one more request, no more round trips', async () => {
    const coupon = build.coupon({ id: 'LAUNCH50' });
    const code = build.promotionCode({ id: 'promo_1', code: 'LAUNCH', coupon: 'LAUNCH50', active: false });
    const fake = await roundTripFake(() => ({
      coupons: [coupon],
      promotionCodes: [code],
      events: [
        eventBefore(
          'promotion_code.updated',
          { id: 'promo_1', object: 'promotion_code', active: false, promotion: { coupon: 'LAUNCH50' } },
          3 * DAY,
          { id: 'req_off', idempotency_key: 'stripe-node-retry-1234' },
          { active: true },
        ),
        eventBefore('promotion_code.updated', { id: 'promo_other', object: 'promotion_code', active: false }, DAY),
      ],
    }));
    const ctx = context();
    const evaluated = await diagnoseCheckFor(await readerFor(fake), 'promo_1', ctx, null, {}, undefined, {
      history: true,
    });
    const result = doc(evaluated.diagnosis, evaluated.ctx);
    expect(result.reasons.map((r) => r.code)).toEqual(['promotion_code_inactive']);
    expect(result.history?.events).toEqual([
      expect.objectContaining({ change: 'deactivated', object_id: 'promo_1', actor: 'api', request_id: 'req_off' }),
    ]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.roundTrips()).toBe(1);
  });

  it('check without --history reads no events (absent)', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_1', coupon: 'C1' })],
    }));
    const ctx = context();
    const evaluated = await diagnoseCheckFor(await readerFor(fake), 'promo_1', ctx, null, {});
    expect(eventRequests(fake)).toEqual([]);
    expect(doc(evaluated.diagnosis, evaluated.ctx)).not.toHaveProperty('history');
  });

  it('coupon: "No such coupon" for a coupon the events saw deleted is coupon_deleted, with when and by whom', async () => {
    const fake = await roundTripFake(() => ({
      events: [
        eventBefore('coupon.deleted', { id: 'GONE10', object: 'coupon', duration: 'once' }, 5 * DAY, {
          id: 'req_del',
          idempotency_key: null,
        }),
      ],
    }));
    const ctx = context();
    const evaluated = await diagnoseCouponFor(await readerFor(fake), 'GONE10', ctx, null, {}, undefined, {
      history: true,
    });
    const result = doc(evaluated.diagnosis, evaluated.ctx);
    expect(result.reasons.map((r) => r.code)).toEqual(['coupon_deleted']);
    expect(result.history?.events).toEqual([
      expect.objectContaining({
        change: 'deleted',
        object_id: 'GONE10',
        request_id: 'req_del',
        actor: 'dashboard_or_api',
      }),
    ]);
    expect(fake.requests).toHaveLength(2);
    expect(fake.roundTrips()).toBe(1);
  });

  it('coupon: without --history, or without the event, "No such coupon" stays bad input', async () => {
    const fake = await roundTripFake(() => ({}));
    const ctx = context();
    const error = await rejection(diagnoseCouponFor(await readerFor(fake), 'GONE10', ctx, null, {}));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('No coupon GONE10 in this account (test mode); coupon ids are case-sensitive.');
    const withHistory = await rejection(
      diagnoseCouponFor(await readerFor(fake), 'GONE10', ctx, null, {}, undefined, { history: true }),
    );
    expect(withHistory.message).toContain('no event of the last 30 days deleted it');
  });
});
