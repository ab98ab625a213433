/**
 * Property 7: `--at` moves the clock, and only the clock (docs/architecture.md, The JSON document and exit codes "Context rules": counters
 * and flags are taken as Stripe reports them). Moving `at` (with the moment the data was read
 * unchanged) never changes a finding that does not depend on time: limits and counters,
 * customers, amounts, currencies, products, deletion. And time only moves forward: what has
 * expired, passed or ended at one `at` has at every later one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/usecases/explain.js';
import { normalizeDiagnosable } from '../../src/model/diagnosable.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { RuleResult, Diagnosis } from '../../src/rules/diagnose.js';
import type { Finding, ReasonCode } from '../../src/rules/findings.js';
import { AT, DAY, SEED, evaluationTime, rawDiagnosable, redemptionContext } from '../helpers/arbitraries.js';

const RUNS = { seed: SEED, numRuns: 400 };

/** Another evaluation time: on the grid (deadlines fall on it) or any second. */
const otherAt = fc.oneof(evaluationTime, fc.integer({ min: AT - 60 * DAY, max: AT + 60 * DAY }));

/** Codes decided by counters, flags, ids and the redemption context: never by the clock. */
const TIMELESS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'promotion_code_max_redemptions_reached',
  'promotion_code_nearly_exhausted',
  'coupon_max_redemptions_reached',
  'coupon_nearly_exhausted',
  'coupon_deleted',
  'customer_mismatch',
  'customer_deleted',
  'customer_has_prior_transactions',
  'restricted_to_customer',
  'first_time_customers_only',
  'minimum_amount_not_met',
  'minimum_amount_required',
  'currency_mismatch',
  'currency_restricted',
  'product_not_eligible',
  'products_restricted',
]);

/** Checks of the checks table that read no time field. */
const TIMELESS_CHECKS: ReadonlySet<string> = new Set([
  'promotion_code.max_redemptions',
  'promotion_code.customer',
  'promotion_code.first_time_transaction',
  'promotion_code.minimum_amount',
  'coupon.max_redemptions',
  'coupon.currency',
  'coupon.applies_to',
  'coupon.deleted',
]);

/** Deadlines: once passed, passed for good. */
const PASSED: readonly ReasonCode[] = ['promotion_code_expired', 'coupon_redeem_by_passed', 'discount_ended'];

interface Slice {
  reasons: Finding[];
  perDiscount: Array<{ reasons: Finding[]; coupon: Finding[] }>;
  checks: RuleResult[];
}

/** The part of a diagnosis that must not depend on the clock. */
function timeless(d: Diagnosis): Slice {
  const keep = (fs: readonly Finding[]) => fs.filter((f) => TIMELESS.has(f.code));
  return {
    reasons: keep(d.reasons),
    perDiscount: (d.discounts ?? []).map((dd) => ({ reasons: keep(dd.reasons), coupon: keep(dd.coupon_reasons) })),
    checks: [...d.checks, ...(d.discounts ?? []).flatMap((dd) => dd.checks)].filter((c) => TIMELESS_CHECKS.has(c.id)),
  };
}

function passedDeadlines(d: Diagnosis): string[] {
  const all = [...d.reasons, ...(d.discounts ?? []).flatMap((dd) => [...dd.reasons, ...dd.coupon_reasons])];
  return [...new Set(all.filter((f) => PASSED.includes(f.code)).map((f) => `${f.code}:${f.id}`))].sort();
}

const diagnoseAt = (raw: Record<string, unknown>, ctx: RedemptionContext, at: number) =>
  diagnose(normalizeDiagnosable(raw), { ...ctx, at });

describe('moving --at', () => {
  it('leaves every finding and check that does not depend on time as it was', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), otherAt, (raw, ctx, at2) => {
        expect(timeless(diagnoseAt(raw, ctx, at2))).toEqual(timeless(diagnoseAt(raw, ctx, ctx.at)));
      }),
      RUNS,
    );
  });

  it('leaves the counters in the evidence as Stripe reported them', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), otherAt, (raw, ctx, at2) => {
        const counters = (d: Diagnosis) =>
          [...d.reasons, ...(d.discounts ?? []).flatMap((dd) => dd.coupon_reasons)]
            .filter((f) => f.code.endsWith('_max_redemptions_reached') || f.code.endsWith('_nearly_exhausted'))
            .map((f) => ({ code: f.code, id: f.id, evidence: f.evidence }));
        expect(counters(diagnoseAt(raw, ctx, at2))).toEqual(counters(diagnoseAt(raw, ctx, ctx.at)));
      }),
      RUNS,
    );
  });

  it('never un-expires: a deadline passed at --at is passed at every later --at', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), fc.nat({ max: 400 * 86400 }), (raw, ctx, later) => {
        const earlier = passedDeadlines(diagnoseAt(raw, ctx, ctx.at));
        const after = passedDeadlines(diagnoseAt(raw, ctx, ctx.at + later));
        for (const passed of earlier) expect(after).toContain(passed);
      }),
      RUNS,
    );
  });

  it('records the evaluation time it was given', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), evaluationTime, (raw, ctx, at2) => {
        expect(diagnoseAt(raw, ctx, at2).evaluated_at).toBe(at2);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});
