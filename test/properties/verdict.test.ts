/**
 * Property 3: the verdict follows the findings (docs/architecture.md, The JSON document and exit codes) for generated Stripe-like promotion
 * codes, coupons, customers, subscriptions and discounts in generated contexts.
 * - not_redeemable iff some reason is blocking; conditional iff none is blocking and some is
 *   conditional; else redeemable;
 * - the document's `redeemable` is `verdict !== 'not_redeemable'`; the exit code follows;
 * - every finding's severity is the catalogue's (section 3: "always the one in the table");
 * - reasons are sorted most severe first;
 * - conditional findings appear only when the context they need was not given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/usecases/explain.js';
import { exitCodeFor } from '../../src/cli/exitCode.js';
import { normalizeDiagnosable } from '../../src/model/diagnosable.js';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import { verdictOf, type Diagnosis } from '../../src/rules/diagnose.js';
import { SEVERITIES, type Finding, type Severity } from '../../src/rules/findings.js';
import { diagnosisDocument } from '../../src/render/json.js';
import { SEED, rawDiagnosable, rawPromotionCode, redemptionContext, type Raw } from '../helpers/arbitraries.js';

const RUNS = { seed: SEED, numRuns: 400 };
const RANK: Record<Severity, number> = { blocking: 0, conditional: 1, warning: 2, info: 3 };

function diagnoseRaw(raw: Raw, ctx: RedemptionContext): Diagnosis {
  return diagnose(normalizeDiagnosable(raw), ctx);
}

/** Every finding in a diagnosis: top level, per discount, the discounts' coupons', and the matches'. */
function allFindings(d: Diagnosis): Finding[] {
  return [
    ...d.reasons,
    ...(d.discounts ?? []).flatMap((dd) => [...dd.reasons, ...dd.coupon_reasons]),
    ...(d.matches ?? []).flatMap(allFindings),
  ];
}

function expectSortedBySeverity(findings: readonly Finding[], where: string): void {
  const ranks = findings.map((f) => RANK[f.severity]);
  expect(ranks, `${where} most severe first`).toEqual([...ranks].sort((a, b) => a - b));
}

function expectVerdictFollowsFindings(d: Diagnosis, ctx: RedemptionContext): void {
  const blocking = d.reasons.some((f) => f.severity === 'blocking');
  const conditional = d.reasons.some((f) => f.severity === 'conditional');
  const codes = d.reasons.map((f) => `${f.code}(${f.severity})`).join(', ');
  expect(d.verdict === 'not_redeemable', `not_redeemable iff a blocking reason: [${codes}]`).toBe(blocking);
  expect(d.verdict === 'conditional', `conditional iff no blocking and a conditional reason: [${codes}]`).toBe(
    !blocking && conditional,
  );
  expect(d.verdict === 'redeemable', `redeemable iff neither: [${codes}]`).toBe(!blocking && !conditional);

  const doc = diagnosisDocument(d, ctx);
  expect(doc.verdict).toBe(d.verdict);
  expect(doc.redeemable).toBe(d.verdict !== 'not_redeemable');
  expect(exitCodeFor([d], false)).toBe(blocking ? 1 : 0);
  const risky = d.reasons.some((f) => f.severity === 'conditional' || f.severity === 'warning');
  expect(exitCodeFor([d], true), '--strict also fails on conditional and warning findings').toBe(
    blocking || risky ? 1 : 0,
  );

  for (const f of allFindings(d)) expect(f.severity, `severity of ${f.code}`).toBe(CATALOGUE[f.code].severity);
  expectSortedBySeverity(d.reasons, 'reasons');
  for (const dd of d.discounts ?? []) {
    expectSortedBySeverity(dd.reasons, `discount ${dd.discount.id} reasons`);
    expectSortedBySeverity(dd.coupon_reasons, `discount ${dd.discount.id} coupon_reasons`);
  }
}

