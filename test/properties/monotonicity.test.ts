/**
 * Property 4: adding a blocking cause never makes a code (more) redeemable. For generated
 * promotion codes (both shapes), coupons and customers in generated contexts, adding one cause
 * of section 3 always yields `not_redeemable` with the cause's own code present, or, where the
 * design suppresses it, the code that explains the same thing:
 * - `promotion_code_inactive` only when no expiry, limit or coupon finding explains `active: false`;
 * - `coupon_invalid` only when no deletion, redeem_by or limit explains `valid: false`;
 * - and neither when the flag is explained by a deadline that passed between `--at` and the
 *   moment the data was read (`--at` moves the clock; flags are as Stripe reports them now:
 *   docs/architecture.md, The JSON document and exit codes "Context rules"). There, the flag adds no finding at all.
 * Every blocking finding from before the change is still there, except those the new cause
 * supersedes (listed per cause: the coupon's own findings once the coupon is deleted, …).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/usecases/explain.js';
import { normalizeDiagnosable } from '../../src/model/diagnosable.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import type { Finding, ReasonCode } from '../../src/rules/findings.js';
import {
  CUSTOMERS,
  CURRENCIES,
  HOUR,
  SEED,
  couponOfCode,
  deletedStub,
  historyItem,
  rawCoupon,
  rawCustomer,
  rawPromotionCode,
  redemptionContext,
  withCoupon,
  type Raw,
} from '../helpers/arbitraries.js';

const RUNS = { seed: SEED, numRuns: 250 };

const CODE_CLOSERS: readonly ReasonCode[] = [
  'promotion_code_expired',
  'promotion_code_max_redemptions_reached',
  'coupon_deleted',
  'coupon_redeem_by_passed',
  'coupon_max_redemptions_reached',
  'coupon_invalid',
];
const COUPON_CLOSERS: readonly ReasonCode[] = [
  'coupon_deleted',
  'coupon_redeem_by_passed',
  'coupon_max_redemptions_reached',
];
/** Findings about the coupon object, which a deleted coupon no longer has. */
const COUPON_OWN: readonly ReasonCode[] = [
  'coupon_redeem_by_passed',
  'coupon_max_redemptions_reached',
  'coupon_invalid',
  'currency_mismatch',
  'product_not_eligible',
];

function diagnoseRaw(raw: Raw, ctx: RedemptionContext): Diagnosis {
  return diagnose(normalizeDiagnosable(raw), ctx);
}

const codes = (d: Diagnosis): ReasonCode[] => d.reasons.map((f) => f.code);
const key = (f: Finding) => `${f.code}/${f.object}`;
const summary = (d: Diagnosis) => `${d.verdict} [${d.reasons.map((f) => `${f.code}(${f.severity})`).join(', ')}]`;

function isExpanded(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Raw).deleted !== true;
}

/** A cause applied to a raw object and its context (the context change is made to both sides). */
interface Applied {
  /** The context both sides are diagnosed in. */
  ctx: RedemptionContext;
  before: Raw;
  after: Raw;
  /** The change changes the context too (a redeeming customer who was deleted). */
  afterCtx?: RedemptionContext;
}

interface Expectation {
  /** At least one of these codes must be present after the change. */
  anyOf: readonly ReasonCode[];
  /** Blocking findings from before that the cause may supersede, as `code` or `code/object`. */
  supersedes: readonly string[];
}

function expectMonotone(applied: Applied, expectation: Expectation): { before: Diagnosis; after: Diagnosis } {
  const before = diagnoseRaw(applied.before, applied.ctx);
  const after = diagnoseRaw(applied.after, applied.afterCtx ?? applied.ctx);
  const where = `before: ${summary(before)}\nafter:  ${summary(after)}`;
  expect(after.verdict, where).toBe('not_redeemable');
  expect(
    codes(after).some((c) => expectation.anyOf.includes(c)),
    `one of ${expectation.anyOf.join(', ')}\n${where}`,
  ).toBe(true);
  const afterKeys = new Set(after.reasons.map(key));
  for (const f of before.reasons.filter((x) => x.severity === 'blocking')) {
    const kept =
      afterKeys.has(key(f)) || expectation.supersedes.includes(f.code) || expectation.supersedes.includes(key(f));
    expect(kept, `blocking ${key(f)} from before is still reported or superseded\n${where}`).toBe(true);
  }
  return { before, after };
}

