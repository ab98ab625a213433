/**
 * `promo-doctor customer <cus_id>`: the discounts on a customer and on its subscriptions
 * that still bill, each with its coupon and promotion code, and whether it still applies.
 * One round trip: the customer and its subscriptions are read in parallel.
 */
import { UsageError } from '../errors.js';
import { normalizeCustomerLink, normalizeSubscription } from '../model/normalize.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseCustomer, diagnoseDeletedCustomer, diagnoseMissing, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import type { Palette } from '../render/palette.js';
import { CUSTOMER_EXPAND, type StripeReader } from '../stripe/reader.js';
import type { ConnectionFlags } from '../cli/connectionOptions.js';
import type { ContextFlags } from '../cli/contextOptions.js';
import { runLive, type ReaderEnvironment } from '../cli/live.js';
import type { Streams } from '../cli/io.js';
import type { OutputFlags } from '../cli/output.js';
import { parseCustomerTarget } from '../cli/validate.js';

export type CustomerFlags = Pick<ContextFlags, 'at' | 'warnWithin' | 'strict'> & ConnectionFlags & OutputFlags;

export async function diagnoseCustomerById(reader: StripeReader, id: string, ctx: RedemptionContext): Promise<Diagnosis> {
  const [lookup, subscriptions] = await Promise.all([reader.customer(id, CUSTOMER_EXPAND), reader.billingSubscriptions(id)]);
  if (lookup.status === 'not_found') throw new UsageError(`No customer ${id} in this account (${reader.keyMode} mode).`);
  if (lookup.status === 'other_mode') {
    const detection = detect('livemode_mismatch', id, { query: id, key_mode: reader.keyMode, object_mode: lookup.mode, stripe_message: lookup.message }, 'customer');
    return diagnoseMissing(detection, { type: 'customer', id }, ctx);
  }
  const customer = normalizeCustomerLink(lookup.object, 'customer');
  if (customer.kind !== 'customer') {
    return diagnoseDeletedCustomer(id, ctx);
  }
  return diagnoseCustomer({ ...customer, subscriptions: subscriptions.map(normalizeSubscription) }, ctx);
}

export function runCustomer(idText: string, flags: CustomerFlags, io: Streams, palette: Palette, environment: ReaderEnvironment, now: number): Promise<number> {
  const id = parseCustomerTarget(idText);
  return runLive({ flags, io, palette, environment, now }, (reader, ctx) => diagnoseCustomerById(reader, id, ctx));
}
