/**
 * The explain use case: Stripe objects, already normalised, -> their diagnoses. Pure.
 */
import type { Diagnosable } from '../model/types.js';
import type { RedemptionContext } from '../rules/context.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseDeletedCustomer,
  diagnosePromotionCode,
  diagnoseStandaloneDiscount,
  diagnoseFailedRequest,
  diagnoseOrder,
  diagnoseStripeError,
  diagnoseSubscription,
  type Diagnosis,
} from '../rules/diagnose.js';

export function diagnose(item: Diagnosable, ctx: RedemptionContext): Diagnosis {
  switch (item.kind) {
    case 'promotion_code':
      return diagnosePromotionCode(item, ctx);
    case 'coupon':
      return diagnoseCoupon(item, ctx);
    case 'customer':
      return diagnoseCustomer(item, ctx);
    case 'subscription':
      return diagnoseSubscription(item, ctx);
    case 'discount':
      return diagnoseStandaloneDiscount(item, ctx);
    case 'stripe_error':
      return diagnoseStripeError(item, ctx);
    case 'failed_request':
      return diagnoseFailedRequest(item, ctx);
    case 'checkout_session':
    case 'invoice':
      return diagnoseOrder(item, ctx);
    case 'deleted_object':
      return item.object === 'coupon'
        ? diagnoseCoupon({ kind: 'deleted', id: item.id }, ctx)
        : diagnoseDeletedCustomer(item.id, ctx);
  }
}
