/**
 * The customer use case: the discounts on a customer and on its subscriptions
 * that still bill, each with its coupon and promotion code, and whether it still applies.
 * One round trip: the customer and its subscriptions are read in parallel.
 */
import { InputError } from '../errors.js';
import { normalizeCustomerLink, normalizeSubscription } from '../model/normalize.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseCustomer, diagnoseDeletedCustomer, diagnoseMissing, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import { CUSTOMER_EXPAND, type StripeReader } from '../stripe/reader.js';
import { inThisAccount, keyModeFacing } from './keyMode.js';

export async function diagnoseCustomerById(
  reader: StripeReader,
  id: string,
  ctx: RedemptionContext,
): Promise<Diagnosis> {
  const [lookup, subscriptions] = await Promise.all([
    reader.customer(id, CUSTOMER_EXPAND),
    reader.billingSubscriptions(id),
  ]);
  if (lookup.status === 'not_found') throw new InputError(`No customer ${id} ${inThisAccount(reader)}.`);
  if (lookup.status === 'other_mode') {
    const detection = detect(
      'livemode_mismatch',
      id,
      {
        query: id,
        key_mode: keyModeFacing(reader, lookup.mode),
        object_mode: lookup.mode,
        stripe_message: lookup.message,
      },
      'customer',
    );
    return diagnoseMissing(detection, { type: 'customer', id }, ctx);
  }
  const customer = normalizeCustomerLink(lookup.object, 'customer');
  if (customer.kind !== 'customer') {
    return diagnoseDeletedCustomer(id, ctx);
  }
  return diagnoseCustomer({ ...customer, subscriptions: subscriptions.map(normalizeSubscription) }, ctx);
}