/** Promotion codes whose coupon is an expanded object (for the causes on the coupon's fields). */
const codeWithCoupon = fc
  .tuple(rawPromotionCode, rawCoupon)
  .map(([code, coupon]) => (isExpanded(couponOfCode(code)) ? code : withCoupon(code, coupon)));

const anyContext = redemptionContext();
const lag = fc.nat({ max: 72 }).map((h) => h * HOUR);

describe('adding a blocking cause to a promotion code', () => {
  it('expires_at at or before --at: promotion_code_expired', () => {
    fc.assert(
      fc.property(
        rawPromotionCode,
        anyContext,
        lag,
        (code, ctx, k) =>
          void expectMonotone(
            { ctx, before: code, after: { ...code, expires_at: ctx.at - k } },
            { anyOf: ['promotion_code_expired'], supersedes: ['promotion_code_inactive'] },
          ),
      ),
      RUNS,
    );
  });

  it('times_redeemed reaches max_redemptions: promotion_code_max_redemptions_reached', () => {
    fc.assert(
      fc.property(
        rawPromotionCode,
        anyContext,
        fc.integer({ min: 1, max: 500 }),
        fc.nat({ max: 2 }),
        (code, ctx, max, over) =>
          void expectMonotone(
            { ctx, before: code, after: { ...code, max_redemptions: max, times_redeemed: max + over } },
            { anyOf: ['promotion_code_max_redemptions_reached'], supersedes: ['promotion_code_inactive'] },
          ),
      ),
      RUNS,
    );
  });

  it("the coupon is deleted: coupon_deleted (the coupon's own findings go with it)", () => {
    fc.assert(
      fc.property(rawPromotionCode, anyContext, (code, ctx) => {
        const coupon = couponOfCode(code);
        const id =
          typeof coupon === 'string'
            ? coupon
            : isExpanded(coupon) && typeof coupon.id === 'string'
              ? coupon.id
              : 'SUMMER25';
        expectMonotone(
          { ctx, before: code, after: withCoupon(code, deletedStub('coupon', id)) },
          {
            anyOf: ['coupon_deleted'],
            supersedes: [
              'promotion_code_inactive',
              ...COUPON_OWN.map((c) => (c === 'currency_mismatch' ? 'currency_mismatch/coupon' : c)),
            ],
          },
        );
      }),
      RUNS,
    );
  });

  it('coupon redeem_by at or before --at: coupon_redeem_by_passed', () => {
    fc.assert(
      fc.property(codeWithCoupon, anyContext, lag, (code, ctx, k) => {
        const coupon = couponOfCode(code) as Raw;
        expectMonotone(
          { ctx, before: code, after: withCoupon(code, { ...coupon, redeem_by: ctx.at - k }) },
          { anyOf: ['coupon_redeem_by_passed'], supersedes: ['promotion_code_inactive', 'coupon_invalid'] },
        );
      }),
      RUNS,
    );
  });

  it('coupon times_redeemed reaches max_redemptions: coupon_max_redemptions_reached', () => {
    fc.assert(
      fc.property(codeWithCoupon, anyContext, fc.integer({ min: 1, max: 500 }), (code, ctx, max) => {
        const coupon = couponOfCode(code) as Raw;
        expectMonotone(
          { ctx, before: code, after: withCoupon(code, { ...coupon, max_redemptions: max, times_redeemed: max }) },
          { anyOf: ['coupon_max_redemptions_reached'], supersedes: ['promotion_code_inactive', 'coupon_invalid'] },
        );
      }),
      RUNS,
    );
  });

  it('coupon valid: false: coupon_invalid, or the closer that explains it; nothing when redeem_by passed only after --at', () => {
    fc.assert(
      fc.property(codeWithCoupon, anyContext, (code, ctx) => {
        const coupon = couponOfCode(code) as Raw;
        const after = withCoupon(code, { ...coupon, valid: false });
        const redeemBy = typeof coupon.redeem_by === 'number' ? coupon.redeem_by : null;
        if (redeemBy !== null && redeemBy > ctx.at && redeemBy <= ctx.observed_at) {
          // Closed since --at: at --at the coupon was still open, so valid: false adds nothing.
          expect(diagnoseRaw(after, ctx).reasons).toEqual(diagnoseRaw(code, ctx).reasons);
          return;
        }
        const { after: d } = expectMonotone(
          { ctx, before: code, after },
          { anyOf: ['coupon_invalid', ...COUPON_CLOSERS], supersedes: ['promotion_code_inactive'] },
        );
        const closers = codes(d).filter((c) => COUPON_CLOSERS.includes(c));
        expect(
          codes(d).includes('coupon_invalid'),
          `coupon_invalid exactly when no closer explains it: ${summary(d)}`,
        ).toBe(closers.length === 0);
      }),
      RUNS,
    );
  });

  it('active: false: promotion_code_inactive, or the finding that explains it; nothing when it expired or closed only after --at', () => {
    fc.assert(
      fc.property(rawPromotionCode, anyContext, (code, ctx) => {
        const after = { ...code, active: false };
        const before = diagnoseRaw(code, ctx);
        const explained = codes(before).some((c) => CODE_CLOSERS.includes(c));
        const expiresAt = typeof code.expires_at === 'number' ? code.expires_at : null;
        const coupon = couponOfCode(code);
        const redeemBy = isExpanded(coupon) && typeof coupon.redeem_by === 'number' ? coupon.redeem_by : null;
        const closedSince = [expiresAt, redeemBy].some((t) => t !== null && t <= ctx.observed_at);
        if (!explained && closedSince) {
          expect(diagnoseRaw(after, ctx).reasons).toEqual(before.reasons);
          return;
        }
        const { after: d } = expectMonotone(
          { ctx, before: code, after },
          { anyOf: ['promotion_code_inactive', ...CODE_CLOSERS], supersedes: [] },
        );
        expect(
          codes(d).includes('promotion_code_inactive'),
          `promotion_code_inactive exactly when nothing explains it: ${summary(d)}`,
        ).toBe(!explained);
      }),
      RUNS,
    );
  });

  it('restricted to another customer, --customer given: customer_mismatch', () => {
    fc.assert(
      fc.property(
        rawPromotionCode,
        redemptionContext({ customer: true }),
        fc.constantFrom(...CUSTOMERS, 'cus_Other9'),
        (code, ctx, owner) => {
          fc.pre(owner !== ctx.customer);
          expectMonotone(
            { ctx, before: code, after: { ...code, customer: owner } },
            // The restriction is replaced: one to a deleted customer (customer_deleted) goes with it.
            { anyOf: ['customer_mismatch'], supersedes: ['customer_deleted'] },
          );
        },
      ),
      RUNS,
    );
  });

  it('a minimum above the amount, --amount and --currency given: minimum_amount_not_met', () => {
    fc.assert(
      fc.property(
        rawPromotionCode,
        redemptionContext({ amount: true }),
        fc.integer({ min: 1, max: 10_000 }),
        (code, ctx, above) => {
          const restrictions = isExpanded(code.restrictions) ? code.restrictions : {};
          const options = isExpanded(restrictions.currency_options) ? restrictions.currency_options : {};
          const after = {
            ...code,
            restrictions: {
              ...restrictions,
              currency_options: { ...options, [ctx.currency!]: { minimum_amount: ctx.amount! + above } },
            },
          };
          // A minimum now exists for the order's currency: "no minimum in this currency" goes.
          expectMonotone(
            { ctx, before: code, after },
            { anyOf: ['minimum_amount_not_met'], supersedes: ['currency_mismatch/promotion_code'] },
          );
        },
      ),
      RUNS,
    );
  });

  it('coupon applies_to other products, --product given: product_not_eligible', () => {
    fc.assert(
      fc.property(codeWithCoupon, anyContext, (code, ctx) => {
        const c = { ...ctx, products: ctx.products.length > 0 ? ctx.products : ['prod_Hats'] };
        const coupon = couponOfCode(code) as Raw;
        expectMonotone(
          {
            ctx: c,
            before: code,
            after: withCoupon(code, { ...coupon, applies_to: { products: ['prod_Elsewhere'] } }),
          },
          { anyOf: ['product_not_eligible'], supersedes: [] },
        );
      }),
      RUNS,
    );
  });

  it('an amount_off coupon in other currencies only, --currency given: currency_mismatch', () => {
    fc.assert(
      fc.property(
        codeWithCoupon,
        redemptionContext({ amount: true }),
        fc.constantFrom(...CURRENCIES),
        (code, ctx, other) => {
          fc.pre(other !== ctx.currency);
          const coupon = couponOfCode(code) as Raw;
          const after = withCoupon(code, {
            ...coupon,
            percent_off: null,
            amount_off: 500,
            currency: other,
            currency_options: { [other]: { amount_off: 500 } },
          });
          expectMonotone({ ctx, before: code, after }, { anyOf: ['currency_mismatch'], supersedes: [] });
        },
      ),
      RUNS,
    );
  });

  it('first-time only, and the customer has a successful charge: customer_has_prior_transactions', () => {
    fc.assert(
      fc.property(
        rawPromotionCode,
        redemptionContext({ customer: true }),
        fc.array(historyItem, { maxLength: 3 }),
        (code, ctx, items) => {
          const c: RedemptionContext = {
            ...ctx,
            history: {
              customer: ctx.customer!,
              items: [...items, { object: 'charge', id: 'ch_Earlier1', status: 'succeeded', created: ctx.at - 86400 }],
            },
          };
          const restrictions = isExpanded(code.restrictions) ? code.restrictions : {};
          expectMonotone(
            {
              ctx: c,
              before: code,
              after: { ...code, restrictions: { ...restrictions, first_time_transaction: true } },
            },
            { anyOf: ['customer_has_prior_transactions'], supersedes: [] },
          );
        },
      ),
      RUNS,
    );
  });

  it('the redeeming customer was deleted: customer_deleted', () => {
    fc.assert(
      fc.property(rawPromotionCode, redemptionContext({ customer: true }), (code, ctx) => {
        const c: RedemptionContext = { ...ctx, customer_record: null };
        expectMonotone(
          {
            ctx: c,
            before: code,
            after: code,
            afterCtx: { ...c, customer_record: { kind: 'deleted', id: ctx.customer! } },
          },
          { anyOf: ['customer_deleted'], supersedes: [] },
        );
      }),
      RUNS,
    );
  });
});

