/**
 * `--for <cs_…|in_…|sub_…|cus_…>`: the context of a redemption taken from a live object. A
 * flag given as well wins, value by value; the output says which came from where.
 */
import { UsageError } from '../errors.js';
import { contextObjectType, objectContext, type ContextFrom, type ContextObjectType, type ContextSource, type ObjectContext } from '../model/objectContext.js';
import { isCustomerId } from '../model/read.js';
import type { RedemptionContext } from '../rules/context.js';
import type { StripeReader } from '../stripe/reader.js';
import type { ContextFlags } from './contextOptions.js';

export function parseForId(value: string): { type: ContextObjectType; id: string } {
  const type = contextObjectType(value);
  if (type === null) throw new UsageError(`--for "${value.slice(0, 40)}" is not a Checkout Session (cs_…), invoice (in_…), subscription (sub_…) or customer (cus_…) id.`);
  return { type, id: value };
}

/** Round trip 1 of `--for`: the object itself, with what the context needs expanded. */
export async function readForObject(reader: StripeReader, target: { type: ContextObjectType; id: string }): Promise<ObjectContext> {
  const lookup = await reader.contextObject(target.type, target.id);
  if (lookup.status === 'other_mode') throw new UsageError(`--for ${target.id} exists in ${lookup.mode} mode, but the key is a ${reader.keyMode} mode key.`);
  if (lookup.status === 'not_found') throw new UsageError(`--for ${target.id} does not exist in this account (${reader.keyMode} mode).`);
  return objectContext(target.type, lookup.object);
}

export function mergeObjectContext(ctx: RedemptionContext, flags: ContextFlags, object: ObjectContext): { ctx: RedemptionContext; from: ContextFrom } {
  const pick = <T>(flagGiven: boolean, flagValue: T, objectValue: T, known: boolean): [T, ContextSource] =>
    flagGiven ? [flagValue, 'flag'] : known ? [objectValue, 'object'] : [flagValue, null];
  const [customer, customerFrom] = pick(flags.customer !== undefined, ctx.customer, object.customer, object.customer !== null && isCustomerId(object.customer));
  const [currency, currencyFrom] = pick(flags.currency !== undefined, ctx.currency, object.currency, object.currency !== null);
  // The object's amount is in the object's currency: it means nothing in another one.
  const amountUsable = object.amount !== null && currency === object.currency;
  const [amount, amountFrom] = pick(flags.amount !== undefined, ctx.amount, object.amount, amountUsable);
  const [products, productsFrom] = pick(ctx.products.length > 0, ctx.products, object.products, object.products.length > 0);
  return {
    ctx: { ...ctx, customer, currency, amount, products: [...products] },
    from: {
      object: { type: object.type, id: object.id },
      existing_discounts: object.existing_discounts,
      sources: { customer: customerFrom, currency: currencyFrom, amount: amountFrom, products: productsFrom },
    },
  };
}
