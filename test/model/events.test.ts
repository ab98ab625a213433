/**
 * Reading Stripe's events for --history (src/model/events.ts): the change each event records,
 * who caused it (its `request`), and which events concern the object asked about.
 */
import { describe, expect, it } from 'vitest';
import { actorOf, eventHistory, eventsAbout, normalizeEvent } from '../../src/model/events.js';
import { AT, DAY } from '../helpers/time.js';

const promoEvent = (previous: object, active: boolean, request: unknown = { id: 'req_9', idempotency_key: null }) => ({
  id: 'evt_p',
  object: 'event',
  api_version: '2025-03-31.basil',
  type: 'promotion_code.updated',
  created: AT - DAY,
  data: {
    object: { id: 'promo_1', object: 'promotion_code', active, coupon: { id: 'C1' } },
    previous_attributes: previous,
  },
  request,
});

describe('who caused an event (Event.request)', () => {
  it('no request id: automatic (Stripe itself)', () => {
    expect(actorOf({ id: null, idempotency_key: null }).actor).toBe('automatic');
    expect(actorOf(null).actor).toBe('automatic');
  });
  it("stripe-node's retry idempotency key: an API call", () => {
    expect(actorOf({ id: 'req_1', idempotency_key: 'stripe-node-retry-0b1c' })).toEqual({
      actor: 'api',
      request_id: 'req_1',
      idempotency_key: 'stripe-node-retry-0b1c',
    });
  });
  it('any other request: Dashboard or API (a v1 event does not say which)', () => {
    expect(actorOf({ id: 'req_1', idempotency_key: 'c0ffee' }).actor).toBe('dashboard_or_api');
    // Before API 2017-05-25 `request` was the id itself.
    expect(actorOf('req_old')).toMatchObject({ actor: 'dashboard_or_api', request_id: 'req_old' });
  });
});

describe('the change an event records', () => {
  it('promotion_code.updated from active true to false is a deactivation; the reverse a reactivation', () => {
    expect(normalizeEvent(promoEvent({ active: true }, false))).toMatchObject({
      change: 'deactivated',
      object_id: 'promo_1',
      coupon: 'C1',
      request_id: 'req_9',
    });
    expect(normalizeEvent(promoEvent({ active: false }, true))?.change).toBe('reactivated');
    expect(normalizeEvent(promoEvent({ metadata: {} }, true))?.change).toBe('updated');
  });
  it('the stored example (shared/stripe/examples/event-promotion_code.updated.json, copied): a deactivation', () => {
    const example = {
      id: 'evt_Example0004',
      object: 'event',
      api_version: '2025-03-31.basil',
      created: 1740000000,
      data: {
        object: { id: 'promo_Example0004', object: 'promotion_code', active: false, coupon: { id: 'LAUNCH50' } },
        previous_attributes: { active: true },
      },
      request: { id: 'req_Example0004', idempotency_key: null },
      type: 'promotion_code.updated',
    };
    expect(normalizeEvent(example)).toMatchObject({
      change: 'deactivated',
      actor: 'dashboard_or_api',
      created_iso: '2025-02-19T21:20:00Z',
    });
  });
  it('other types are not history', () => {
    expect(
      normalizeEvent({ id: 'evt_x', type: 'charge.succeeded', created: AT, data: { object: { id: 'ch_1' } } }),
    ).toBe(null);
  });
});

describe('events about the object asked about', () => {
  const events = [
    promoEvent({ active: true }, false),
    {
      id: 'evt_c',
      type: 'coupon.deleted',
      created: AT - 3 * DAY,
      data: { object: { id: 'C1', object: 'coupon' } },
      request: null,
    },
    {
      id: 'evt_d',
      type: 'customer.discount.deleted',
      created: AT - 2 * DAY,
      data: { object: { id: 'di_1', object: 'discount', customer: 'cus_1', subscription: null, coupon: { id: 'C1' } } },
      request: null,
    },
  ];
  it('keeps the code, the coupon and the customer asked about, newest first', () => {
    expect(eventsAbout(events, { promotion_codes: ['promo_1'], coupons: ['C1'] }).map((e) => e.id)).toEqual([
      'evt_p',
      'evt_c',
    ]);
    expect(eventsAbout(events, { customer: 'cus_1' }).map((e) => e.id)).toEqual(['evt_d']);
    expect(eventsAbout(events, { customer: 'cus_2', coupons: ['C2'] })).toEqual([]);
  });
  it('the window is the 30 days Stripe keeps', () => {
    expect(eventHistory([], AT, true)).toMatchObject({ since: AT - 30 * DAY, until: AT, complete: true });
  });
});
