/**
 * Issue 18, defect 12: bad input to the library is an InputError with one sentence (a time past
 * the year 9999, a JSON number too large to be one), and a 200 from Stripe that is well-typed
 * JSON but not as Stripe documents it names the field and the object, exit 3, never an
 * internal "Cannot read properties of undefined".
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { diagnose, InputError } from '../../src/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { runAgainst } from '../helpers/liveStripe.js';

const code = JSON.parse(readFileSync(`${REPO_ROOT}examples/promotion-code-2026-10-28.json`, 'utf8'));
const text = JSON.stringify(code);

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('no error');
}

describe('library input errors', () => {
  it('diagnose(…, { at: 1e15 }) is an InputError that suggests seconds, not a RangeError', () => {
    expect(inputError(() => diagnose(code, { at: 1e15 })).message).toBe(
      'context.at is after the year 9999 (1000000000000000 seconds): give unix seconds, not milliseconds, or a Date.',
    );
    expect(inputError(() => diagnose(code, { at: new Date(8.64e15) })).message).toMatch(
      /^context\.at is after the year 9999/,
    );
    expect(inputError(() => diagnose(code, { at: 1767225600, observedAt: 1e15 })).message).toMatch(
      /^context\.observedAt is after the year 9999/,
    );
    expect(diagnose(code, { at: 253_402_300_799 }).verdict).toBe('not_redeemable');
  });

  it('percent_off: 1e400 is "too large to be a number", not "a number, not a number"', () => {
    const error = inputError(() =>
      diagnose(text.replace('"percent_off":25', '"percent_off":1e400'), { at: 1767225600 }),
    );
    expect(error.message).toBe(
      'The coupon SPRING25 has a "percent_off" field that is too large to be a number (Infinity).',
    );
    expect(
      inputError(() => diagnose(text.replace('"max_redemptions":500', '"max_redemptions":-1e400'), { at: 1 })).message,
    ).toMatch(/"max_redemptions" field that is too large to be a number \(-Infinity\)/);
  });
});

describe('a 200 that is not as Stripe documents it', () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = null;
  });

  async function answering(body: unknown): Promise<string> {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_shape' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const cases: Array<[string, unknown, string[], RegExp]> = [
    [
      'a list without data',
      { object: 'list', has_more: false },
      ['check', 'SPRING'],
      /a list of promotion codes that is not as Stripe documents it: its "data" field is missing, not a list \(request req_shape\)\.$/,
    ],
    [
      'a list whose data is an object',
      { object: 'list', data: {}, has_more: false },
      ['audit', '--json'],
      /its "data" field is an object, not a list/,
    ],
    [
      'a null item',
      { object: 'list', data: [null], has_more: false },
      ['check', 'SPRING'],
      /item 1 of "data": it is null/,
    ],
    [
      'an item without created',
      { object: 'list', data: [{ id: 'promo_1', object: 'promotion_code' }], has_more: false },
      ['audit', '--json'],
      /item 1 of "data" \(promo_1\) has a "created" field that is missing, not unix seconds/,
    ],
    [
      'an empty object for a coupon',
      {},
      ['coupon', 'C1'],
      /answered with a coupon that is not as Stripe documents it: its "object" field is missing, not "coupon"/,
    ],
    [
      'a coupon for a customer',
      { id: 'C1', object: 'coupon' },
      ['customer', 'cus_1'],
      /answered with a customer that is not as Stripe documents it: its "object" field is "coupon", not "customer"/,
    ],
  ];

  it.each(cases)('%s: one sentence naming the field, exit 3', async (_name, body, args, says) => {
    const url = await answering(body);
    const r = await runAgainst(url, [...args, '--max-retries', '0']);
    expect(r.stderr).not.toMatch(/unexpected error|Cannot read|is not a function/);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(says);
    expect(r.code).toBe(3);
  });
});
