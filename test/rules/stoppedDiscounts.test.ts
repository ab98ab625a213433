/**
 * Why a discount stopped (discount_stopped), one case per cause Stripe documents, each present
 * and absent, on plain model objects at a fixed clock (src/rules/stoppedDiscounts.ts).
 */
import { describe, expect, it } from 'vitest';
import { eventHistory, normalizeEvent, type HistoryEvent } from '../../src/model/events.js';
import type { LatestInvoice, Subscription } from '../../src/model/types.js';
import { diagnoseCustomer, diagnoseSubscription } from '../../src/rules/diagnose.js';
import type { Finding } from '../../src/rules/findings.js';
import { AT, DAY, codes, coupon, ctx, customer, discount, objectEvidence, subscription } from '../helpers/model.js';

function invoice(overrides: Partial<LatestInvoice> = {}): LatestInvoice {
  return {
    id: 'in_1',
    created: AT - 10 * DAY,
    currency: 'usd',
    subtotal: 4000,
    total: 3200,
    discounts: [],
    discounts_expanded: true,
    ...overrides,
  };
}

/** A subscription whose latest invoice carried `old` and which now carries `now`. */
function subscriptionWith(
  old: ReturnType<typeof discount>[],
  now: ReturnType<typeof discount>[] = [],
  invoiceOverrides: Partial<LatestInvoice> = {},
): Subscription {
  return subscription({ discounts: now, latest_invoice: invoice({ discounts: old, ...invoiceOverrides }) });
}

function stopped(
  sub: Subscription,
  history: ReturnType<typeof eventHistory> | null = null,
): Finding<'discount_stopped'>[] {
  const d = diagnoseSubscription(sub, ctx(), { history });
  return (d.stopped_discounts ?? []).flatMap((s) => s.reasons) as Finding<'discount_stopped'>[];
}

const once = coupon({ id: 'ONCE50', duration: 'once' });
const forever = coupon({ id: 'FOREVER10', duration: 'forever' });
const repeating = coupon({ id: 'REPEAT3', duration: 'repeating', duration_in_months: 3 });

describe('discount_stopped: a once coupon after its first invoice', () => {
  it('present: on the latest invoice, gone from the subscription, as planned; info, never the verdict', () => {
    const sub = subscriptionWith([discount({ id: 'di_once', coupon: once })]);
    const d = diagnoseSubscription(sub, ctx());
    expect(d.verdict).toBe('redeemable');
    const [f] = stopped(sub);
    expect(f).toMatchObject({ code: 'discount_stopped', severity: 'info', object: 'discount', id: 'di_once' });
    expect(objectEvidence(f!)).toMatchObject({
      cause: 'once_used',
      coupon: 'ONCE50',
      duration: 'once',
      invoice: 'in_1',
    });
    expect(f!.message).toContain('ended there as planned');
    expect(f!.fix).toContain('Nothing to fix');
  });

  it('absent: the once discount is still on the subscription (its invoice not yet billed)', () => {
    const d = discount({ id: 'di_once', coupon: once });
    expect(stopped(subscriptionWith([d], [d]))).toEqual([]);
  });

  it('absent: the latest invoice is only an id (discounts not expanded): nothing is claimed', () => {
    const sub = subscriptionWith([], [], { discounts_expanded: false });
    expect(stopped(sub)).toEqual([]);
  });
});

describe('discount_stopped: a zero-total invoice that did not redeem', () => {
  it('present: the once discount was on an invoice that cost nothing (a trial): it saved nothing', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_trial', coupon: once })], [], { subtotal: 0, total: 0 }));
    expect(objectEvidence(f!)).toMatchObject({ cause: 'zero_total_invoice', invoice_subtotal: 0 });
    expect(f!.message).toContain('does not count it as redeemed');
    expect(f!.fix).toContain('first invoice that costs something');
  });

  it('absent: the invoice cost something', () => {
    const [f] = stopped(subscriptionWith([discount({ coupon: once })], [], { subtotal: 1 }));
    expect(objectEvidence(f!).cause).toBe('once_used');
  });
});

describe('discount_stopped: a repeating coupon after its months', () => {
  it('present: its end passed; worded as an end as planned, with its months', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_rep', coupon: repeating, end: AT - DAY })]));
    expect(objectEvidence(f!)).toMatchObject({ cause: 'repeating_ended', duration_in_months: 3, end: AT - DAY });
    expect(f!.message).toMatch(/ended as planned on .*after its 3 months \(duration: repeating\)/);
  });

  it('absent: gone before its end: not a planned end but a removal', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_rep', coupon: repeating, end: AT + 30 * DAY })]));
    expect(objectEvidence(f!).cause).toBe('removed');
  });
});

