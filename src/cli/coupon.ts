/**
 * `promo-doctor coupon <coupon_id>`: diagnose one coupon through the API, with its
 * `applies_to` and `currency_options` expanded.
 */
import { UsageError } from '../errors.js';
import { withExpansionsRead } from '../model/expanded.js';
import { normalizeDiagnosable } from '../model/normalize.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseCoupon, diagnoseMissing, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import type { Palette } from '../render/palette.js';
import type { StripeReader } from '../stripe/reader.js';
import type { CheckFlags } from './check.js';
import { redeemingCustomer, runLive, withProducts, type ReaderEnvironment } from './live.js';
import type { Streams } from './io.js';
import { parseCouponId } from './validate.js';

export async function diagnoseCouponById(
  reader: StripeReader,
  id: string,
  baseCtx: RedemptionContext,
  priceProducts: Promise<readonly string[]> = Promise.resolve([]),
): Promise<Diagnosis> {
  const [lookup, customer, products] = await Promise.all([reader.coupon(id), redeemingCustomer(reader, baseCtx.customer), priceProducts]);
  const ctx: RedemptionContext = { ...withProducts(baseCtx, products), customer_record: customer };
  if (lookup.status === 'other_mode') {
    const detection = detect('livemode_mismatch', id, { query: id, key_mode: reader.keyMode, object_mode: lookup.mode, stripe_message: lookup.message }, 'coupon');
    return diagnoseMissing(detection, { type: 'coupon', id }, ctx);
  }
  if (lookup.status === 'not_found') throw new UsageError(`No coupon ${id} in this account (${reader.keyMode} mode); coupon ids are case-sensitive.`);
  const coupon = normalizeDiagnosable(lookup.object);
  if (coupon.kind !== 'coupon') throw new UsageError(`${id} is not a coupon.`);
  return diagnoseCoupon(withExpansionsRead(coupon), ctx);
}

export function runCoupon(idText: string, flags: CheckFlags, io: Streams, palette: Palette, environment: ReaderEnvironment, now: number): Promise<number> {
  const id = parseCouponId(idText);
  return runLive({ flags, io, palette, environment, now }, (reader, ctx, products) => diagnoseCouponById(reader, id, ctx, products));
}
