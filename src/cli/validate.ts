/**
 * Flag values -> typed values, or a UsageError with one sentence that says what is wrong
 * and what is expected. Exit 2 (docs/architecture.md, "The JSON document and exit codes").
 */
import { SURFACES, type Surface } from '../rules/surface.js';
import { UsageError } from '../errors.js';
import { idProblem, isStripeId } from '../format/ids.js';
import { isKnownCurrency } from '../format/money.js';
import { clipInput, quoteInput } from '../format/text.js';
import { parseDuration } from '../format/time.js';

/** `--at`: ISO-8601 ("2026-11-22", "2026-11-22T10:00:00Z") or unix seconds ("1795000000"). */
export function parseAt(text: string, flag = '--at'): number {
  const trimmed = text.trim();
  if (/^\d{1,12}$/.test(trimmed)) return Number(trimmed);
  // Only ISO-8601, not whatever Date.parse guesses at ("next tuesday", "1/2/3").
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10;
    const millis = Date.parse(hasZone ? trimmed : `${trimmed}Z`);
    // Date.parse rolls 2026-02-30 over to March 2; a date that does not exist is bad input.
    const [year, month, day] = trimmed.slice(0, 10).split('-').map(Number);
    const calendar = new Date(Date.UTC(year!, month! - 1, day!));
    const exists =
      calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month! - 1 && calendar.getUTCDate() === day;
    if (!Number.isNaN(millis) && exists) return Math.floor(millis / 1000);
  }
  throw new UsageError(
    `${flag} ${quoteInput(text)} is not a date: give ISO-8601 (2026-11-22 or 2026-11-22T10:00:00Z) or unix seconds.`,
  );
}

/** The offsets of local times from UTC run from -12 to +14 hours. */
export const UNKNOWN_ZONE_SECONDS = 14 * 3600;

/**
 * How far off an `--at` may be, seconds: a date and time with no zone ("2025-11-20T09:03:41", as
 * the Dashboard shows a log's Time, in the viewer's local time) is read as UTC but may be off by
 * the zone's offset; 0 for unix seconds, a zone, or a date alone (the start of that UTC day).
 */
export function atUncertainty(text: string): number {
  const trimmed = text.trim();
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed) ? UNKNOWN_ZONE_SECONDS : 0;
}

/** `--amount`: a whole number in the currency's smallest unit, as Stripe writes amounts. */
export function parseAmount(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
    throw new UsageError(
      `--amount ${quoteInput(text)} is not a whole number: give the amount in the currency's smallest unit (4000 for $40.00, 500 for ¥500).`,
    );
  }
  return Number(trimmed);
}

export function parseCurrency(text: string): string {
  const code = text.trim().toLowerCase();
  if (!isKnownCurrency(code))
    throw new UsageError(`--currency ${quoteInput(text)} is not an ISO 4217 currency code such as usd, eur or jpy.`);
  return code;
}

/** `--customer`: a customer id (cus_…), or an Accounts v2 account id (acct_…) as Stripe allows for `customer_account`. */
export function parseCustomerId(text: string, flag = '--customer'): string {
  const id = text.trim();
  if (isStripeId(id, ['cus_', 'acct_'])) return id;
  throw new UsageError(
    `${flag} ${quoteInput(text)} is not a customer id: expected cus_… (or acct_… for a customer account).`,
  );
}

/** Repeatable flags also take comma-separated lists: `--product prod_A,prod_B`. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Ids of other Stripe objects that people give where a product id belongs. */
const NOT_PRODUCTS: ReadonlyArray<readonly [prefix: string, what: string, hint: string]> = [
  ['price_', 'a price id', 'give its product (prod_…), or --price with a live command (check, coupon) to read it'],
  ['plan_', 'a plan id', 'give its product (prod_…), or --price with a live command (check, coupon) to read it'],
  ['cus_', 'a customer id', 'did you mean --customer?'],
  ['promo_', 'a promotion code id', 'products are prod_…'],
  ['acct_', 'an account id', 'products are prod_…'],
  ['sub_', 'a subscription id', 'products are prod_…'],
  ['si_', 'a subscription item id', 'products are prod_…'],
  ['in_', 'an invoice id', 'products are prod_…'],
  ['ii_', 'an invoice item id', 'products are prod_…'],
  ['cs_', 'a Checkout Session id', 'products are prod_…'],
];

/**
 * `--product`: a product id. Stripe lets a product be created with an id of one's own
 * (https://docs.stripe.com/api/products/create#create_product-id), so ids without `prod_`
 * are accepted; the ids of other objects, which cannot be products, are refused.
 */