describe('discount_stopped: an update that replaced discounts without the old ones', () => {
  it('present: the subscription now has another discount that was not on the invoice', () => {
    const newer = discount({ id: 'di_new', coupon: coupon({ id: 'NEW5', duration: 'forever' }), start: AT - DAY });
    const [f] = stopped(subscriptionWith([discount({ id: 'di_old', coupon: forever })], [newer]));
    expect(objectEvidence(f!)).toMatchObject({ cause: 'replaced_by_update', replaced_by: ['di_new'] });
    expect(f!.message).toContain('an update that set discounts replaced it');
    expect(f!.fix).toContain('discounts[][discount]=di_');
  });

  it('absent: the old discount was kept beside the new one', () => {
    const old = discount({ id: 'di_old', coupon: forever });
    const newer = discount({ id: 'di_new', coupon: coupon({ id: 'NEW5' }) });
    expect(stopped(subscriptionWith([old], [old, newer]))).toEqual([]);
  });

  it('a forever discount gone with nothing in its place was removed', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_old', coupon: forever })]));
    expect(objectEvidence(f!).cause).toBe('removed');
    expect(f!.message).toContain('removed it');
  });
});

describe('discount_stopped: a deleted coupon ("No such coupon")', () => {
  it('present: the coupon of the stopped discount is deleted: it cannot be applied again', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_old', coupon: { kind: 'deleted', id: 'GONE' } })]));
    expect(objectEvidence(f!)).toMatchObject({ coupon: 'GONE', coupon_deleted: true });
    expect(f!.message).toContain('No such coupon');
    expect(f!.fix).toContain('Create a new coupon');
  });

  it('absent: the coupon still exists', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_old', coupon: forever })]));
    expect(objectEvidence(f!).coupon_deleted).toBe(false);
    expect(f!.message).not.toContain('No such coupon');
  });

  it('a coupon only known by id is read apart (live) and resolved from the map', () => {
    const sub = subscriptionWith([discount({ id: 'di_old', coupon: { kind: 'reference', id: 'ONCE50' } })]);
    const d = diagnoseSubscription(sub, ctx(), { coupons: new Map([['ONCE50', once]]) });
    expect(objectEvidence(d.stopped_discounts![0]!.reasons[0] as Finding<'discount_stopped'>).cause).toBe('once_used');
    const unknown = diagnoseSubscription(sub, ctx());
    expect(objectEvidence(unknown.stopped_discounts![0]!.reasons[0] as Finding<'discount_stopped'>).cause).toBe(
      'unknown',
    );
  });
});

/** A customer.discount.deleted event, as Stripe sends it. */
function removalEvent(overrides: { request?: unknown; created?: number; id?: string; subscription?: string | null }) {
  return {
    id: overrides.id ?? 'evt_1',
    object: 'event',
    type: 'customer.discount.deleted',
    created: overrides.created ?? AT - 2 * DAY,
    data: {
      object: {
        id: 'di_old',
        object: 'discount',
        customer: 'cus_1',
        subscription: overrides.subscription === undefined ? 'sub_1' : overrides.subscription,
        source: { type: 'coupon', coupon: 'FOREVER10' },
        start: AT - 40 * DAY,
        end: null,
      },
    },
    request: 'request' in overrides ? overrides.request : { id: 'req_1', idempotency_key: null },
  };
}

function historyOf(...raw: object[]) {
  return eventHistory(
    raw.map((e) => normalizeEvent(e as never)).filter((e): e is HistoryEvent => e !== null),
    AT,
    true,
  );
}

describe('discount_stopped with --history: when and by whom', () => {
  it('present: the removal event says when, and that a request (Dashboard or API) removed it', () => {
    const sub = subscriptionWith([discount({ id: 'di_old', coupon: forever })]);
    const [f] = stopped(sub, historyOf(removalEvent({})));
    expect(objectEvidence(f!)).toMatchObject({
      removal_event: 'found',
      removed_at: AT - 2 * DAY,
      removed_by: 'dashboard_or_api',
      request_id: 'req_1',
    });
    expect(f!.message).toContain('by a request from the Dashboard or the API');
  });

  it('absent: events read, none removed it: older than the 30 days Stripe keeps', () => {
    const [f] = stopped(subscriptionWith([discount({ id: 'di_old', coupon: forever })]), historyOf());
    expect(objectEvidence(f!).removal_event).toBe('none_in_window');
    expect(f!.message).toContain('30 days');
  });

  it('an event alone (no invoice shows it) still reports the stopped discount; Stripe itself removed it', () => {
    const sub = subscription({ discounts: [] });
    const [f] = stopped(sub, historyOf(removalEvent({ request: { id: null, idempotency_key: null } })));
    expect(f).toMatchObject({ code: 'discount_stopped', id: 'di_old' });
    expect(objectEvidence(f!)).toMatchObject({ removed_by: 'automatic', coupon: 'FOREVER10' });
    expect(f!.message).toContain('by Stripe itself');
  });

  it('a customer-level removal goes to the customer, not its subscriptions', () => {
    const d = diagnoseCustomer(customer({ subscriptions: [] }), ctx(), {
      history: historyOf(removalEvent({ subscription: null })),
    });
    expect(d.stopped_discounts?.map((s) => s.attached_to)).toEqual([{ type: 'customer', id: 'cus_1' }]);
    expect(codes(d.reasons)).toEqual(['discount_stopped']);
    expect(d.verdict).toBe('redeemable');
  });
});
