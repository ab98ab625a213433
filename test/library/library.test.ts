/**
 * The library in process: 'promo-doctor' (src/index.ts) gives the document `explain --json`
 * prints, and 'promo-doctor/stripe' (src/live.ts), over a stripe-node client pointed at the
 * fake, gives the document and spends the requests of `check`, `coupon` and `customer`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { CATALOGUE, diagnose, diagnoseEach, InputError, REASON_CODES, type Diagnosis } from '../../src/index.js';
import {
  auditPromotionCodes,
  checkCoupon,
  checkPromotionCode,
  DiagnosisError,
  explainCustomer,
  type StripeLike,
} from '../../src/live.js';
import * as build from '../support/builders.js';
import type { FakeStripe, Scenario } from '../support/fakeStripe.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { VirtualClock } from '../helpers/clock.js';
import { KEY, UNKNOWN_KEY } from '../helpers/keys.js';
import {
  closedPortUrl,
  expectOnlyGets,
  jsonDoc,
  rejection,
  requestLines,
  richScenario,
  runAgainst,
  roundTripFake,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { eventBefore } from '../helpers/scenarios.js';
import { AT, AT_ISO, DAY } from '../helpers/time.js';

// The live tests run concurrently (they mostly wait on the fakes' latency): fakes close after the file.
afterAll(stopFakes);

const example = (name: string): string => join(REPO_ROOT, 'examples', name);
const exampleJson = (name: string): unknown => JSON.parse(readFileSync(example(name), 'utf8'));

/**
 * The CLI's document for the same question, in process, run at `at` (its clock, not --at:
 * as the library by default, the CLI then takes the objects as read at the evaluation time).
 */
async function explainDoc(args: readonly string[], at: number): Promise<unknown> {
  const result = await runCli(['explain', ...args, '--json'], { clock: new VirtualClock(at * 1000) });
  return JSON.parse(result.stdout);
}

