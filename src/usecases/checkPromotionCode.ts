/**
 * The check use case: diagnose one promotion code, by id or by code, through the API.
 *
 * Request budget (docs/architecture.md, "Requests, cost and start-up"): round trip 1 reads
 * the code with its coupon expanded (one request) and the redeeming customer, in parallel;
 * round trip 2, only when a code has the first-time restriction, reads the customer's
 * history (four lists, in parallel).
 */
import { normalizeLivePromotionCode } from '../model/expanded.js';
import type { ObjectContext } from '../model/objectContext.js';
import { normalizePortalSettings, type PortalSettings } from '../model/portal.js';
import type { CustomerHistory, CustomerLink, PromotionCode } from '../model/types.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseMissing, diagnosePromotionCode, diagnoseSharedCode, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import type { Lookup, StripeReader } from '../stripe/reader.js';
import type { ContextObjectType } from '../model/objectContext.js';
import { withProducts, type Evaluated } from './evaluated.js';
import { mergeObjectContext, readForObject, type GivenValues } from './forObject.js';
import { keyModeFacing } from './keyMode.js';
import { historyOf, readEventPages } from './history.js';
import { redeemingCustomer } from './redeemingCustomer.js';
import { promotionCodeTarget, type PromotionCodeTarget } from './targets.js';

type ForTarget = { readonly type: ContextObjectType; readonly id: string };

type Found = { codes: PromotionCode[] } | { missing: Diagnosis };

async function findCodes(reader: StripeReader, target: PromotionCodeTarget, ctx: RedemptionContext): Promise<Found> {
  if (target.by === 'code') {
    const codes = (await reader.promotionCodesByCode(target.value)).map(normalizeLivePromotionCode);
    if (codes.length > 0) return { codes };
    const detection = detect('promotion_code_not_found', target.value, { query: target.value, looked_up_by: 'code' });
    return {
      missing: diagnoseMissing(detection, { type: 'promotion_code', id: target.value, code: target.value }, ctx),
    };
  }
  const lookup: Lookup = await reader.promotionCode(target.value);
  if (lookup.status === 'found') return { codes: [normalizeLivePromotionCode(lookup.object)] };
  const detection =
    lookup.status === 'other_mode'
      ? detect('livemode_mismatch', target.value, {
          query: target.value,
          key_mode: keyModeFacing(reader, lookup.mode),
          object_mode: lookup.mode,
          stripe_message: lookup.message,
        })
      : detect('promotion_code_not_found', target.value, { query: target.value, looked_up_by: 'id' });
  return { missing: diagnoseMissing(detection, { type: 'promotion_code', id: target.value }, ctx) };
}

/** Round trip 2: the history, only if some code has the first-time restriction. */
async function historyIfNeeded(
  reader: StripeReader,
  codes: readonly PromotionCode[],
  customer: CustomerLink | null,
): Promise<CustomerHistory | null> {
  if (customer === null || customer.kind !== 'customer') return null;
  if (!codes.some((code) => code.restrictions.first_time_transaction)) return null;
  return { customer: customer.id, items: await reader.customerHistory(customer.id) };
}

/** Round trip 1, with --surface portal only: whether the portal lets customers enter codes. */
async function portalIfNeeded(reader: StripeReader, ctx: RedemptionContext): Promise<PortalSettings | null> {
  if (ctx.surface !== 'portal') return ctx.portal ?? null;
  const raw = await reader.defaultPortalConfiguration();
  return raw === null ? null : normalizePortalSettings(raw);
}

/**
 * What the `--for` object says of the redemption's surface (a flag wins): a code added to a
 * Checkout Session is redeemed in Checkout, to an invoice on its items, to an existing
 * subscription by updating it; the discounts it already carries; and a trial it is in.
 */
