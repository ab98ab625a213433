/**
 * The two billing endpoints promo-doctor may call besides its reads:
 * `GET /v1/billing_portal/configurations` (the portal's settings, for --surface portal) and
 * `POST /v1/invoices/create_preview` (--ask-stripe, the one non-GET request the tool may ever
 * send). The preview judges the promotion code in `discounts[0][promotion_code]` and accepts it
 * with a preview invoice, or refuses it with Stripe's 400 and message.
 *
 * Messages quoted from public material say where they come from; the others say they are
 * unverified, so nobody mistakes the fake's wording for Stripe's.
 */
import type { Caller } from './auth.js';
import { permissionDenied, resourceMissing, StripeApiError } from './errors.js';
import { clone, isJsonObject, refId, type Json } from './json.js';
import type { Store } from './store.js';

export interface PreviewOverride {
  /** Answer this refusal (400) whatever the fake would judge, to stage a disagreement. */
  refuse?: { message: string; code?: string };
  /** Accept whatever the fake would judge. */
  accept?: true;
}

export interface BillingEnvironment {
  store: Store;
  accountId: string;
  portalConfigurations: readonly Json[];
  previewOverride: PreviewOverride | undefined;
}

const hasPermission = (caller: Caller, names: readonly string[]): boolean =>
  caller.permissions === undefined || names.some((name) => caller.permissions?.has(name));

/** GET /v1/billing_portal/configurations with `is_default` / `active` filters; restricted keys need "Customer portal: Read". */
export function listPortalConfigurations(
  flat: Record<string, string | string[]>,
  caller: Caller,
  env: BillingEnvironment,
): Json {
  if (
    !hasPermission(caller, [
      'billing_portal:read',
      'billing_portal:write',
      'rak_billing_portal_configuration_read',
      'rak_billing_portal_configuration_write',
    ])
  ) {
    throw permissionDenied(caller.key, env.accountId, 'rak_billing_portal_configuration_read');
  }
  const wanted = (name: string): boolean | undefined => (flat[name] === undefined ? undefined : flat[name] === 'true');
  const isDefault = wanted('is_default');
  const active = wanted('active');
  const limit = Number(flat.limit ?? 10);
  const data = env.portalConfigurations
    .filter(
      (c) => (isDefault === undefined || c.is_default === isDefault) && (active === undefined || c.active === active),
    )
    .slice(0, limit)
    .map(clone);
  return { object: 'list', data, has_more: false, url: '/v1/billing_portal/configurations' };
}

function refusal(message: string, param = 'discounts[0][promotion_code]', code?: string): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', message, param, ...(code ? { code } : {}) });
}

/**
 * The header that marks an answer whose wording (or behaviour) no public source confirms: the
 * fake's own guess, never to be taken for Stripe's (issue 20, "Sources and honesty").
 */
export const UNVERIFIED_HEADER = 'Fake-Stripe-Unverified';

/** A refusal in the fake's own words: marked, so a test or a reader can tell it from Stripe's. */
function unverifiedRefusal(message: string, param = 'discounts[0][promotion_code]', code?: string): StripeApiError {
  return new StripeApiError(
    400,
    { type: 'invalid_request_error', message, param, ...(code ? { code } : {}) },
    { [UNVERIFIED_HEADER]: 'wording' },
  );
}

/** Form fields of the POST body by their bracketed names: `discounts[0][promotion_code]`. */
type Form = ReadonlyMap<string, string>;

const numberOf = (form: Form, name: string): number | null => {
  const raw = form.get(name);
  return raw === undefined ? null : Number(raw);
};

/** The amount the preview's first invoice would charge before discounts, and whether its shape is a new subscription. */
function previewedOrder(form: Form): { amount: number; currency: string | null; subscription: boolean } {
  const itemAmount = numberOf(form, 'subscription_details[items][0][price_data][unit_amount]');
  if (itemAmount !== null) {
    const quantity = numberOf(form, 'subscription_details[items][0][quantity]') ?? 1;
    // A trial bills nothing on the first invoice.
    const trial = form.has('subscription_details[trial_end]');
    return {
      amount: trial ? 0 : itemAmount * quantity,
      currency: form.get('subscription_details[items][0][price_data][currency]') ?? null,
      subscription: true,
    };
  }
  const amount =
    numberOf(form, 'invoice_items[0][amount]') ?? numberOf(form, 'invoice_items[0][price_data][unit_amount]') ?? 0;
  const currency =
    form.get('invoice_items[0][currency]') ??
    form.get('invoice_items[0][price_data][currency]') ??
    form.get('currency') ??
    null;
  return { amount, currency, subscription: false };
}

function minimumFor(code: Json, currency: string | null): number | null {
  const restrictions = isJsonObject(code.restrictions) ? code.restrictions : {};
  const options = isJsonObject(restrictions.currency_options) ? restrictions.currency_options : {};
  const option = currency === null ? undefined : options[currency];
  if (isJsonObject(option) && typeof option.minimum_amount === 'number') return option.minimum_amount;
  if (
    typeof restrictions.minimum_amount === 'number' &&
    (currency === null || restrictions.minimum_amount_currency === currency)
  )
    return restrictions.minimum_amount;
  return null;
}