/** A stripe-node client as an application makes one, aimed at the fake. */
function stripeFor(fake: FakeStripe, key = KEY): Stripe {
  return new Stripe(key, {
    host: '127.0.0.1',
    port: fake.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

const OPTIONS = { clock: new VirtualClock(AT * 1000), maxRetries: 0 };

describe("'promo-doctor': diagnose", () => {
  it('gives the document explain --json prints, for a promotion code with an order', async () => {
    const at = new Date('2026-02-20T00:00:00Z');
    const doc = diagnose(exampleJson('promotion-code-2026-10-28.json'), {
      at,
      customer: 'cus_NffrFeUfNV2Hib',
      amount: 4000,
      currency: 'USD',
    });
    assertDiagnosisDocument(doc);
    const cli = await explainDoc(
      [
        example('promotion-code-2026-10-28.json'),
        '--customer',
        'cus_NffrFeUfNV2Hib',
        '--amount',
        '4000',
        '--currency',
        'usd',
      ],
      at.getTime() / 1000,
    );
    expect(doc).toEqual(cli);
    expect(doc.reasons.map((r) => r.code)).toContain('minimum_amount_not_met');
  });

  it('reads every shape explain reads: an old API version, an event, a Dashboard log as text', async () => {
    const at = Date.UTC(2026, 0, 15) / 1000;
    for (const name of [
      'customer-discount-2020-08-27.json',
      'promotion-code-2024-06-20.json',
      'event-promotion_code.updated.json',
    ]) {
      expect(diagnose(exampleJson(name), { at }), name).toEqual(await explainDoc([example(name)], at));
    }
    const log = readFileSync(example('dashboard-log-2020-08-27.txt'), 'utf8');
    expect(diagnose(log, { at })).toEqual(await explainDoc([example('dashboard-log-2020-08-27.txt')], at));
  });

  it('takes the surface where the code is redeemed, as explain --surface does', async () => {
    const at = new Date('2026-02-20T00:00:00Z');
    const context = { at, amount: 4000, currency: 'usd', surface: 'subscription_update' as const };
    const cli = await explainDoc(
      [
        example('promotion-code-2026-10-28.json'),
        '--amount',
        '4000',
        '--currency',
        'usd',
        '--surface',
        'subscription_update',
      ],
      at.getTime() / 1000,
    );
    expect(diagnose(exampleJson('promotion-code-2026-10-28.json'), context)).toEqual(cli);
    expect(() => diagnose(exampleJson('promotion-code-2026-10-28.json'), { at, surface: 'kiosk' as never })).toThrow(
      /context\.surface is not one of checkout, /,
    );
  });

  it('diagnoseEach gives one document per object of a list; diagnose refuses a list of several', () => {
    const code = exampleJson('promotion-code-2026-10-28.json') as { id: string };
    const list = {
      object: 'list',
      data: [code, { ...code, id: 'promo_Other' }],
      has_more: false,
      url: '/v1/promotion_codes',
    };
    const docs = diagnoseEach(list, { at: AT });
    expect(docs.map((d: Diagnosis) => d.target.id)).toEqual(['promo_Example0002', 'promo_Other']);
    expect(() => diagnose(list, { at: AT })).toThrow(/holds 2 Stripe objects, not one: use diagnoseEach/);
  });

  it('bad input and a bad context are an InputError with one sentence naming the field', () => {
    const code = exampleJson('promotion-code-2026-10-28.json');
    const cases: Array<[unknown, object, RegExp]> = [
      [{ object: 'charge', id: 'ch_1' }, { at: AT }, /charge/],
      ['not json', { at: AT }, /The input is not JSON/],
      [code, { at: 'yesterday' }, /context\.at is neither a Date nor a time in unix seconds/],
      [code, { at: new Date('nope') }, /context\.at is an invalid Date/],
      [code, { at: AT, amount: 4000 }, /context\.amount needs context\.currency/],
      [code, { at: AT, amount: 40.5, currency: 'usd' }, /context\.amount is not a whole number/],
      [code, { at: AT, currency: 'dollars' }, /context\.currency is not an ISO 4217 currency code/],
      [code, { at: AT, customer: 'alice@example.com' }, /context\.customer is not a customer id/],
      [code, { at: AT, products: 'prod_1' }, /context\.products is not a list/],
    ];
    for (const [input, context, message] of cases) {
      let error: unknown;
      try {
        diagnose(input, context as never);
      } catch (e) {
        error = e;
      }
      expect(error, String(message)).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/^[^\n]+\.$/);
    }
  });

  it('exports the catalogue and its reason codes', () => {
    expect(REASON_CODES).toEqual(Object.keys(CATALOGUE));
    expect(CATALOGUE.promotion_code_expired.severity).toBe('blocking');
  });
});

/** The library's answer and the CLI's (`args` and `--json`), each on a fake of its own with the same account. */
async function answersOf(
  scenario: () => Scenario,
  ask: (stripe: Stripe) => Promise<Diagnosis>,
  args: readonly string[],
) {
  const forLibrary = await roundTripFake(scenario);
  const forCli = await roundTripFake(scenario);
  const doc = await ask(stripeFor(forLibrary));
  const cli = jsonDoc(
    await runAgainst(forCli, [...args, '--at', AT_ISO, '--json'], { clock: new VirtualClock(AT * 1000) }),
  );
  return { doc, cli, library: forLibrary, command: forCli };
}

function expectSameBudget(library: FakeStripe, command: FakeStripe): void {
  expect(requestLines(library)).toEqual(requestLines(command));
  expect(library.roundTrips()).toBe(command.roundTrips());
  expectOnlyGets(library);
}

describe.concurrent("'promo-doctor/stripe': the live use cases over the application's client", () => {
  const sideBySide = (ask: (stripe: Stripe) => Promise<Diagnosis>, args: readonly string[]) =>
    answersOf(richScenario, ask, args);

  it('checkPromotionCode: the document and the requests of check, history round trip included', async () => {
    const { doc, cli, library, command } = await sideBySide(
      (stripe) =>
        checkPromotionCode(stripe, 'WELCOME', { at: AT, customer: 'cus_h', amount: 4000, currency: 'usd' }, OPTIONS),
      ['check', 'WELCOME', '--customer', 'cus_h', '--amount', '4000', '--currency', 'usd'],
    );
    assertDiagnosisDocument(doc);
    expect(doc).toEqual(cli);
    expectSameBudget(library, command);
    expect(library.roundTrips()).toBe(2);
  });

  it('checkCoupon and explainCustomer: the documents and requests of coupon and customer', async () => {
    const coupon = await sideBySide((stripe) => checkCoupon(stripe, 'VIP20', { at: AT }, OPTIONS), ['coupon', 'VIP20']);
    expect(coupon.doc).toEqual(coupon.cli);
    expectSameBudget(coupon.library, coupon.command);
    const customer = await sideBySide(
      (stripe) => explainCustomer(stripe, 'cus_1', { at: AT }, OPTIONS),
      ['customer', 'cus_1'],
    );
    expect(customer.doc).toEqual(customer.cli);
    expectSameBudget(customer.library, customer.command);
  });

  it('a code shared by several promotion codes: one document with its matches', async () => {
    const { doc, cli } = await sideBySide(
      (stripe) => checkPromotionCode(stripe, 'SHARED', { at: AT, customer: 'cus_vip' }, OPTIONS),
      ['check', 'SHARED', '--customer', 'cus_vip'],
    );
    expect(doc.matches?.length).toBe(2);
    expect(doc).toEqual(cli);
  });

  it('bad input is an InputError before any request; an unknown coupon or customer after the read', async () => {
    const fake = await startFake(richScenario());
    const stripe = stripeFor(fake);
    await expect(checkPromotionCode(stripe, 'not a code!', { at: AT })).rejects.toThrow(InputError);
    await expect(checkPromotionCode(stripe, 'WELCOME', { at: AT, amount: 5 })).rejects.toThrow(
      /context\.amount needs context\.currency/,
    );
    await expect(explainCustomer(stripe, 'promo_1', { at: AT })).rejects.toThrow(/not a customer id/);
    expect(fake.requests).toEqual([]);
    const coupon = await rejection(checkCoupon(stripe, 'NOPE', { at: AT }, OPTIONS));
    expect(coupon).toBeInstanceOf(InputError);
    // The client does not reveal its key: the mode is not claimed.
    expect(coupon.message).toBe('No coupon NOPE in this account; coupon ids are case-sensitive.');
    const customer = await rejection(
      checkPromotionCode(stripe, 'WELCOME', { at: AT, customer: 'cus_nobody' }, OPTIONS),
    );
    expect(customer.message).toBe('The redeeming customer cus_nobody does not exist in this account.');
  });

  it('an object of the other mode is livemode_mismatch, the key mode taken from what Stripe says', async () => {
    const fake = await startFake({ otherModeIds: ['promo_live'] });
    const doc = await checkPromotionCode(stripeFor(fake), 'promo_live', { at: AT }, OPTIONS);
    expect(doc.reasons.map((r) => r.code)).toEqual(['livemode_mismatch']);
    expect(doc.reasons[0]!.evidence).toMatchObject({ key_mode: 'test', object_mode: 'live' });
  });

  it('a key Stripe refuses is a DiagnosisError naming the Stripe client, never the key', async () => {
    const fake = await startFake(richScenario());
    const error = await rejection(checkCoupon(stripeFor(fake, UNKNOWN_KEY), 'VIP20', { at: AT }, OPTIONS));
    expect(error).toBeInstanceOf(DiagnosisError);
    expect(error.message).toMatch(
      /^Authentication failed: Stripe refused the key from the Stripe client \(request req_\w+\); check that the key is current/,
    );
    expect(error.message).not.toContain(UNKNOWN_KEY);
    // The same facts as fields, for a program: the request in the Dashboard's logs, the status, the cause.
    const failure = error as DiagnosisError;
    expect(failure.requestId).toBe(fake.requests.at(-1)!.requestId);
    expect(failure.message).toContain(`(request ${failure.requestId})`);
    expect(failure.statusCode).toBe(401);
    expect(failure.code).toBeNull();
    expect(failure.cause).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("Stripe's error code, status and request id are fields of the DiagnosisError (rate limit, server error)", async () => {
    const fake = await startFake(richScenario());
    fake.inject({ kind: 'status', status: 429, retryAfter: 0, times: 1 });
    const limited = (await rejection(checkCoupon(stripeFor(fake), 'VIP20', { at: AT }, OPTIONS))) as DiagnosisError;
    expect(limited).toBeInstanceOf(DiagnosisError);
    expect(limited).toMatchObject({ statusCode: 429, code: 'rate_limit', requestId: fake.requests.at(-1)!.requestId });
    expect(limited.cause).toBeInstanceOf(Stripe.errors.StripeError);
    fake.inject({ kind: 'status', status: 500, times: 1 });
    const broken = (await rejection(checkCoupon(stripeFor(fake), 'VIP20', { at: AT }, OPTIONS))) as DiagnosisError;
    expect(broken).toMatchObject({
      name: 'DiagnosisError',
      statusCode: 500,
      requestId: fake.requests.at(-1)!.requestId,
    });
    expect(broken.requestId).toMatch(/^req_/);
  });

  it('a request Stripe refuses as invalid (400) is an InputError with the same fields', async () => {
    const fake = await startFake(richScenario());
    fake.inject({ kind: 'status', status: 400, times: 1 });
    const error = (await rejection(checkCoupon(stripeFor(fake), 'VIP20', { at: AT }, OPTIONS))) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ statusCode: 400, requestId: fake.requests.at(-1)!.requestId });
    expect(error.cause).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("a network failure names the client's settings, not the CLI's flags", async () => {
    const url = new URL(await closedPortUrl());
    const stripe = new Stripe(KEY, {
      host: url.hostname,
      port: Number(url.port),
      protocol: 'http',
      maxNetworkRetries: 0,
      telemetry: false,
    });
    const error = await rejection(checkCoupon(stripe, 'VIP20', { at: AT }, OPTIONS));
    expect(error).toBeInstanceOf(DiagnosisError);
    expect(error.message).toBe(
      `Could not reach Stripe at ${url.origin} after 1 attempt (connection refused); check the network, or the Stripe client's host and port.`,
    );
    // No answer came: nothing from Stripe to give, the network's error underneath.
    expect(error).toMatchObject({ requestId: null, statusCode: null, code: null });
    expect(error.cause).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });

  it('takes a stripe-node client as it is, typed by the resources read', () => {
    const client: StripeLike = new Stripe(KEY);
    expect(client.promotionCodes).toBeDefined();
  });
});

/** An event `ago` seconds before AT, caused by a request whose id says when (as Stripe lists them). */
const historyEvent = (type: string, object: object, ago: number, previous?: object) =>
  eventBefore(type, object, ago, { id: `req_${ago}`, idempotency_key: null }, previous);

/** An account where a code was deactivated, a coupon deleted and a discount removed, with their events. */
function historyScenario(): Scenario {
  build.resetBuilderIds();
  return {
    coupons: [build.coupon({ id: 'LAUNCH50' })],
    promotionCodes: [build.promotionCode({ id: 'promo_off', code: 'LAUNCH', coupon: 'LAUNCH50', active: false })],
    customers: [build.customer({ id: 'cus_1' })],
    events: [
      historyEvent(
        'promotion_code.updated',
        { id: 'promo_off', object: 'promotion_code', active: false, promotion: { coupon: 'LAUNCH50' } },
        3 * DAY,
        { active: true },
      ),
      historyEvent('coupon.deleted', { id: 'GONE10', object: 'coupon', duration: 'once' }, 5 * DAY),
      historyEvent(
        'customer.discount.deleted',
        { id: 'di_old', object: 'discount', customer: 'cus_1', source: { coupon: 'LAUNCH50', type: 'coupon' } },
        2 * DAY,
      ),
    ],
  };
}

describe.concurrent("'promo-doctor/stripe': { history: true }, the CLI's --history", () => {
  /** The library's answer with `history: true` is the CLI's with --history, for the same requests. */
  async function sideBySide(ask: (stripe: Stripe) => Promise<Diagnosis>, args: readonly string[]) {
    const { doc, cli, library, command } = await answersOf(historyScenario, ask, [...args, '--history']);
    assertDiagnosisDocument(doc);
    expect(doc).toEqual(cli);
    expectSameBudget(library, command);
    return { doc, fake: library };
  }
  const eventReads = (fake: FakeStripe) => fake.requests.filter((r) => r.path === '/v1/events');

  it('checkPromotionCode: when the code was deactivated, in the same round trip as the code', async () => {
    const { doc, fake } = await sideBySide(
      (stripe) => checkPromotionCode(stripe, 'promo_off', { at: AT }, { ...OPTIONS, history: true }),
      ['check', 'promo_off'],
    );
    expect(doc.history?.events).toEqual([
      expect.objectContaining({ change: 'deactivated', object_id: 'promo_off', request_id: `req_${3 * DAY}` }),
    ]);
    expect(eventReads(fake)).toHaveLength(1);
    expect(fake.roundTrips()).toBe(1);
  });

  it('checkCoupon: a coupon the events saw deleted is coupon_deleted, not an InputError', async () => {
    const { doc } = await sideBySide(
      (stripe) => checkCoupon(stripe, 'GONE10', { at: AT }, { ...OPTIONS, history: true }),
      ['coupon', 'GONE10'],
    );
    expect(doc.reasons.map((r) => r.code)).toEqual(['coupon_deleted']);
    const fake = await startFake(historyScenario());
    const error = await rejection(checkCoupon(stripeFor(fake), 'GONE10', { at: AT }, OPTIONS));
    expect(error).toBeInstanceOf(InputError);
  });

  it('explainCustomer: the removal of a discount, when and by a request', async () => {
    const { doc } = await sideBySide(
      (stripe) => explainCustomer(stripe, 'cus_1', { at: AT }, { ...OPTIONS, history: true }),
      ['customer', 'cus_1'],
    );
    expect(doc.history?.events.map((e) => [e.change, e.object_id])).toEqual([['removed', 'di_old']]);
  });

  it('absent: without the option no event is read and the document has no history', async () => {
    const fake = await startFake(historyScenario());
    const doc = await checkPromotionCode(stripeFor(fake), 'promo_off', { at: AT }, OPTIONS);
    expect(doc).not.toHaveProperty('history');
    expect(eventReads(fake)).toEqual([]);
  });

  it('a bad history option, or a client without events, is an InputError before any request', async () => {
    const fake = await startFake(historyScenario());
    const stripe = stripeFor(fake);
    const bad = await rejection(
      checkPromotionCode(stripe, 'promo_off', { at: AT }, { ...OPTIONS, history: 'yes' as unknown as boolean }),
    );
    expect(bad).toBeInstanceOf(InputError);
    expect(bad.message).toBe('options.history is not true or false.');
    const { events: _events, ...withoutEvents } = {
      promotionCodes: stripe.promotionCodes,
      coupons: stripe.coupons,
      customers: stripe.customers,
      subscriptions: stripe.subscriptions,
      charges: stripe.charges,
      paymentIntents: stripe.paymentIntents,
      invoices: stripe.invoices,
      events: stripe.events,
    };
    const noEvents = await rejection(
      explainCustomer(withoutEvents, 'cus_1', { at: AT }, { ...OPTIONS, history: true }),
    );
    expect(noEvents).toBeInstanceOf(InputError);
    expect(noEvents.message).toContain('no events resource');
    expect(fake.requests).toEqual([]);
  });
});

describe.concurrent("'promo-doctor/stripe': auditPromotionCodes", () => {
  it('resumes at the time the token recorded when no at is given, though the clock moved on', async () => {
    const fake = await startFake(richScenario());
    const stripe = stripeFor(fake);
    const first: string[] = [];
    const audit = auditPromotionCodes(stripe, { concurrency: 1, clock: new VirtualClock(AT * 1000), maxRetries: 0 });
    for await (const document of audit) {
      first.push(document.target.id);
      break;
    }
    const token = audit.resumeToken();
    expect(token).not.toBeNull();
    // A second later, as the consumer project's job runs it: the token's --at, not "now", is used.
    const rest: string[] = [];
    const later = { resume: token!, clock: new VirtualClock(AT * 1000 + 1500), maxRetries: 0 };
    for await (const document of auditPromotionCodes(stripe, later)) {
      rest.push(document.target.id);
      expect(document.evaluated_at).toBe(AT_ISO);
    }
    const all = [...first, ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(richScenario().promotionCodes?.length);
  });
});