function withObjectSurface(ctx: RedemptionContext, object: ObjectContext): RedemptionContext {
  const surfaceOf = {
    checkout_session: 'checkout',
    payment_link: 'payment_link',
    invoice: 'invoice',
    subscription: 'subscription_update',
    customer: null,
  } as const;
  const existing = object.existing_discounts.map((d) => ({
    id: null,
    coupon: d.coupon,
    promotion_code: d.promotion_code,
  }));
  const allow = object.allow_promotion_codes;
  const codeField =
    (object.type === 'checkout_session' || object.type === 'payment_link') && allow !== undefined
      ? { order: object.id, order_type: object.type, allow_promotion_codes: allow }
      : null;
  return {
    ...ctx,
    code_field: codeField,
    surface: ctx.surface ?? surfaceOf[object.type],
    // --trial can only say yes; a trialing subscription says yes too.
    trial: ctx.trial === true || object.trial,
    // A customer's discount is no discount of this redemption: a new one replaces or joins it elsewhere.
    existing_discounts: object.type === 'customer' ? (ctx.existing_discounts ?? null) : existing,
  };
}

export async function diagnoseCheck(
  reader: StripeReader,
  targetText: string,
  baseCtx: RedemptionContext,
  priceProducts: Promise<readonly string[]> = Promise.resolve([]),
): Promise<Diagnosis> {
  return (await diagnoseCheckFor(reader, targetText, baseCtx, null, {}, priceProducts)).diagnosis;
}

/**
 * check, with the context of a live object when `--for` names one: round trip 1 also reads
 * the object and the prices of `--price` (in parallel with the code); the customer it names,
 * and that customer's history when a code needs it, are round trip 2. At most two sequential
 * round trips, within the three the contract allows for `--for`. Products from `--price`
 * count as flags: they win over the object's.
 */
export async function diagnoseCheckFor(
  reader: StripeReader,
  targetText: string,
  flaggedCtx: RedemptionContext,
  forTarget: ForTarget | null,
  flags: GivenValues,
  priceProducts: Promise<readonly string[]> = Promise.resolve([]),
  options: { readonly history?: boolean } = {},
): Promise<Evaluated> {
  const target = promotionCodeTarget(targetText);
  const [found, flagCustomer, object, products, portal, pages] = await Promise.all([
    findCodes(reader, target, flaggedCtx),
    redeemingCustomer(reader, flaggedCtx.customer),
    forTarget ? readForObject(reader, forTarget) : Promise.resolve(null),
    priceProducts,
    portalIfNeeded(reader, flaggedCtx),
    readEventPages(reader, options.history === true, flaggedCtx.observed_at),
  ]);
  // --history: the events of the codes found and of their coupons, read with round trip 1.
  const codesFound = 'codes' in found ? found.codes : [];
  const events = historyOf(
    pages,
    {
      promotion_codes: codesFound.map((c) => c.id),
      coupons: codesFound.flatMap((c) => (c.coupon ? [c.coupon.id] : [])),
    },
    flaggedCtx.observed_at,
  );
  const baseCtx = withProducts(flaggedCtx, products);
  const merged = object ? mergeObjectContext(baseCtx, flags, object) : null;
  const withContext = (d: Diagnosis): Diagnosis => {
    const withFrom = merged ? { ...d, context_from: merged.from } : d;
    return events ? { ...withFrom, history: events } : withFrom;
  };
  const mergedCtx = { ...(merged && object ? withObjectSurface(merged.ctx, object) : baseCtx), portal };
  if ('missing' in found) return { diagnosis: withContext(found.missing), ctx: mergedCtx };
  // The customer the object names is read now, with its history when a code needs it.
  const fromObject = merged?.from.sources.customer === 'object' && mergedCtx.customer !== null;
  const needsHistory = found.codes.some((code) => code.restrictions.first_time_transaction);
  const [customer, objectHistory] = fromObject
    ? await Promise.all([
        redeemingCustomer(reader, mergedCtx.customer),
        needsHistory ? reader.customerHistory(mergedCtx.customer!) : Promise.resolve(null),
      ])
    : [flagCustomer, null];
  const history = fromObject
    ? objectHistory && customer?.kind === 'customer'
      ? { customer: customer.id, items: objectHistory }
      : null
    : await historyIfNeeded(reader, found.codes, customer);
  const ctx: RedemptionContext = { ...mergedCtx, customer_record: customer, history };
  const diagnoses = found.codes.map((code) => diagnosePromotionCode(code, ctx));
  if (target.by === 'id' || diagnoses.length === 1) return { diagnosis: withContext(diagnoses[0]!), ctx };
  return { diagnosis: withContext(diagnoseSharedCode(target.value, diagnoses, ctx)), ctx };
}
