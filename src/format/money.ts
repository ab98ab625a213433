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

/** True if `code` is a currency Intl knows; Stripe only takes ISO 4217 codes. */
export function isKnownCurrency(code: string): boolean {
  if (!/^[a-z]{3}$/i.test(code)) return false;
  try {
    return Intl.supportedValuesOf('currency').includes(code.toUpperCase());
  } catch {
    return true;
  }
}

export function formatMoney(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const major = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency.toUpperCase()}`;
  }
}