describe('the verdict follows the findings', () => {
  it('verdictOf: any list of severities, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SEVERITIES), { maxLength: 8 }), fc.nat(), (severities, rotate) => {
        const findings = severities.map((severity) => ({ severity }));
        const expected = severities.includes('blocking')
          ? 'not_redeemable'
          : severities.includes('conditional')
            ? 'conditional'
            : 'redeemable';
        expect(verdictOf(findings)).toBe(expected);
        const k = severities.length === 0 ? 0 : rotate % severities.length;
        expect(verdictOf([...findings.slice(k), ...findings.slice(0, k)])).toBe(expected);
      }),
      RUNS,
    );
  });

  it('any Stripe-like object, any context', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), (raw, ctx) =>
        expectVerdictFollowsFindings(diagnoseRaw(raw, ctx), ctx),
      ),
      RUNS,
    );
  });

  it('promotion codes with the full context given (customer, amount and currency, products)', () => {
    fc.assert(
      fc.property(rawPromotionCode, redemptionContext({ customer: true, amount: true }), (raw, ctx) =>
        expectVerdictFollowsFindings(diagnoseRaw(raw, ctx), ctx),
      ),
      RUNS,
    );
  });

  it('customers, subscriptions and discounts: top-level reasons are the discount-level findings, and a discount applies unless it ended', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), (raw, ctx) => {
        const d = diagnoseRaw(raw, ctx);
        fc.pre(d.discounts !== undefined);
        if (d.customer !== undefined && d.customer.kind !== 'customer') {
          // A deleted customer: its discounts went with it, and the one finding says so.
          expect(d.discounts).toEqual([]);
          expect(d.reasons.map((f) => f.code)).toEqual(['customer_deleted']);
          return;
        }
        const discountLevel = d.discounts!.flatMap((dd) => dd.reasons);
        expect([...d.reasons].sort(byKey)).toEqual([...discountLevel].sort(byKey));
        for (const f of d.reasons) expect(['discount_ended', 'discount_outlives_coupon']).toContain(f.code);
        for (const dd of d.discounts!) {
          expect(dd.applies, `discount ${dd.discount.id}`).toBe(!dd.reasons.some((f) => f.code === 'discount_ended'));
          // "keeps applying although its coupon is no longer valid": never said of a discount that ended.
          if (dd.reasons.some((f) => f.code === 'discount_outlives_coupon'))
            expect(dd.applies, `discount ${dd.discount.id} outlives its coupon`).toBe(true);
          for (const f of dd.coupon_reasons) expect(f.object, `${f.code} in coupon_reasons`).toBe('coupon');
        }
      }),
      RUNS,
    );
  });
});

const byKey = (a: Finding, b: Finding) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** Which piece of context each conditional code waits for (README, Reason catalogue, severity `conditional`). */
function missingContextExplains(f: Finding, ctx: RedemptionContext): boolean {
  switch (f.code) {
    case 'restricted_to_customer':
      return ctx.customer === null;
    case 'first_time_customers_only':
      return ctx.customer === null || ctx.history === null || ctx.history.customer !== ctx.customer;
    case 'minimum_amount_required':
      return ctx.amount === null || ctx.currency === null;
    case 'currency_restricted':
      return ctx.currency === null;
    case 'products_restricted':
      return ctx.products.length === 0;
    case 'coupon_not_checked':
      // The one conditional that waits for data, not context: the coupon was only an id.
      return true;
    default:
      return false;
  }
}

describe('conditional means "the context was not given"', () => {
  it('every conditional finding names a piece of context that is missing', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), (raw, ctx) => {
        for (const f of allFindings(diagnoseRaw(raw, ctx)).filter((x) => x.severity === 'conditional')) {
          expect(missingContextExplains(f, ctx), `${f.code} with context ${JSON.stringify(ctx)}`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('with the whole context given (customer with history, amount, currency, a product) nothing is conditional', () => {
    const full = redemptionContext({ customer: true, amount: true }).map(
      (ctx): RedemptionContext => ({
        ...ctx,
        customer_record: null,
        history: { customer: ctx.customer!, items: ctx.history?.items ?? [] },
        products: ctx.products.length > 0 ? ctx.products : ['prod_Hats'],
      }),
    );
    fc.assert(
      fc.property(rawPromotionCode, full, (raw, ctx) => {
        const d = diagnoseRaw(raw, ctx);
        // A coupon that is only an id stays unchecked whatever the context (coupon_not_checked).
        if (d.reasons.some((f) => f.code === 'coupon_not_checked')) return;
        expect(d.reasons.filter((f) => f.severity === 'conditional').map((f) => f.code)).toEqual([]);
        expect(d.verdict).not.toBe('conditional');
      }),
      RUNS,
    );
  });
});
