/**
 * Everything the rules know about the redemption being judged. The clock is a parameter:
 * rules never read the system time.
 */
import type { CustomerHistory, CustomerLink } from '../model/types.js';
import type { ExistingDiscount, PortalSettings, Surface } from './surface.js';

export interface RedemptionContext {
  /** Evaluation time, unix seconds (`--at`, else now). */
  readonly at: number;
  /**
   * How far off `at` may be, seconds; absent or 0 when exact. A date and time with no zone (as a
   * Dashboard log's Time line shows it, in the viewer's local time) may be off by the zone's
   * offset, up to 14 hours (UTC-12 to UTC+14): a deadline that close is not decided.
   */
  readonly at_uncertainty?: number;
  /**
   * When the data was read, unix seconds. Flags and counters (`active`, `valid`,
   * `times_redeemed`) describe this moment, which differs from `at` when `--at` is given.
   * Infinity when unknown but later than `at` (explain of a pasted payload with --at).
   */
  readonly observed_at: number;
  /** Horizon for "expires soon" warnings, seconds (`--warn-within`, default 7 days). */
  readonly warn_within: number;
  /** The redeeming customer id (`--customer`), if given. */
  readonly customer: string | null;
  /** The redeeming customer as fetched, when it was looked up (deleted customers matter). */
  readonly customer_record: CustomerLink | null;
  /** The redeeming customer's earlier activity; null when not gathered (offline). */
  readonly history: CustomerHistory | null;
  /** Order amount in the currency's smallest unit (`--amount`). */
  readonly amount: number | null;
  /** Order currency, lower-case (`--currency`). */
  readonly currency: string | null;
  /** Products in the order (`--product`, repeatable). */
  readonly products: readonly string[];
  /** Where the code is redeemed (`--surface`, or the `--for` object); absent: a new redemption, surface unknown. */
  readonly surface?: Surface | null;
  /** The first invoice is a trial invoice (`--trial`, or a trial on the `--for` object). */
  readonly trial?: boolean;
  /** Discounts the redemption already carries (from `--for`); absent or null when unknown. */
  readonly existing_discounts?: readonly ExistingDiscount[] | null;
  /**
   * The Checkout Session or Payment Link the code would be entered on (from `--for`), and whether
   * its page has a field for a code; absent when unknown.
   */
  readonly code_field?: {
    readonly order: string;
    readonly order_type: 'checkout_session' | 'payment_link';
    readonly allow_promotion_codes: boolean | null;
  } | null;
  /**
   * The Stripe API version the redemption is made with (`--api-version`, a failed request's log,
   * an event's `api_version`); absent or null when unknown.
   */
  readonly api_version?: string | null;
  /** The customer portal's configuration, read live for `--surface portal`; absent or null when not read. */
  readonly portal?: PortalSettings | null;
}

export const DEFAULT_WARN_WITHIN = 7 * 86400;

/** A context with nothing but a clock: every restriction stays conditional. */
export function bareContext(at: number, overrides: Partial<RedemptionContext> = {}): RedemptionContext {
  return {
    at,
    observed_at: at,
    warn_within: DEFAULT_WARN_WITHIN,
    customer: null,
    customer_record: null,
    history: null,
    amount: null,
    currency: null,
    products: [],
    ...overrides,
  };
}