function customerHasHistory(store: Store, customer: string, mode: Caller['mode']): boolean {
  const mine = (collection: 'charges' | 'paymentIntents' | 'invoices' | 'subscriptions') =>
    store.listing(collection, mode).items.some((stored) => refId(stored.object.customer) === customer);
  return mine('charges') || mine('paymentIntents') || mine('invoices') || mine('subscriptions');
}

/** POST /v1/invoices/create_preview. Restricted keys need write access to Invoices. */
export function createPreview(form: Form, caller: Caller, env: BillingEnvironment): Json {
  if (!hasPermission(caller, ['invoices:write', 'rak_invoice_write']))
    throw permissionDenied(caller.key, env.accountId, 'rak_invoice_write');
  const shaped = [
    'subscription',
    'subscription_details[items][0][price]',
    'subscription_details[items][0][price_data][product]',
    'invoice_items[0][amount]',
    'invoice_items[0][price]',
    'invoice_items[0][price_data][product]',
  ];
  if (!shaped.some((name) => form.has(name))) {
    // Quoted in stripe/stripe-node#2347.
    throw refusal(
      'You must provide at least one of: `subscription`, `schedule`, `subscription_details.items`, `schedule_details.phases`, `invoice_items`.',
      'subscription',
    );
  }
  const customer = form.get('customer') ?? null;
  const hasDetails = [...form.keys()].some((name) => name.startsWith('customer_details['));
  // A preview with only customer_details is accepted: the API reference takes customer_details
  // "in place of a customer" (https://docs.stripe.com/api/invoices/create_preview). With neither,
  // this refusal and its wording are the fake's guess: marked unverified.
  if (customer === null && !hasDetails)
    throw unverifiedRefusal('Missing required param: customer.', 'customer', 'parameter_missing');
  if (customer !== null && env.store.lookup('customers', customer, caller.mode).kind !== 'found') {
    throw resourceMissing('customer', customer, 'customer', { status: 400 });
  }
  // The code on the whole invoice, or on the first invoice item (where Stripe refuses amount restrictions).
  const onItem = form.get('invoice_items[0][discounts][0][promotion_code]');
  const promoId = form.get('discounts[0][promotion_code]') ?? onItem;
  const lines: Json = { object: 'list', data: [], has_more: false };
  const order = previewedOrder(form);
  const invoice = (discounts: unknown[]): Json => ({
    id: `upcoming_in_fake${String(form.size).padStart(4, '0')}`,
    object: 'invoice',
    customer,
    currency: order.currency,
    subtotal: order.amount,
    discounts,
    lines,
    livemode: caller.mode === 'live',
  });
  if (promoId === undefined) return invoice([]);
  const lookup = env.store.lookup('promotionCodes', promoId, caller.mode);
  if (lookup.kind !== 'found')
    throw resourceMissing('promotion code', promoId, 'discounts[0][promotion_code]', { status: 400 });
  const override = env.previewOverride;
  if (override?.refuse) throw refusal(override.refuse.message, 'discounts[0][promotion_code]', override.refuse.code);
  if (override?.accept) return invoice([{ promotion_code: promoId }]);
  judge(lookup.object, order, customer, caller, env);
  return invoice([{ promotion_code: promoId }]);
}

function judge(
  code: Json,
  order: ReturnType<typeof previewedOrder>,
  customer: string | null,
  caller: Caller,
  env: BillingEnvironment,
): void {
  // Unverified wording (no public source quotes Stripe's refusal of an inactive code).
  if (code.active === false)
    throw unverifiedRefusal(
      'This promotion code is not active.',
      'discounts[0][promotion_code]',
      'promotion_code_invalid',
    );
  if (
    typeof code.max_redemptions === 'number' &&
    typeof code.times_redeemed === 'number' &&
    code.times_redeemed >= code.max_redemptions
  ) {
    // Said to be quoted in public test code; an exact-string search of public code (issue 20)
    // found no Stripe source for it: unverified.
    throw unverifiedRefusal(
      'This promotion code cannot be redeemed because it has been used the maximum number of times.',
    );
  }
  const restricted = refId(code.customer);
  // Unverified wording.
  if (restricted !== undefined && restricted !== customer)
    throw unverifiedRefusal('This promotion code cannot be redeemed by this customer.');
  const restrictions = isJsonObject(code.restrictions) ? code.restrictions : {};
  if (
    restrictions.first_time_transaction === true &&
    customer !== null &&
    customerHasHistory(env.store, customer, caller.mode)
  ) {
    // stripe/stripe-php#1146.
    throw refusal('This promotion code cannot be redeemed because the associated customer has prior transactions.');
  }
  const minimum = minimumFor(code, order.currency);
  if (minimum !== null && !order.subscription) {
    // The subscription-update wording is quoted by integrations that handle it (test/fixtures/stripe-wordings);
    // that invoice items get the same text is unverified, so the answer is marked.
    throw unverifiedRefusal(
      'This promotion code cannot be redeemed on a subscription update because it uses the `minimum_amount` restriction and the amount may change.',
    );
  }
  // Stripe's wording as public projects quote it (test/fixtures/stripe-wordings/corpus.json).
  if (minimum !== null && order.amount < minimum)
    throw refusal(
      'This promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement.',
    );
}
