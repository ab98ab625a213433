/**
 * The coupon use case: diagnose one coupon through the API, with its
 * `applies_to` and `currency_options` expanded.
 */
import { InputError } from '../errors.js';
import { withExpansionsRead } from '../model/expanded.js';
import { normalizeDiagnosable } from '../model/normalize.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseCoupon, diagnoseMissing, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import type { Lookup, StripeReader } from '../stripe/reader.js';
import type { ContextObjectType } from '../model/objectContext.js';
import { withProducts, type Evaluated } from './evaluated.js';
import { contextOfObject, requireCurrencyForAmount, readForObject, type GivenValues } from './forObject.js';
import { inThisAccount, keyModeFacing } from './keyMode.js';
import { redeemingCustomer } from './redeemingCustomer.js';

export async function diagnoseCouponById(
  reader: StripeReader,
  id: string,
  baseCtx: RedemptionContext,
  priceProducts: Promise<readonly string[]> = Promise.resolve([]),
): Promise<Diagnosis> {
  return (await diagnoseCouponFor(reader, id, baseCtx, null, {}, priceProducts)).diagnosis;
}

/**
 * coupon, with the context of a live object when `--for` names one: the coupon, the object,
 * the prices of `--price` and a --customer are read in one round trip. The coupon's rules
 * (currency, products, dates, limits) need no customer history, so the object's customer is
 * not read. Products from `--price` count as flags: they win over the object's.
 */
export async function diagnoseCouponFor(
  reader: StripeReader,
  id: string,
  flaggedCtx: RedemptionContext,
  forTarget: { readonly type: ContextObjectType; readonly id: string } | null,
  flags: GivenValues,
  priceProducts: Promise<readonly string[]> = Promise.resolve([]),
): Promise<Evaluated> {
  const [lookup, customer, object, products] = await Promise.all([
    reader.coupon(id),
    redeemingCustomer(reader, flaggedCtx.customer),
    forTarget ? readForObject(reader, forTarget) : Promise.resolve(null),
    priceProducts,
  ]);
  const baseCtx = withProducts(flaggedCtx, products);
  const merged = object ? contextOfObject(baseCtx, flags, object) : null;
  const ctx: RedemptionContext = { ...(merged?.ctx ?? baseCtx), customer_record: customer };
  requireCurrencyForAmount(ctx);
  const diagnosis = couponDiagnosis(reader, id, lookup, ctx);
  return { diagnosis: merged ? { ...diagnosis, context_from: merged.from } : diagnosis, ctx };
}

function couponDiagnosis(reader: StripeReader, id: string, lookup: Lookup, ctx: RedemptionContext): Diagnosis {
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
      'coupon',
    );
    return diagnoseMissing(detection, { type: 'coupon', id }, ctx);
  }
  if (lookup.status === 'not_found')
    throw new InputError(`No coupon ${id} ${inThisAccount(reader)}; coupon ids are case-sensitive.`);
  const coupon = normalizeDiagnosable(lookup.object);
  if (coupon.kind !== 'coupon') throw new InputError(`${id} is not a coupon.`);
  return diagnoseCoupon(withExpansionsRead(coupon), ctx);
}
