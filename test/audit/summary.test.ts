import { describe, expect, it } from 'vitest';
import { renderProgress } from '../../src/cli/auditProgress.js';
import { AuditSummary, renderAuditSummary } from '../../src/render/auditSummary.js';
import { createPalette } from '../../src/render/palette.js';
import { diagnosePromotionCode } from '../../src/rules/diagnose.js';
import { AT, coupon, ctx, DAY, promo } from '../helpers/model.js';

describe('the audit summary', () => {
  const summary = new AuditSummary();
  const dead = coupon({ id: 'GONE', valid: false, max_redemptions: 10, times_redeemed: 10 });
  const add = (overrides: Parameters<typeof promo>[0]) => summary.add(diagnosePromotionCode(promo(overrides), ctx()));
  add({ id: 'promo_1', coupon: dead, active: false });
  add({ id: 'promo_2', coupon: dead, active: false });
  add({ id: 'promo_3', expires_at: AT - DAY, active: false });
  add({ id: 'promo_4', customer: { kind: 'reference', id: 'cus_1' } });
  add({ id: 'promo_5' });
  summary.pages = 1;

  it('counts by verdict, by blocking reason and by other finding, and names the coupons with most dead codes', () => {
    const text = renderAuditSummary(summary, createPalette(false), {
      seconds: 1.25,
      requests: 2,
      throttled: 1,
      createdUpTo: AT,
    });
    expect(text).toBe(
      [
        'Audited 5 promotion codes in 1 page, 1.3 s',
        '  not_redeemable: 3  conditional: 1  redeemable: 1',
        '  blocking reason                 codes',
        '  coupon_max_redemptions_reached  2',
        '  promotion_code_expired          1',
        '  other finding           codes',
        '  restricted_to_customer  1',
        '  coupons with the most dead codes: GONE (2), COUPON1 (1)',
        '  2 requests, 1 rate-limited (429); codes created after 2026-06-01T00:00:00Z are out of scope',
        '',
      ].join('\n'),
    );
  });

  it('the progress line: codes, pages, requests/s, 429s, problems, share done', () => {
    expect(
      renderProgress({ scanned: 12_300, pages: 123, problems: 1_204, requests: 130, throttled: 2, done: 0.377 }, 10),
    ).toBe('scanned 12,300 codes · 123 pages · 13.0 requests/s · 2 × 429 · 1,204 not redeemable · about 37% done');
  });
});