export function parseProduct(text: string): string {
  const id = text.trim();
  if (idProblem(id) !== null)
    throw new UsageError(`--product ${quoteInput(text)} is not a product id such as prod_NWjs8kKbJWmuuc.`);
  const other = NOT_PRODUCTS.find(([prefix]) => id.startsWith(prefix));
  if (other) throw new UsageError(`--product ${clipInput(id)} is ${other[1]}, not a product id: ${other[2]}.`);
  return id;
}

/** `--price`: a price id, whose product a live command reads. */
export function parsePriceId(text: string): string {
  const id = text.trim();
  if (isStripeId(id, 'price_')) return id;
  if (id.startsWith('prod_')) throw new UsageError(`--price ${clipInput(id)} is a product id: give it to --product.`);
  throw new UsageError(`--price ${quoteInput(text)} is not a price id such as price_1MoBy5LkdIwHu7ixZhnattbh.`);
}

export function parseSurface(text: string): Surface {
  const surface = text.trim().toLowerCase().replace(/-/g, '_');
  if (!(SURFACES as readonly string[]).includes(surface)) {
    throw new UsageError(`--surface ${quoteInput(text)} is not a surface: give one of ${SURFACES.join(', ')}.`);
  }
  return surface as Surface;
}

export function parseWarnWithin(text: string): number {
  const seconds = parseDuration(text);
  if (seconds === null)
    throw new UsageError(
      `--warn-within ${quoteInput(text)} is not a duration: give a number and a unit, such as 7d, 36h, 2w or 90m.`,
    );
  return seconds;
}

/** Id prefixes people paste into the wrong command, and where they belong. */
const CONFUSABLE_IDS: ReadonlyArray<readonly [prefix: string, what: string, hint: string]> = [
  ['cus_', 'a customer id', 'did you mean --customer, or promo-doctor customer?'],
  ['promo_', 'a promotion code id', 'did you mean promo-doctor check?'],
  ['sub_', 'a subscription id', 'promo-doctor customer explains the discounts of a customer and its subscriptions.'],
  ['di_', 'a discount id', 'Stripe cannot fetch discounts by id: use promo-doctor customer with the customer id.'],
  ['prod_', 'a product id', 'did you mean --product?'],
  ['acct_', 'an account id', 'did you mean --stripe-account?'],
  ['in_', 'an invoice id', 'promo-doctor diagnoses promotion codes, coupons and customers.'],
  ['pi_', 'a PaymentIntent id', 'promo-doctor diagnoses promotion codes, coupons and customers.'],
];

function confusable(id: string): readonly [string, string, string] | undefined {
  return CONFUSABLE_IDS.find(([prefix]) => id.startsWith(prefix));
}

/**
 * `check <promo_id|code>`: a promotion code id, or a customer-facing code (letters, digits
 * and dashes: https://docs.stripe.com/api/promotion_codes/create#create_promotion_code-code).
 */
export function parseCheckTarget(text: string): { by: 'id' | 'code'; value: string } {
  const value = text.trim();
  if (isStripeId(value, 'promo_')) return { by: 'id', value };
  if (/^[A-Za-z0-9-]{1,500}$/.test(value)) return { by: 'code', value };
  const known = confusable(value);
  if (known && known[0] !== 'promo_')
    throw new UsageError(`${clipInput(value)} is ${known[1]}, not a promotion code; ${known[2]}`);
  if (value === '')
    throw new UsageError('check needs a promotion code id (promo_…) or a customer-facing code, not an empty string.');
  throw new UsageError(
    `${quoteInput(text)} is neither a promotion code id (promo_…) nor a customer-facing code (letters, digits and dashes).`,
  );
}

/** `coupon <id>`: coupon ids may be custom strings (SUMMER25), so only refuse other objects' ids. */
export function parseCouponId(text: string): string {
  const value = text.trim();
  if (value === '') throw new UsageError('coupon needs a coupon id, not an empty string.');
  const known = confusable(value);
  if (known) throw new UsageError(`${clipInput(value)} is ${known[1]}, not a coupon id; ${known[2]}`);
  if (idProblem(value) !== null)
    throw new UsageError(`${quoteInput(text)} is not a coupon id such as SUMMER25 or Z4OV52SU.`);
  return value;
}

/** `customer <cus_id>`. */
export function parseCustomerTarget(text: string): string {
  const value = text.trim();
  if (isStripeId(value, 'cus_')) return value;
  const known = confusable(value);
  if (known && known[0] !== 'cus_')
    throw new UsageError(`${clipInput(value)} is ${known[1]}, not a customer id (cus_…); ${known[2]}`);
  throw new UsageError(`${quoteInput(text)} is not a customer id such as cus_NffrFeUfNV2Hib.`);
}
