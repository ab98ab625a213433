/**
 * `promo-doctor check <promo_id|code>`: diagnose one promotion code through the API.
 *
 * Request budget (docs/architecture.md, "Requests, cost and start-up"): round trip 1 reads
 * the code with its coupon expanded (one request) and the redeeming customer, in parallel;
 * round trip 2, only when a code has the first-time restriction, reads the customer's
 * history (four lists, in parallel).
 */
import { normalizeLivePromotionCode } from '../model/expanded.js';
import type { CustomerHistory, CustomerLink, PromotionCode } from '../model/types.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnoseMissing, diagnosePromotionCode, diagnoseSharedCode, type Diagnosis } from '../rules/diagnose.js';
import { detect } from '../rules/findings.js';
import type { Palette } from '../render/palette.js';
import type { Lookup, StripeReader } from '../stripe/reader.js';
import type { ConnectionFlags } from './connectionOptions.js';
import type { ContextFlags } from './contextOptions.js';
import { redeemingCustomer, runLive, withProducts, type ReaderEnvironment } from './live.js';
import type { Streams } from './io.js';
import type { OutputFlags } from './output.js';
import { parseCheckTarget } from './validate.js';

export type CheckFlags = ContextFlags & ConnectionFlags & OutputFlags;

type Found = { codes: PromotionCode[] } | { missing: Diagnosis };

async function findCodes(reader: StripeReader, target: ReturnType<typeof parseCheckTarget>, ctx: RedemptionContext): Promise<Found> {
  if (target.by === 'code') {
    const codes = (await reader.promotionCodesByCode(target.value)).map(normalizeLivePromotionCode);
    if (codes.length > 0) return { codes };
    const detection = detect('promotion_code_not_found', target.value, { query: target.value, looked_up_by: 'code' });
    return { missing: diagnoseMissing(detection, { type: 'promotion_code', id: target.value, code: target.value }, ctx) };
  }
  const lookup: Lookup = await reader.promotionCode(target.value);
  if (lookup.status === 'found') return { codes: [normalizeLivePromotionCode(lookup.object)] };
  const detection =
    lookup.status === 'other_mode'
      ? detect('livemode_mismatch', target.value, { query: target.value, key_mode: reader.keyMode, object_mode: lookup.mode, stripe_message: lookup.message })
      : detect('promotion_code_not_found', target.value, { query: target.value, looked_up_by: 'id' });
  return { missing: diagnoseMissing(detection, { type: 'promotion_code', id: target.value }, ctx) };
}

/** Round trip 2: the history, only if some code has the first-time restriction. */
async function historyIfNeeded(reader: StripeReader, codes: readonly PromotionCode[], customer: CustomerLink | null): Promise<CustomerHistory | null> {
  if (customer === null || customer.kind !== 'customer') return null;
  if (!codes.some((code) => code.restrictions.first_time_transaction)) return null;
  return { customer: customer.id, items: await reader.customerHistory(customer.id) };
}

export async function diagnoseCheck(
  reader: StripeReader,
  targetText: string,
  baseCtx: RedemptionContext,
  priceProducts: Promise<readonly string[]> = Promise.resolve([]),
): Promise<Diagnosis> {
  const target = parseCheckTarget(targetText);
  const [found, customer, products] = await Promise.all([findCodes(reader, target, baseCtx), redeemingCustomer(reader, baseCtx.customer), priceProducts]);
  if ('missing' in found) return found.missing;
  const history = await historyIfNeeded(reader, found.codes, customer);
  const ctx: RedemptionContext = { ...withProducts(baseCtx, products), customer_record: customer, history };
  const diagnoses = found.codes.map((code) => diagnosePromotionCode(code, ctx));
  if (target.by === 'id' || diagnoses.length === 1) return diagnoses[0]!;
  return diagnoseSharedCode(target.value, diagnoses, ctx);
}

export function runCheck(targetText: string, flags: CheckFlags, io: Streams, palette: Palette, environment: ReaderEnvironment, now: number): Promise<number> {
  // Validate everything offline first: bad input never costs a request.
  parseCheckTarget(targetText);
  return runLive({ flags, io, palette, environment, now }, (reader, ctx, products) => diagnoseCheck(reader, targetText, ctx, products));
}
