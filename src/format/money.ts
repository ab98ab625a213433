/**
 * Amounts as Stripe writes them (the currency's smallest unit) -> text a person reads.
 *
 * Stripe's own minor-unit table decides the decimals, not ISO 4217: the API treats some
 * currencies differently from Intl (https://docs.stripe.com/currencies#zero-decimal and
 * #three-decimal). 500 JPY is ¥500; 4000 USD is $40.00; 1000 KWD is KWD 1.000.
 */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export function minorUnitDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** The currencies Intl knows, read once (null where the runtime cannot list them). */
let knownCurrencies: ReadonlySet<string> | null | undefined;

/** True if `code` is a currency Intl knows; Stripe only takes ISO 4217 codes. */
export function isKnownCurrency(code: string): boolean {
  if (!/^[a-z]{3}$/i.test(code)) return false;
  if (knownCurrencies === undefined) {
    try {
      knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
    } catch {
      knownCurrencies = null;
    }
  }
  return knownCurrencies === null || knownCurrencies.has(code.toUpperCase());
}

/**
 * One formatter per currency, built on first use: building an Intl.NumberFormat costs about
 * a hundred times what formatting with it does, and an audit formats several amounts per code
 * (it was a tenth of an audit's CPU). null: Intl refuses the currency. Only three-letter
 * codes are kept, so hostile data cannot grow the map past 26³ entries.
 */
const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return null;
  let formatter = formatters.get(code);
  if (formatter === undefined) {
    const digits = minorUnitDigits(code);
    try {
      formatter = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: code,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    } catch {
      formatter = null;
    }
    formatters.set(code, formatter);
  }
  return formatter;
}

export function formatMoney(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const major = amount / 10 ** digits;
  return formatterFor(currency)?.format(major) ?? `${major.toFixed(digits)} ${currency.toUpperCase()}`;
}
