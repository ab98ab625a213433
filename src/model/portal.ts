/**
 * The customer portal's configuration, reduced to what decides whether a customer can enter a
 * promotion code there: `features.subscription_update.enabled` and its `default_allowed_updates`
 * (`price`, `quantity`, `promotion_code`), as stripe-node 23 types BillingPortal.Configuration
 * (https://docs.stripe.com/api/customer_portal/configurations/object).
 */
import { Fields, isObject, type JsonObject } from './read.js';
import type { Id } from './types.js';

export interface PortalSettings {
  readonly configuration: Id;
  readonly subscription_update_enabled: boolean;
  readonly default_allowed_updates: readonly string[];
}

export function normalizePortalSettings(raw: JsonObject): PortalSettings {
  const fields = new Fields(raw, 'billing portal configuration');
  const features = fields.object('features') ?? {};
  const update = new Fields(
    isObject(features.subscription_update) ? features.subscription_update : {},
    'portal subscription_update feature',
  );
  const allowed = (update.array('default_allowed_updates') ?? []).filter((u): u is string => typeof u === 'string');
  return {
    configuration: fields.id('id'),
    subscription_update_enabled: update.boolean('enabled', false),
    default_allowed_updates: allowed,
  };
}
