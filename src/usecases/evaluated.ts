/**
 * What the live use cases return besides a diagnosis, and how products read from prices join
 * the context.
 */
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';

/** A diagnosis with the context it was made in, when the command changed it (`--for`). */
export interface Evaluated {
  readonly diagnosis: Diagnosis;
  readonly ctx: RedemptionContext;
}

/** The context with the products of `--price` added to those of `--product`. */
export function withProducts(ctx: RedemptionContext, products: readonly string[]): RedemptionContext {
  return products.length === 0 ? ctx : { ...ctx, products: [...new Set([...ctx.products, ...products])] };
}
