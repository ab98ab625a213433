/**
 * The customer portal's configuration, reduced to what decides whether a customer can enter a
 * promotion code there: `features.subscription_update.enabled` and its `default_allowed_updates`
 * (`price`, `quantity`, `promotion_code`), as stripe-node 23 types BillingPortal.Configuration
 * (https://docs.stripe.com/api/customer_portal/configurations/object), and the products those
 * updates cover, `features.subscription_update.products` ("the list of up to 10 products that
 * support subscription updates"; default_allowed_updates are "supported for items listed in the
 * products attribute": stripe-node, types BillingPortal/Configurations.d.ts, documented).
 */
import { Fields, isObject, type JsonObject } from './read.js';
import type { Id } from './types.js';

export interface PortalSettings {
  readonly configuration: Id;
  readonly subscription_update_enabled: boolean;
  readonly default_allowed_updates: readonly string[];
  /**
   * The products subscription updates cover; null or absent when the data does not carry them.
   * stripe-node types the field optional (`products?:`): some answers leave it out, and
   * promo-doctor does not ask for it by `expand`, since whether Stripe accepts that expansion
   * is not confirmed (a refused expansion would fail the whole check).
   */
  readonly products?: readonly Id[] | null;
}

export function normalizePortalSettings(raw: JsonObject): PortalSettings {
  const fields = new Fields(raw, 'billing portal configuration');
  const features = fields.object('features') ?? {};
  const update = new Fields(
    isObject(features.subscription_update) ? features.subscription_update : {},
    'portal subscription_update feature',
  );
  const allowed = (update.array('default_allowed_updates') ?? []).filter((u): u is string => typeof u === 'string');
  const listed = update.array('products');
  return {
    configuration: fields.id('id'),
    subscription_update_enabled: update.boolean('enabled', false),
    default_allowed_updates: allowed,
    products:
      listed === null || listed === undefined
        ? null
        : listed.flatMap((entry) => (isObject(entry) && typeof entry.product === 'string' ? [entry.product] : [])),
  };
}
