/**
 * parseStripeText: the text handed to `explain` -> the Stripe objects inside it, through
 * the wrappers people paste (list, search result, event, Dashboard request log), and a
 * InputError with one clear sentence for anything else.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { extractDashboardResponse, parseStripeText } from '../../src/model/input.js';

const promo = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  object: 'promotion_code',
  code: id.toUpperCase(),
  active: true,
  coupon: 'CPN',
  ...extra,
});

function usageError(text: string, source = 'input.json'): InputError {
  try {
    parseStripeText(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`expected a InputError for ${JSON.stringify(text.slice(0, 60))}`);
}

describe('wrappers', () => {
  it('a plain object', () => {
    const parsed = parseStripeText(JSON.stringify(promo('promo_1')), 'x');
    expect(parsed.wrapper).toBe('object');
    expect(parsed.items.map((i) => [i.kind, 'id' in i ? i.id : null])).toEqual([['promotion_code', 'promo_1']]);
  });

  it('surrounding whitespace is fine', () => {
    expect(parseStripeText(`\n\n  ${JSON.stringify(promo('promo_1'))}  \n`, 'x').items).toHaveLength(1);
  });

  it('a byte order mark before the JSON is fine', () => {
    expect(parseStripeText(`\uFEFF${JSON.stringify(promo('promo_1'))}`, 'x').items).toHaveLength(1);
  });

  it('a list', () => {
    const parsed = parseStripeText(
      JSON.stringify({
        object: 'list',
        url: '/v1/promotion_codes',
        has_more: false,
        data: [promo('promo_1'), promo('promo_2')],
      }),
      'x',
    );
    expect(parsed.wrapper).toBe('list');
    expect(parsed.items.map((i) => i.kind === 'promotion_code' && i.id)).toEqual(['promo_1', 'promo_2']);
  });

  it('an empty list', () => {
    const parsed = parseStripeText(JSON.stringify({ object: 'list', data: [], has_more: false }), 'x');
    expect(parsed.wrapper).toBe('list');
    expect(parsed.items).toEqual([]);
  });

  it('a search result', () => {
    const parsed = parseStripeText(
      JSON.stringify({
        object: 'search_result',
        data: [{ id: 'cus_1', object: 'customer' }],
        has_more: false,
        next_page: null,
      }),
      'x',
    );
    expect(parsed.wrapper).toBe('search_result');
    expect(parsed.items.map((i) => i.kind)).toEqual(['customer']);
  });

  it('an event: data.object', () => {
    const parsed = parseStripeText(
      JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'coupon.updated',
        data: { object: { id: 'CPN', object: 'coupon', percent_off: 5, valid: false } },
      }),
      'x',
    );
    expect(parsed.wrapper).toBe('event');
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]).toMatchObject({ kind: 'coupon', id: 'CPN', valid: false });
  });

  it('an event without a type still gives its object', () => {
    const parsed = parseStripeText(JSON.stringify({ object: 'event', data: { object: promo('promo_9') } }), 'x');
    expect(parsed.items[0]?.kind).toBe('promotion_code');
  });

  it('a Dashboard request log: the Response body, not the Request POST body', () => {
    const log = [
      'GET /v1/promotion_codes/promo_1',
      'Status',
      '200 OK',
      'Response body',
      JSON.stringify(promo('promo_1', { metadata: { note: 'has } and { in a string' } }), null, 2),
      'Request POST body',
      '{ "id": "promo_WRONG", "object": "promotion_code" }',
    ].join('\n');
    const parsed = parseStripeText(log, 'log.txt');
    expect(parsed.wrapper).toBe('dashboard_log');
    expect(parsed.items[0]).toMatchObject({ kind: 'promotion_code', id: 'promo_1' });
  });

  it('a Dashboard request log whose Response body is a list', () => {
    const log = `GET /v1/promotion_codes\nStatus\n200 OK\nResponse body\n${JSON.stringify({ object: 'list', data: [promo('promo_1')], has_more: false })}\n`;
    const parsed = parseStripeText(log, 'log.txt');
    expect(parsed.wrapper).toBe('list');
    expect(parsed.items).toHaveLength(1);
  });

  it('extractDashboardResponse takes the balanced object after the marker', () => {
    expect(extractDashboardResponse('Status\n200\nResponse body\n{"a": {"b": "}"}}\ntrailing {"c":1}')).toBe(
      '{"a": {"b": "}"}}',
    );
    expect(extractDashboardResponse('no marker here {"a":1}')).toBeNull();
    expect(extractDashboardResponse('Response body\n{"a": 1')).toBeNull();
  });
});

describe('bad input: one clear sentence, exit 2', () => {
  it('empty input', () => {
    expect(usageError('', 'stdin').message).toMatch(/stdin is empty/);
    expect(usageError('  \n\t ', 'stdin').message).toMatch(/empty/);
  });

  it('not JSON', () => {
    const error = usageError('this is not json', 'notes.txt');
    expect(error.message).toMatch(/notes\.txt is not JSON/);
    expect(error.message).toMatch(/Response body/);
  });

  it('truncated JSON', () => {
    expect(usageError('{"id": "promo_1", "object": "promotion_code"', 'cut.json').message).toMatch(/not JSON/);
  });

  it('a JSON array', () => {
    expect(usageError('[{"id":"promo_1","object":"promotion_code"}]').message).toMatch(/not a Stripe object.*an array/);
  });

  it('a JSON number, string or null', () => {
    expect(usageError('42').message).toMatch(/not a Stripe object.*a number/);
    expect(usageError('"promo_1"').message).toMatch(/not a Stripe object.*a string/);
    expect(usageError('null').message).toMatch(/not a Stripe object.*null/);
  });

  it('an object of a type promo-doctor does not explain (a charge)', () => {
    const error = usageError(JSON.stringify({ id: 'ch_1', object: 'charge', amount: 4000 }));
    expect(error.message).toMatch(/"charge"/);
    expect(error.message).toMatch(/promotion codes, coupons, customers/);
  });

  it('an object without an "object" field', () => {
    expect(usageError(JSON.stringify({ id: 'thing_1', amount: 1 })).message).toMatch(/no "object" field/);
  });

  it('a field of the wrong type', () => {
    const error = usageError(JSON.stringify(promo('promo_1', { times_redeemed: 'x' })));
    expect(error.message).toMatch(/promo_1/);
    expect(error.message).toMatch(/"times_redeemed"/);
    expect(error.message).toMatch(/not a number/);
  });

  it('an event without data.object', () => {
    expect(usageError(JSON.stringify({ id: 'evt_1', object: 'event', type: 'x', data: {} })).message).toMatch(
      /event without a "data\.object"/,
    );
    expect(usageError(JSON.stringify({ id: 'evt_1', object: 'event' })).message).toMatch(/data\.object/);
  });

  it('an event wrapping an object of another type is skipped, not refused (a `stripe listen` tail carries every event)', () => {
    const parsed = parseStripeText(
      JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'charge.succeeded',
        data: { object: { id: 'ch_1', object: 'charge' } },
      }),
      'x',
    );
    expect(parsed.items).toEqual([]);
    expect(parsed.skipped).toEqual({ event: 'evt_1', type: 'charge.succeeded', object: 'charge' });
  });

  it('a list without a data array', () => {
    expect(usageError(JSON.stringify({ object: 'list', data: 'nope' })).message).toMatch(/list without a "data" array/);
    expect(usageError(JSON.stringify({ object: 'search_result' })).message).toMatch(
      /search_result without a "data" array/,
    );
  });

  it('a list with a bad item', () => {
    expect(usageError(JSON.stringify({ object: 'list', data: [promo('promo_1'), 7] })).message).toMatch(
      /not a Stripe object/,
    );
  });

  it('a Dashboard log without a Response body', () => {
    const error = usageError(
      'GET /v1/promotion_codes/promo_1\nStatus\n200 OK\nRequest POST body\n{"a": 1}\n',
      'log.txt',
    );
    expect(error.message).toMatch(/log\.txt is not JSON/);
    expect(error.message).toMatch(/"Response body"/);
  });

  it('a Dashboard log whose Response body is not valid JSON', () => {
    const error = usageError('GET /v1/x\nResponse body\n{ "id": "promo_1", "object": }\n', 'log.txt');
    expect(error.message).toMatch(/"Response body" in log\.txt is not valid JSON/);
  });

  it('binary bytes', () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(usageError(png.toString('utf8'), 'image.png').message).toMatch(/image\.png is binary data/);
    expect(usageError(png.toString('latin1'), 'image.png').message).toMatch(/binary/);
  });

  it('binary bytes without NUL are still refused as not JSON', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0xfd, 0x80, 0x81, 0x7b, 0x7d]);
    expect(usageError(bytes.toString('utf8'), 'blob').message).toMatch(/blob/);
  });
});
