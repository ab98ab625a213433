/**
 * Rules about the promotion code's own limits: expiry and redemption count.
 * `promotion_code_inactive` is decided in diagnose.ts, once every other cause is known.
 */
import type { PromotionCode } from '../model/types.js';
import { dateWithHint, deadline, deadlineState, defineCheck, failed, notApplicable, passed, redemptionState, soon } from './check.js';
import { detect } from './findings.js';

export const promotionCodeExpiry = defineCheck<PromotionCode>({
  id: 'promotion_code.expires_at',
  title: 'Code expiry',
  run(code, ctx) {
    if (code.expires_at === null) return notApplicable('no expiry');
    const detail = `${code.expires_at <= ctx.at ? 'expired' : 'expires'} ${dateWithHint(code.expires_at, ctx)}`;
    switch (deadlineState(code.expires_at, ctx)) {
      case 'passed':
        return failed(detail, detect('promotion_code_expired', code.id, deadline('expires_at', code.expires_at, ctx)));
      case 'soon':
        return failed(detail, detect('promotion_code_expires_soon', code.id, soon('expires_at', code.expires_at, ctx)));
      case 'later':
        return passed(detail);
    }
  },
});

export const promotionCodeRedemptions = defineCheck<PromotionCode>({
  id: 'promotion_code.max_redemptions',
  title: 'Code redemptions',
  run(code) {
    if (code.max_redemptions === null) return notApplicable(`${code.times_redeemed} used, no limit`);
    const { state, count } = redemptionState(code.times_redeemed, code.max_redemptions);
    const detail = `${count.times_redeemed} of ${count.max_redemptions} used`;
    if (state === 'reached') return failed(detail, detect('promotion_code_max_redemptions_reached', code.id, count));
    if (state === 'nearly') return failed(detail, detect('promotion_code_nearly_exhausted', code.id, count));
    return passed(detail);
  },
});
