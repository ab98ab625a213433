/**
 * The context of a redemption taken from a live object (a Checkout Session, an invoice, a
 * subscription, a customer: `--for`). A value given as well wins, value by value; the output
 * says which came from where.
 */
import { InputError } from '../errors.js';
import {
  objectContext,
  type ContextFrom,
  type ContextObjectType,
  type ContextSource,
  type ObjectContext,
} from '../model/objectContext.js';
import { isCustomerId } from '../model/read.js';
import type { RedemptionContext } from '../rules/context.js';
import type { StripeReader } from '../stripe/reader.js';
import { inThisAccount, keyModeFacing } from './keyMode.js';

/** Which context values were given (flags on the command line): those win over the object's. */
export interface GivenValues {
  readonly customer?: unknown;
  readonly currency?: unknown;
  readonly amount?: unknown;
  readonly at?: unknown;
}

/** The object as a sentence names it; the use case does not know which flag named it. */
const OBJECT_NAMES: Record<ContextObjectType, string> = {
  checkout_session: 'Checkout Session',
  payment_link: 'Payment Link',
  invoice: 'invoice',
  subscription: 'subscription',
  subscription_schedule: 'subscription schedule',
  customer: 'customer',
};

/** Round trip 1 of `--for`: the object itself, with what the context needs expanded. */
export async function readForObject(
  reader: StripeReader,
  target: { type: ContextObjectType; id: string },
): Promise<ObjectContext> {
  const lookup = await reader.contextObject(target.type, target.id);
  const named = `The ${OBJECT_NAMES[target.type]} ${target.id} the redemption is for`;
  if (lookup.status === 'other_mode')
    throw new InputError(
      `${named} exists in ${lookup.mode} mode, but the key is a ${keyModeFacing(reader, lookup.mode)} mode key.`,
    );
  if (lookup.status === 'not_found') throw new InputError(`${named} does not exist ${inThisAccount(reader)}.`);
  return objectContext(target.type, lookup.object);
}

/**
 * THE function that turns an object into the redemption context (issue 17, item 8): a Checkout
 * Session, an invoice, a subscription, a customer (`check --for`, and `explain` of the object),
 * or a failed request of a Dashboard log (`explain`). Each value given (a flag) overrides that
 * one value and no other: `--amount` alone keeps the object's currency. The surface follows
 * from the object: a code added to a Checkout Session is redeemed in Checkout, to an invoice
 * on its items, to an existing subscription by updating it, to a subscription schedule on a
 * future phase; a failed request's path (or where its body puts the code) says its own. A
 * trial on the object (a trialing subscription, a request that starts one) holds. The discounts
 * the object already carries are the redemption's, except a customer's (a new redemption
 * elsewhere replaces or joins it).
 */
export function contextOfObject(
  ctx: RedemptionContext,
  given: GivenValues,
  object: ObjectContext,
): { ctx: RedemptionContext; from: ContextFrom } {
  const merged = mergeObjectContext(ctx, given, object);
  const surfaceOf = {
    checkout_session: 'checkout',
    payment_link: 'payment_link',
    invoice: 'invoice',
    subscription: 'subscription_update',
    subscription_schedule: 'schedule_phase',
    customer: null,
    failed_request: object.surface ?? null,
  } as const;
  const allow = object.allow_promotion_codes;
  const codeField =
    (object.type === 'checkout_session' || object.type === 'payment_link') && allow !== undefined
      ? { order: object.id, order_type: object.type, allow_promotion_codes: allow }
      : null;
  const existing = object.existing_discounts.map((d) => ({
    id: null,
    coupon: d.coupon,
    promotion_code: d.promotion_code,
  }));
  const known = object.type !== 'customer' && object.type !== 'failed_request';
  return {
    ctx: {
      ...merged.ctx,
      code_field: codeField,
      at: given.at === undefined && object.at !== undefined && object.at !== null ? object.at : merged.ctx.at,
      surface: merged.ctx.surface ?? surfaceOf[object.type],
      // --trial can only say yes; a trialing subscription or a request that starts a trial says yes too.
      trial: merged.ctx.trial === true || object.trial,
      existing_discounts: known ? existing : (ctx.existing_discounts ?? null),
    },
    from: merged.from,
  };
}

/** Where the redemption's currency is still unknown once the object is read, an amount means nothing. */
export function requireCurrencyForAmount(ctx: RedemptionContext): void {
  if (ctx.amount !== null && ctx.currency === null)
    throw new InputError(
      'The amount needs a currency, and none was given or read from the object: amounts are in the smallest unit of a currency (4000 in usd is $40.00).',
    );
}

function mergeObjectContext(
  ctx: RedemptionContext,
  flags: GivenValues,
  object: ObjectContext,
): { ctx: RedemptionContext; from: ContextFrom } {
  const pick = <T>(flagGiven: boolean, flagValue: T, objectValue: T, known: boolean): [T, ContextSource] =>
    flagGiven ? [flagValue, 'flag'] : known ? [objectValue, 'object'] : [flagValue, null];
  const [customer, customerFrom] = pick(
    flags.customer !== undefined,
    ctx.customer,
    object.customer,
    object.customer !== null && isCustomerId(object.customer),
  );
  const [currency, currencyFrom] = pick(
    flags.currency !== undefined,
    ctx.currency,
    object.currency,
    object.currency !== null,
  );
  // The object's amount is in the object's currency: it means nothing in another one.
  const amountUsable = object.amount !== null && currency === object.currency;
  const [amount, amountFrom] = pick(flags.amount !== undefined, ctx.amount, object.amount, amountUsable);
  const [products, productsFrom] = pick(
    ctx.products.length > 0,
    ctx.products,
    object.products,
    object.products.length > 0,
  );
  return {
    ctx: { ...ctx, customer, currency, amount, products: [...products] },
    from: {
      object: { type: object.type, id: object.id },
      existing_discounts: object.existing_discounts,
      sources: { customer: customerFrom, currency: currencyFrom, amount: amountFrom, products: productsFrom },
    },
  };
}
