/**
 * The ordered list of checks per object. Order is the order of the checks table and,
 * within a severity, of the findings.
 */
import { promotionCodeMinimumAmount } from './amountRules.js';
import { COUPON_RULES } from './couponRules.js';
import { promotionCodeCustomer, promotionCodeFirstTime } from './customerRules.js';
import { DISCOUNT_RULES } from './discountRules.js';
import { promotionCodeExpiry, promotionCodeRedemptions } from './promotionCodeRules.js';
import { promotionCodeSurface } from './surfaceRules.js';

export const PROMOTION_CODE_RULES = [
  promotionCodeExpiry,
  promotionCodeRedemptions,
  promotionCodeCustomer,
  promotionCodeFirstTime,
  promotionCodeMinimumAmount,
  promotionCodeSurface,
] as const;

export { COUPON_RULES, DISCOUNT_RULES };
