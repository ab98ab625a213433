/**
 * Amounts and times as a person reads them (src/format/money.ts, src/format/time.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatMoney, isKnownCurrency, minorUnitDigits } from '../../src/format/money.js';
import { isoTime, parseDuration, relativeTime, spanText, timeWithHint } from '../../src/format/time.js';
import { AT, AT_ISO, DAY, HOUR } from '../helpers/time.js';

describe('formatMoney: amounts in the smallest unit, as Stripe writes them', () => {
  it.each([
    [4000, 'usd', '$40.00'],
    [5, 'usd', '$0.05'],
    [0, 'usd', '$0.00'],
    [123456, 'usd', '$1,234.56'],
    [4500, 'eur', '€45.00'],
    [1999, 'gbp', '£19.99'],
    [500, 'jpy', '¥500'],
    [1000, 'krw', '₩1,000'],
  ])('%i %s -> %s', (amount, currency, text) => {
    expect(formatMoney(amount, currency)).toBe(text);
  });

  it('upper-case currency codes work the same', () => {
    expect(formatMoney(4000, 'USD')).toBe('$40.00');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
  });

  it('three-decimal currencies (Stripe: KWD, BHD…) show three decimals', () => {
    expect(formatMoney(1000, 'kwd')).toMatch(/^KWD\s1\.000$/);
    expect(formatMoney(1234, 'bhd')).toMatch(/^BHD\s1\.234$/);
  });

  it('minor unit digits follow Stripe', () => {
    expect(minorUnitDigits('usd')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('kwd')).toBe(3);
  });

  it('known currencies', () => {
    expect(isKnownCurrency('usd')).toBe(true);
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('us')).toBe(false);
    expect(isKnownCurrency('usd1')).toBe(false);
    expect(isKnownCurrency('zzz')).toBe(false);
  });
});

describe('isoTime', () => {
  it('unix seconds -> ISO 8601 in UTC without milliseconds', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00Z');
    expect(isoTime(AT)).toBe(AT_ISO);
    expect(isoTime(1772323200)).toBe('2026-03-01T00:00:00Z');
  });
});

describe('relativeTime', () => {
  it.each([
    [AT - 3 * DAY, '3 days ago'],
    [AT + 5 * HOUR, 'in 5 hours'],
    [AT, 'now'],
    [AT + 59, 'now'],
    [AT - 59, 'now'],
    [AT + 60, 'in 1 minute'],
    [AT - 1 * DAY, '1 day ago'],
    [AT + 13 * DAY, 'in 13 days'],
    [AT + 14 * DAY, 'in 2 weeks'],
    [AT - 90 * DAY, '3 months ago'],
    [AT + 400 * DAY, 'in 1 year'],
  ])('%i relative to the clock -> %s', (time, text) => {
    expect(relativeTime(time, AT)).toBe(text);
  });

  it('spanText uses whole units', () => {
    expect(spanText(7 * DAY)).toBe('7 days');
    expect(spanText(HOUR)).toBe('1 hour');
    expect(spanText(30)).toBe('less than a minute');
  });

  it('timeWithHint joins both', () => {
    expect(timeWithHint(AT - 3 * DAY, AT)).toBe('2026-05-29T00:00:00Z (3 days ago)');
  });
});

describe('parseDuration', () => {
  it.each([
    ['7d', 7 * DAY],
    ['36h', 36 * HOUR],
    ['2w', 14 * DAY],
    ['90m', 90 * 60],
    ['45s', 45],
    ['7D', 7 * DAY],
    [' 7d ', 7 * DAY],
  ])('%j -> %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '7', 'd', '-1d', '1.5h', '7x', 'seven days', '7days', 'P7D'])('%j -> null', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
