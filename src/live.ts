/**
 * promo-doctor/stripe: the live use cases, given a Stripe client the application already has.
 * The same reads as the CLI's check, coupon and customer commands, so the same request budget
 * (docs/architecture.md, "Requests, cost and start-up"); only GET requests, never a write.
 */
import { InputError } from './errors.js';
import { diagnosisDocument } from './render/json.js';
import type { RedemptionContext } from './rules/context.js';
import type { Diagnosis as InternalDiagnosis } from './rules/diagnose.js';
import type { StripeClient } from './stripe/client.js';
import { clientReader, type ClientReaderOptions } from './stripe/clientReader.js';
import type { StripeReader } from './stripe/reader.js';
import { diagnoseCouponById } from './usecases/checkCoupon.js';
import { diagnoseCheck } from './usecases/checkPromotionCode.js';
import { redemptionContext, type RedemptionInput } from './usecases/context.js';
import { diagnoseCustomerById } from './usecases/explainCustomer.js';
import { couponIdOf, customerIdOf, promotionCodeTarget } from './usecases/targets.js';
import type { Diagnosis } from './index.js';

export type { Diagnosis, RedemptionInput } from './index.js';
export { InputError } from './errors.js';
export { DiagnosisError } from './errors.js';
export type { ClientReaderOptions as LiveOptions } from './stripe/clientReader.js';

/** Methods read through; parameters left open so that any stripe-node version's own types fit. */
interface Retrievable {
  retrieve(...args: never[]): Promise<unknown>;
  list(...args: never[]): Promise<unknown>;
}
interface Listable {
  list(...args: never[]): Promise<unknown>;
}

/**
 * A stripe-node client (`new Stripe(key)`), version 19 or later: from 19 on, the default API
 * version (2025-09-30.clover) keeps a promotion code's coupon under `promotion.coupon`, the
 * path the reads expand (stripe-node CHANGELOG.md, 19.0.0). Typed by the resources read, not as
 * the Stripe class, so that the application's own stripe version is accepted as it is.
 */
export interface StripeLike {
  readonly promotionCodes: Retrievable;
  readonly coupons: Retrievable;
  readonly customers: Retrievable;
  readonly subscriptions: Listable;
  readonly charges: Listable;
  readonly paymentIntents: Listable;
  readonly invoices: Listable;
}

/** The redemption to judge; `at` defaults to now, and the objects are observed now. */
export type LiveRedemptionInput = Omit<RedemptionInput, 'at' | 'observedAt'> & { readonly at?: Date | number };

type UseCase = (reader: StripeReader, ctx: RedemptionContext) => Promise<InternalDiagnosis>;

async function live(
  stripe: StripeLike,
  context: LiveRedemptionInput,
  options: ClientReaderOptions | undefined,
  useCase: UseCase,
): Promise<Diagnosis> {
  if (typeof stripe !== 'object' || stripe === null)
    throw new InputError('The first argument is not a Stripe client (new Stripe(key)).');
  const now = Math.floor((options?.clock?.now() ?? Date.now()) / 1000);
  const ctx = redemptionContext({ ...context, at: context.at ?? now, observedAt: now });
  // StripeLike is the Stripe class seen through the methods read: the reader's calls are those methods.
  const diagnosis = await useCase(clientReader(stripe as unknown as StripeClient, options), ctx);
  return diagnosisDocument(diagnosis, ctx);
}

/**
 * Why a promotion code would or would not be accepted, by its id (promo_…) or by the code a
 * customer types (several promotion codes may share it). One round trip, two when the code is
 * for first-time customers and `context.customer` is given (the customer's history).
 */
export async function checkPromotionCode(
  stripe: StripeLike,
  code: string,
  context: LiveRedemptionInput = {},
  options?: ClientReaderOptions,
): Promise<Diagnosis> {
  promotionCodeTarget(code);
  return live(stripe, context, options, (reader, ctx) => diagnoseCheck(reader, code, ctx));
}

/** Why a coupon would or would not apply. One round trip. */
export async function checkCoupon(
  stripe: StripeLike,
  couponId: string,
  context: LiveRedemptionInput = {},
  options?: ClientReaderOptions,
): Promise<Diagnosis> {
  const id = couponIdOf(couponId);
  return live(stripe, context, options, (reader, ctx) => diagnoseCouponById(reader, id, ctx));
}

/** The discounts on a customer and on its subscriptions that still bill, and whether each still applies. One round trip. */
export async function explainCustomer(
  stripe: StripeLike,
  customerId: string,
  context: Pick<LiveRedemptionInput, 'at' | 'warnWithinSeconds'> = {},
  options?: ClientReaderOptions,
): Promise<Diagnosis> {
  const id = customerIdOf(customerId);
  // A customer's discounts are judged as they stand: no order, no redeeming customer.
  return live(stripe, { at: context.at, warnWithinSeconds: context.warnWithinSeconds }, options, (reader, ctx) =>
    diagnoseCustomerById(reader, id, ctx),
  );
}
