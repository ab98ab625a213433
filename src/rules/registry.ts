/**
 * The ordered list of rules per object. Order is the order of the rule results and, within a
 * severity, of the findings. Each rule family (src/rules/*Rules.ts) keeps the ordered list of
 * its own rules beside them, so a new rule in a family is added there; this file changes only
 * when a family is added or the families change places.
 */
import { AMOUNT_RULES } from './amountRules.js';
import { COUPON_RULES } from './couponRules.js';
import { CUSTOMER_RULES } from './customerRules.js';
import { DISCOUNT_RULES } from './discountRules.js';
import { LIFETIME_RULES } from './promotionCodeRules.js';
import { SURFACE_RULES } from './surfaceRules.js';

/** Its lifetime (expiry, redemptions), who may redeem it, the amount, then where it is redeemed. */
export const PROMOTION_CODE_RULES = [...LIFETIME_RULES, ...CUSTOMER_RULES, ...AMOUNT_RULES, ...SURFACE_RULES] as const;

export { COUPON_RULES, DISCOUNT_RULES };
