/**
 * What the live use cases are asked about, read from text. The CLI checks its arguments first
 * with hints about commands (src/cli/validate.ts); these sentences speak of values only.
 */
import { InputError } from '../errors.js';
import { idProblem, isStripeId } from '../format/ids.js';

/** A promotion code id, or a customer-facing code. */
export interface PromotionCodeTarget {
  readonly by: 'id' | 'code';
  readonly value: string;
}

/** Customer-facing codes are letters, digits and dashes (https://docs.stripe.com/api/promotion_codes/create#create_promotion_code-code). */
export function promotionCodeTarget(text: string): PromotionCodeTarget {
  const value = text.trim();
  if (isStripeId(value, 'promo_')) return { by: 'id', value };
  if (/^[A-Za-z0-9-]{1,500}$/.test(value)) return { by: 'code', value };
  throw new InputError(
    `${JSON.stringify(text.slice(0, 60))} is neither a promotion code id (promo_…) nor a customer-facing code (letters, digits and dashes).`,
  );
}

/** Coupon ids may be custom strings (SUMMER25): refuse only what cannot go in a URL path. */
export function couponIdOf(text: string): string {
  const value = text.trim();
  if (idProblem(value) !== null)
    throw new InputError(`${JSON.stringify(text.slice(0, 60))} is not a coupon id such as SUMMER25 or Z4OV52SU.`);
  return value;
}

export function customerIdOf(text: string): string {
  const value = text.trim();
  if (isStripeId(value, 'cus_')) return value;
  throw new InputError(`${JSON.stringify(text.slice(0, 60))} is not a customer id such as cus_NffrFeUfNV2Hib.`);
}
