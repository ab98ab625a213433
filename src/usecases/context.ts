/**
 * A redemption context as a program gives it (the library's argument) -> the rules'
 * RedemptionContext, checked as the CLI checks its flags, in sentences that name the field.
 */
import { InputError } from '../errors.js';
import { isStripeId } from '../format/ids.js';
import { isKnownCurrency } from '../format/money.js';
import { MAX_UNIX_SECONDS } from '../model/read.js';
import { DEFAULT_WARN_WITHIN, type RedemptionContext } from '../rules/context.js';
import { SURFACES, type Surface } from '../rules/surface.js';

/** Who redeems what, and when. Amounts are in the currency's smallest unit, as Stripe writes them. */
export interface RedemptionInput {
  /** When the redemption happens: a Date, or unix seconds. */
  readonly at: Date | number;
  /**
   * When the Stripe objects were read, if not at `at`: their `active`, `valid` and
   * `times_redeemed` describe that moment. A Date, or unix seconds.
   */
  readonly observedAt?: Date | number | null;
  /** The redeeming customer: a customer id (cus_…), or an Accounts v2 customer account (acct_…). */
  readonly customer?: string | null;
  /** The order amount in the currency's smallest unit (4000 is $40.00); needs `currency`. */
  readonly amount?: number | null;
  /** The order currency, ISO 4217 (usd, eur, jpy…). */
  readonly currency?: string | null;
  /** The products in the order (prod_…). */
  readonly products?: readonly string[];
  /** How close an expiry or a limit must be to be warned about, in seconds. Default 7 days. */
  readonly warnWithinSeconds?: number;
  /** Where the code is redeemed (checkout, payment_link, subscription, subscription_update, invoice, portal, subscription_item, schedule_phase); absent: a new redemption, surface unknown. */
  readonly surface?: Surface | null;
}

function unixSeconds(value: Date | number, field: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms) || ms < 0) throw new InputError(`context.${field} is an invalid Date.`);
    return withinDates(Math.floor(ms / 1000), field);
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(
      `context.${field} is neither a Date nor a time in unix seconds (a whole number of zero or more).`,
    );
  }
  return withinDates(value, field);
}

/**
 * Times are printed as ISO dates, which hold years up to 9999 (as Stripe's own timestamps do):
 * a later one is bad input, not a RangeError from Date (issue 18, defect 12). Milliseconds
 * given for seconds are the likely mistake, so the sentence says so.
 */
function withinDates(seconds: number, field: string): number {
  if (seconds > MAX_UNIX_SECONDS)
    throw new InputError(
      `context.${field} is after the year 9999 (${seconds} seconds): give unix seconds, not milliseconds, or a Date.`,
    );
  return seconds;
}

function customerOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && isStripeId(value, ['cus_', 'acct_'])) return value;
  throw new InputError('context.customer is not a customer id: expected cus_… (or acct_… for a customer account).');
}

function amountOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new InputError(
    "context.amount is not a whole number of zero or more in the currency's smallest unit (4000 for $40.00).",
  );
}

function currencyOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const code = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (isKnownCurrency(code)) return code;
  throw new InputError('context.currency is not an ISO 4217 currency code such as usd, eur or jpy.');
}

function productsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('context.products is not a list of product ids.');
  return [
    ...new Set(
      value.map((id: unknown) => {
        if (typeof id !== 'string' || id.trim() === '' || /\s/.test(id.trim()))
          throw new InputError(
            'context.products holds something that is not a product id such as prod_NWjs8kKbJWmuuc.',
          );
        return id.trim();
      }),
    ),
  ];
}

function warnWithinOf(value: unknown): number {
  if (value === undefined) return DEFAULT_WARN_WITHIN;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  throw new InputError('context.warnWithinSeconds is not a number of seconds of zero or more.');
}

function surfaceOf(value: unknown): Surface | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && (SURFACES as readonly string[]).includes(value)) return value as Surface;
  throw new InputError(`context.surface is not one of ${SURFACES.join(', ')}.`);
}

export function redemptionContext(input: RedemptionInput): RedemptionContext {
  if (typeof input !== 'object' || input === null)
    throw new InputError('The context is not an object such as { at: new Date() }.');
  const at = unixSeconds(input.at, 'at');
  const amount = amountOf(input.amount);
  const currency = currencyOf(input.currency);
  if (amount !== null && currency === null) {
    throw new InputError(
      'context.amount needs context.currency: amounts are in the smallest unit of a currency (amount 4000, currency usd is $40.00).',
    );
  }
  return {
    at,
    observed_at:
      input.observedAt === undefined || input.observedAt === null ? at : unixSeconds(input.observedAt, 'observedAt'),
    warn_within: warnWithinOf(input.warnWithinSeconds),
    customer: customerOf(input.customer),
    customer_record: null,
    history: null,
    amount,
    currency,
    products: productsOf(input.products),
    surface: surfaceOf(input.surface),
  };
}
