/**
 * The coupon use case: diagnose one coupon through the API, with its
 * `applies_to` and `currency_options` expanded.
 */
import { InputError } from '../errors.js';
import { withExpansionsRead } from '../model/expanded.js';
import { normalizeDiagnosable } from '../model/diagnosable.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseCoupon, diagnoseMissing, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import type { Lookup, StripeReader } from '../stripe/reader.js';
import type { ContextObjectType } from '../model/objectContext.js';
import { withProducts, type Evaluated } from './evaluated.js';
import { mergeObjectContext, readForObject, type GivenValues } from './forObject.js';
import { inThisAccount, keyModeFacing } from './keyMode.js';
import { historyOf, readEventPages } from './history.js';
import { redeemingCustomer } from './redeemingCustomer.js';
import type { EventHistory } from '../model/events.js';

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
  options: { readonly history?: boolean } = {},
): Promise<Evaluated> {
  const [lookup, customer, object, products, pages] = await Promise.all([
    reader.coupon(id),
    redeemingCustomer(reader, flaggedCtx.customer),
    forTarget ? readForObject(reader, forTarget) : Promise.resolve(null),
    priceProducts,
    readEventPages(reader, options.history === true, flaggedCtx.observed_at),
  ]);
  const baseCtx = withProducts(flaggedCtx, products);
  const merged = object ? mergeObjectContext(baseCtx, flags, object) : null;
  const ctx: RedemptionContext = { ...(merged?.ctx ?? baseCtx), customer_record: customer };
  const history = historyOf(pages, { coupons: [id] }, flaggedCtx.observed_at);
  const diagnosis = couponDiagnosis(reader, id, lookup, ctx, history);
  const withHistory = history ? { ...diagnosis, history } : diagnosis;
  return { diagnosis: merged ? { ...withHistory, context_from: merged.from } : withHistory, ctx };
}

function couponDiagnosis(
  reader: StripeReader,
  id: string,
  lookup: Lookup,
  ctx: RedemptionContext,
  history: EventHistory | null,
): Diagnosis {
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
  if (lookup.status === 'not_found') {
    // "No such coupon" for a coupon the events saw deleted: it existed, and is gone for good.
    if (history?.events.some((e) => e.change === 'deleted' && e.object_id === id))
      return diagnoseCoupon({ kind: 'deleted', id }, ctx);
    // A use case names values, not flags: the CLI's help says what --history reads.
    throw new InputError(
      `No coupon ${id} ${inThisAccount(reader)}; coupon ids are case-sensitive${history ? ', and no event of the last 30 days deleted it' : ''}.`,
    );
  }
  const coupon = normalizeDiagnosable(lookup.object);
  if (coupon.kind !== 'coupon') throw new InputError(`${id} is not a coupon.`);
  return diagnoseCoupon(withExpansionsRead(coupon), ctx);
}
