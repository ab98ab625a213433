/**
 * Flag values -> typed values, or a UsageError with one sentence that says what is wrong
 * and what is expected. Exit 2 (design §5).
 */
import { UsageError } from '../errors.js';
import { isKnownCurrency } from '../format/money.js';
import { parseDuration } from '../format/time.js';

/** `--at`: ISO-8601 ("2026-11-22", "2026-11-22T10:00:00Z") or unix seconds ("1795000000"). */
export function parseAt(text: string): number {
  const trimmed = text.trim();
  if (/^\d{1,12}$/.test(trimmed)) return Number(trimmed);
  // Only ISO-8601, not whatever Date.parse guesses at ("next tuesday", "1/2/3").
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10;
    const millis = Date.parse(hasZone ? trimmed : `${trimmed}Z`);
    if (!Number.isNaN(millis)) return Math.floor(millis / 1000);
  }
  throw new UsageError(`--at "${text}" is not a date: give ISO-8601 (2026-11-22 or 2026-11-22T10:00:00Z) or unix seconds.`);
}

/** `--amount`: a whole number in the currency's smallest unit, as Stripe writes amounts. */
export function parseAmount(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
    throw new UsageError(`--amount "${text}" is not a whole number: give the amount in the currency's smallest unit (4000 for $40.00, 500 for ¥500).`);
  }
  return Number(trimmed);
}

export function parseCurrency(text: string): string {
  const code = text.trim().toLowerCase();
  if (!isKnownCurrency(code)) throw new UsageError(`--currency "${text}" is not an ISO 4217 currency code such as usd, eur or jpy.`);
  return code;
}

/** `--customer`: a customer id (cus_…), or an Accounts v2 account id (acct_…) as Stripe allows for `customer_account`. */
export function parseCustomerId(text: string, flag = '--customer'): string {
  const id = text.trim();
  if (/^(cus|acct)_[A-Za-z0-9]+$/.test(id)) return id;
  throw new UsageError(`${flag} "${text}" is not a customer id: expected cus_… (or acct_… for a customer account).`);
}

/** `--product`: Stripe product ids may be custom strings, so only reject what cannot be an id. */
export function parseProduct(text: string): string {
  const id = text.trim();
  if (id === '' || /\s/.test(id)) throw new UsageError(`--product "${text}" is not a product id such as prod_NWjs8kKbJWmuuc.`);
  return id;
}

export function parseWarnWithin(text: string): number {
  const seconds = parseDuration(text);
  if (seconds === null) throw new UsageError(`--warn-within "${text}" is not a duration: give a number and a unit, such as 7d, 36h, 2w or 90m.`);
  return seconds;
}
