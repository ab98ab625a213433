/**
 * The redemption context flags shared by check, coupon, explain and audit.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { DEFAULT_WARN_WITHIN, type RedemptionContext } from '../rules/context.js';
import { SURFACES, type Surface } from '../rules/surface.js';
import {
  parseAmount,
  atUncertainty,
  parseAt,
  parseCurrency,
  parseCustomerId,
  parseProduct,
  parseSurface,
  parseWarnWithin,
  splitList,
} from './validate.js';

export interface ContextFlags {
  customer?: string;
  amount?: string;
  currency?: string;
  product?: string[];
  /** Price ids whose products a live command reads (src/cli/live.ts); not an option of explain. */
  price?: string[];
  at?: string;
  warnWithin?: string;
  strict?: boolean;
  /** Read by commander with parseSurface. */
  surface?: Surface;
  trial?: boolean;
  apiVersion?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addContextOptions(command: Command): Command {
  return command
    .option('--customer <cus_id>', 'who is redeeming (customer id)')
    .option('--amount <int>', "order amount in the currency's smallest unit (4000 = $40.00)")
    .option('--currency <iso>', 'order currency (usd, eur, jpy…)')
    .option('--product <prod_id>', 'a product in the order (repeatable, or comma-separated)', collect)
    .option('--at <time>', 'evaluate as of this moment (ISO-8601 or unix seconds) instead of now')
    .addOption(new Option('--warn-within <duration>', 'horizon for "expires soon" warnings').default('7d'))
    .addOption(
      // .choices() lists the surfaces in help and completion; parseSurface also takes payment-link, Portal….
      new Option('--surface <surface>', 'where the code is redeemed (default: a new redemption)')
        .choices(SURFACES)
        .argParser(parseSurface),
    )
    .option('--trial', 'the first invoice is a trial invoice ($0)')
    .option('--api-version <date>', 'the Stripe API version the redemption is made with (YYYY-MM-DD[.name])')
    .option('--strict', 'also fail (exit 1) on conditional and warning findings');
}

/** `--price`, for the commands that read Stripe (check, coupon, audit): explain has no API to read a price with. */
export function addPriceOption(command: Command): Command {
  return command.option(
    '--price <price_id>',
    'a price in the order, whose product is read (repeatable, or comma-separated)',
    collect,
  );
}

/** The parts of the context that come from flags; the fetchers add the customer record and history. */
export function contextFromFlags(flags: ContextFlags & { readonly for?: string }, now: number): RedemptionContext {
  const amount = flags.amount === undefined ? null : parseAmount(flags.amount);
  const currency = flags.currency === undefined ? null : parseCurrency(flags.currency);
  // With --for, the object's currency serves: --amount alone keeps it (issue 17, item 8); the use
  // case refuses an amount that still has no currency once the object is read.
  if (amount !== null && currency === null && flags.for === undefined) {
    throw new UsageError(
      '--amount needs --currency: amounts are in the smallest unit of a currency (--amount 4000 --currency usd is $40.00).',
    );
  }
  return {
    at: flags.at === undefined ? now : parseAt(flags.at),
    ...(flags.at !== undefined && atUncertainty(flags.at) > 0 ? { at_uncertainty: atUncertainty(flags.at) } : {}),
    observed_at: now,
    warn_within: flags.warnWithin === undefined ? DEFAULT_WARN_WITHIN : parseWarnWithin(flags.warnWithin),
    customer: flags.customer === undefined ? null : parseCustomerId(flags.customer),
    customer_record: null,
    history: null,
    amount,
    currency,
    products: [
      ...new Set(
        (flags.product ?? []).flatMap((raw) => (splitList(raw).length > 0 ? splitList(raw) : [raw])).map(parseProduct),
      ),
    ],
    surface: flags.surface ?? null,
    trial: flags.trial === true,
    ...(flags.apiVersion === undefined ? {} : { api_version: parseApiVersion(flags.apiVersion) }),
  };
}

/** A Stripe API version: a date, optionally with its release name (2025-03-31.basil). */
function parseApiVersion(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(value)) return value;
  throw new UsageError(
    `--api-version "${value.slice(0, 40)}" is not a Stripe API version (a date such as 2023-08-16 or 2025-03-31.basil).`,
  );
}