describe('adding a blocking cause to a coupon on its own', () => {
  const causes: Array<[string, (coupon: Raw, ctx: RedemptionContext) => Raw, ReasonCode[], string[]]> = [
    ['redeem_by at --at', (c, ctx) => ({ ...c, redeem_by: ctx.at }), ['coupon_redeem_by_passed'], ['coupon_invalid']],
    [
      'redeemed out',
      (c) => ({ ...c, max_redemptions: 3, times_redeemed: 3 }),
      ['coupon_max_redemptions_reached'],
      ['coupon_invalid'],
    ],
    ['deleted', (c) => deletedStub('coupon', String(c.id)), ['coupon_deleted'], [...COUPON_OWN]],
  ];
  for (const [name, cause, anyOf, supersedes] of causes) {
    it(name, () => {
      fc.assert(
        fc.property(
          rawCoupon,
          anyContext,
          (coupon, ctx) =>
            void expectMonotone({ ctx, before: coupon, after: cause(coupon, ctx) }, { anyOf, supersedes }),
        ),
        RUNS,
      );
    });
  }
});

describe('adding a blocking cause to a customer', () => {
  it("the customer's discount ended at or before --at: discount_ended, and it no longer applies", () => {
    fc.assert(
      fc.property(rawCustomer, anyContext, lag, (customer, ctx, k) => {
        fc.pre(isExpanded(customer.discount));
        const after = { ...customer, discount: { ...(customer.discount as Raw), end: ctx.at - k } };
        const { after: d } = expectMonotone(
          { ctx, before: customer, after },
          { anyOf: ['discount_ended'], supersedes: [] },
        );
        expect(d.discounts?.[0]?.applies).toBe(false);
      }),
      RUNS,
    );
  });
});
