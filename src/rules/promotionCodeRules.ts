/**
 * Rules about the promotion code's own limits: expiry and redemption count.
 * `promotion_code_inactive` is decided in diagnose.ts, once every other cause is known.
 */
import type { PromotionCode } from '../model/types.js';
import { dateWithHint, deadlineRule, redemptionRule } from './rule.js';

export const promotionCodeExpiry = deadlineRule<PromotionCode, 'expires_at'>({
  id: 'promotion_code.expires_at',
  title: 'Code expiry',
  field: 'expires_at',
  passedCode: 'promotion_code_expired',
  soonCode: 'promotion_code_expires_soon',
  absent: 'no expiry',
  describe: (at, ctx) => `${at <= ctx.at ? 'expired' : 'expires'} ${dateWithHint(at, ctx)}`,
});

export const promotionCodeRedemptions = redemptionRule<PromotionCode>({
  id: 'promotion_code.max_redemptions',
  title: 'Code redemptions',
  reachedCode: 'promotion_code_max_redemptions_reached',
  nearlyCode: 'promotion_code_nearly_exhausted',
});

/** The promotion-code rules of this family, in the order of the rule results (src/rules/registry.ts). */
export const LIFETIME_RULES = [promotionCodeExpiry, promotionCodeRedemptions] as const;
