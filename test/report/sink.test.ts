/**
 * The report sink as a pure module: diagnoses in, text out, one at a time. What it keeps is
 * the aggregate; each row leaves through the text `add` returns, at once.
 */
import { describe, expect, it } from 'vitest';
import { diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { CAP_LIST_SIZE, COUPONS_TRACKED, ReportAggregate } from '../../src/render/report/aggregate.js';
import { scriptSafeJson } from '../../src/render/report/rows.js';
import { createReportSink } from '../../src/render/report/sink.js';
import { AT, DAY, coupon, ctx, promo } from '../helpers/model.js';
import { readReport } from '../helpers/report.js';

const WEEK = 7 * DAY;
const diagnose = (overrides: Parameters<typeof promo>[0]) => diagnosePromotionCode(promo(overrides), ctx());

describe('createReportSink', () => {
  it('returns each row as it is added, and nothing for a code without findings', () => {
    const sink = createReportSink({ at: AT, generatedAt: AT, livemode: false });
    const head = sink.open();
    expect(head).toMatch(/<script type="application\/json" id="pd-rows">\[$/);
    expect(sink.add(diagnose({ id: 'promo_fine' }))).toBe('');
    const first = sink.add(diagnose({ id: 'promo_old', code: 'OLD', expires_at: AT - DAY }));
    expect(first).toMatch(/^\n\["promo_old","OLD",0,\[\d+(,\d+)*\],"COUPON1",0,null,\d+\]$/);
    expect(sink.add(diagnose({ id: 'promo_old2', expires_at: AT - DAY }))).toMatch(/^,\n\["promo_old2",/);
    const page = head + first + sink.add(diagnose({ id: 'promo_x', active: false })) + sink.close();
    const report = readReport(page);
    expect(report.rows.map((r) => r.id)).toEqual(['promo_old', 'promo_x']);
    expect(report.meta).toMatchObject({ scanned: 4, rows: 3, dashboard: 'https://dashboard.stripe.com/test/' });
  });

  it('an empty account gives a valid page that says there is nothing to show', () => {
    const sink = createReportSink({ at: AT, generatedAt: AT, livemode: false });
    const page = sink.open() + sink.close();
    const report = readReport(page);
    expect(report.rows).toEqual([]);
    expect(report.reasonBars).toEqual({});
    expect(report.weeks.every((w) => w.codes === 0 && w.coupons === 0)).toBe(true);
    expect(page).toContain('No code has a finding.');
  });

  it('live keys link to the live Dashboard; an incomplete audit says so at the top', () => {
    const sink = createReportSink({ at: AT, generatedAt: AT, livemode: true });
    const page = sink.open() + sink.close({ incomplete: 'This audit stopped after 0 codes <here>.' });
    expect(readReport(page).meta.dashboard).toBe('https://dashboard.stripe.com/');
    expect(page).toContain('<p class="warn">This audit stopped after 0 codes &lt;here&gt;.</p>');
  });
});

describe('ReportAggregate', () => {
  it('puts expiries in weeks: the 4 before the evaluation time and the 12 after, coupons once', () => {
    const a = new ReportAggregate(AT);
    const shared = coupon({ id: 'SHARED', redeem_by: AT + 2 * WEEK + 1 });
    for (const [i, when] of [
      AT - 4 * WEEK,
      AT - 1,
      AT,
      AT + 12 * WEEK - 1,
      AT + 12 * WEEK,
      AT - 4 * WEEK - 1,
    ].entries()) {
      a.add(diagnose({ id: `promo_${i}`, expires_at: when, coupon: shared }));
    }
    const byWeek = Object.fromEntries(a.weeks.map((w) => [w.week, [w.codes, w.coupons]]));
    expect(byWeek[-4]).toEqual([1, 0]);
    expect(byWeek[-1]).toEqual([1, 0]);
    expect(byWeek[0]).toEqual([1, 0]);
    expect(byWeek[2]).toEqual([0, 1]);
    expect(byWeek[11]).toEqual([1, 0]);
    expect(a.weeks.reduce((n, w) => n + w.codes, 0)).toBe(4);
  });

  it('keeps a bounded list of the codes and coupons closest to their cap, and counts those at it', () => {
    const a = new ReportAggregate(AT);
    for (let i = 0; i < 500; i++)
      a.add(diagnose({ id: `promo_${i}`, code: `C${i}`, max_redemptions: 1000, times_redeemed: i }));
    a.add(diagnose({ id: 'promo_full', max_redemptions: 5, times_redeemed: 5 }));
    a.add(diagnose({ id: 'promo_c', coupon: coupon({ id: 'NEARLY', max_redemptions: 10, times_redeemed: 9 }) }));
    const top = a.closestToCap();
    expect(top).toHaveLength(20);
    expect(top[0]).toMatchObject({ kind: 'coupon', id: 'NEARLY' });
    expect(top.slice(1).map((e) => e.id)).toEqual(Array.from({ length: 19 }, (_, k) => `promo_${499 - k}`));
    expect(a.codesAtCap).toBe(1);
  });

  it('per coupon: codes, working, dead, and the blocking reasons of the dead', () => {
    const a = new ReportAggregate(AT);
    const c = coupon({ id: 'C' });
    a.add(diagnose({ id: 'promo_a', coupon: c }));
    a.add(diagnose({ id: 'promo_b', coupon: c, expires_at: AT - DAY }));
    a.add(diagnose({ id: 'promo_c', coupon: c, expires_at: AT - DAY }));
    const summary = a.coupons.get('C')!;
    expect(summary).toMatchObject({ codes: 3, working: 1, dead: 2 });
    expect(summary.why.get('promotion_code_expired')).toBe(2);
  });

  it('keeps a bounded number of objects whatever the number of codes, even with one coupon per code', () => {
    // Issue 19: an audit of 1,000,000 codes in bounded memory. One-off coupons (one per code,
    // each with a cap, half of the codes expired) are the worst case: a summary per coupon
    // would grow with the codes.
    const a = new ReportAggregate(AT);
    const sink = createReportSink({ at: AT, generatedAt: AT, livemode: false });
    const n = COUPONS_TRACKED + 5_000;
    let page = sink.open();
    for (let i = 0; i < n; i++) {
      const d = diagnose({
        id: `promo_${i}`,
        coupon: coupon({ id: `ONEOFF_${i}`, max_redemptions: 10, times_redeemed: i % 10, redeem_by: AT + WEEK }),
        max_redemptions: 5,
        times_redeemed: i % 5,
        expires_at: i % 2 === 0 ? AT - DAY : null,
      });
      a.add(d);
      page += sink.add(d);
    }
    page += sink.close();
    expect(a.retained()).toEqual({
      coupons: COUPONS_TRACKED,
      couponCaps: COUPONS_TRACKED,
      codeCaps: CAP_LIST_SIZE,
      weeks: 16,
      reasons: a.byReason.size,
    });
    expect(a.byReason.size).toBeLessThanOrEqual(5);
    // Every code is still in the totals; those of coupons met after the cap in one line.
    expect(a.scanned).toBe(n);
    expect(a.untracked.codes).toBe(5_000);
    expect(a.untracked.working + a.untracked.dead).toBe(5_000);
    expect(a.untracked.dead).toBe(2_500);
    // The report says so, and its table of codes still has every code with a finding.
    expect(page).toContain(`data-untracked-codes="5000"`);
    expect(page).toContain('This audit met more than 10,000 coupons');
    expect(readReport(page).meta).toMatchObject({ scanned: n });
  });

  it('says nothing of untracked coupons when every coupon is summarised', () => {
    const sink = createReportSink({ at: AT, generatedAt: AT, livemode: false });
    const c = coupon({ id: 'SHARED' });
    let page = sink.open();
    for (let i = 0; i < 300; i++) page += sink.add(diagnose({ id: `promo_${i}`, coupon: c, expires_at: AT - DAY }));
    page += sink.close();
    expect(page).not.toContain('data-untracked-codes');
  });
});

describe('scriptSafeJson', () => {
  it('cannot end the script element, and reads back unchanged', () => {
    const hostile = { s: '</script><!-- & \u2028\u2029 >' };
    const text = scriptSafeJson(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});
