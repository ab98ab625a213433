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
}

/** Round trip 1 of `--for`: the object itself, with what the context needs expanded. */
export async function readForObject(
  reader: StripeReader,
  target: { type: ContextObjectType; id: string },
): Promise<ObjectContext> {
  const lookup = await reader.contextObject(target.type, target.id);
  if (lookup.status === 'other_mode')
    throw new InputError(
      `--for ${target.id} exists in ${lookup.mode} mode, but the key is a ${keyModeFacing(reader, lookup.mode)} mode key.`,
    );
  if (lookup.status === 'not_found')
    throw new InputError(`--for ${target.id} does not exist ${inThisAccount(reader)}.`);
  return objectContext(target.type, lookup.object);
}

export function mergeObjectContext(
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
