/**
 * `promo-doctor mcp`, in process: the SDK's own Client over its in-memory transport, against
 * the loopback fake Stripe API. The Client validates every structuredContent against the
 * tool's outputSchema (it caches them from tools/list), so each answer here is also a schema
 * test. Every result is checked for the key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator, JsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../src/cli/mcp/server.js';
import { FIXTURES } from '../helpers/cli.js';
import { VirtualClock } from '../helpers/clock.js';
import { KEY, LEAK_MARKERS } from '../helpers/keys.js';
import { expectOnlyGets, startFake, stopFakes } from '../helpers/liveStripe.js';
import { REASON_CASES } from '../helpers/reasonCases.js';
import { AT, AT_ISO, DAY } from '../helpers/time.js';
import * as build from '../support/builders.js';
import type { FakeStripe } from '../support/fakeStripe.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

/**
 * The Client compiles every output schema with Ajv on tools/list: about a second each time. One
 * validator for every client of this file compiles each schema once; every structuredContent is
 * still validated against its tool's outputSchema, as a real client does.
 */
const compiled = new Map<string, JsonSchemaValidator<unknown>>();
const ajv = new AjvJsonSchemaValidator();
const sharedValidator: jsonSchemaValidator = {
  getValidator<T>(schema: Parameters<jsonSchemaValidator['getValidator']>[0]): JsonSchemaValidator<T> {
    const key = JSON.stringify(schema);
    if (!compiled.has(key)) compiled.set(key, ajv.getValidator(schema));
    return compiled.get(key) as JsonSchemaValidator<T>;
  },
};

interface Connected {
  readonly client: Client;
  readonly stderr: string[];
}

/** A server with the key and the fake's address in its environment, and a client connected to it. */
async function connect(fake: FakeStripe | null, env: Record<string, string | undefined> = {}): Promise<Connected> {
  const stderr: string[] = [];
  const { server } = createMcpServer({
    env: { STRIPE_API_KEY: KEY, ...(fake ? { STRIPE_API_BASE: fake.url } : {}), ...env },
    clock: new VirtualClock(AT * 1000),
    version: '0.0.0-test',
    log: (line) => stderr.push(line),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' }, { jsonSchemaValidator: sharedValidator });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  // tools/list first: the Client then validates every structuredContent against its outputSchema.
  await client.listTools();
  return { client, stderr };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expectNoKey(result);
  return result;
}

function expectNoKey(value: unknown): void {
  const text = JSON.stringify(value);
  for (const marker of LEAK_MARKERS) expect(text.includes(marker), `a result holds ${marker}`).toBe(false);
  expect(text).not.toMatch(/\b(sk|rk)_(test|live)_[A-Za-z0-9]{6,}/);
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

/** An isError result with one sentence that quotes at most 60 characters of input. */
function expectBadInput(result: CallToolResult, pattern: RegExp): void {
  expect(result.isError, JSON.stringify(result)).toBe(true);
  const text = textOf(result);
  expect(text).toMatch(pattern);
  expect(text.split('\n')).toHaveLength(1);
  for (const quoted of text.match(/"[^"]*"/g) ?? []) expect([...quoted].length).toBeLessThanOrEqual(62 + 1);
  expect(result.structuredContent).toBeUndefined();
}

describe('tools/list: what an assistant discovers', { timeout: 60_000 }, () => {
  it('six tools, each read-only, with a description for a model, bounded input and an output schema', async () => {
    const { client } = await connect(null);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'check_promotion_code',
      'check_coupon',
      'explain_customer',
      'explain_stripe_json',
      'lookup_reason',
      'audit_summary',
    ]);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
      expect(tool.description!.length, tool.name).toBeGreaterThan(150);
      expect(tool.inputSchema.type).toBe('object');
      expect((tool.inputSchema as { additionalProperties?: unknown }).additionalProperties).toBe(false);
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      // No argument carries a key, and every string argument has a length limit.
      for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect(name).not.toMatch(/key|secret|token/i);
        const s = schema as { type: string; maxLength?: number; enum?: unknown; maximum?: number; maxItems?: number };
        if (s.type === 'string') expect(s.maxLength ?? s.enum, `${tool.name}.${name}`).toBeDefined();
        if (s.type === 'integer') expect(s.maximum, `${tool.name}.${name}`).toBeDefined();
        if (s.type === 'array') expect(s.maxItems, `${tool.name}.${name}`).toBeDefined();
      }
    }
  });

  it('the server introduces itself with instructions', async () => {
    const { client } = await connect(null);
    expect(client.getServerVersion()?.name).toBe('promo-doctor');
    expect(client.getInstructions()).toMatch(/check_promotion_code/);
  });
});

describe('check_promotion_code: every reason code of check, as the CLI finds it', { timeout: 60_000 }, () => {
  it.each(REASON_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const fake = await startFake(c.scenario());
    const { client } = await connect(fake);
    const args: Record<string, unknown> = { code: c.target, at: AT_ISO };
    if (c.flags.customer !== undefined) args.customer = c.flags.customer;
    if (c.flags.amount !== undefined) args.amount = c.flags.amount;
    if (c.flags.currency !== undefined) args.currency = c.flags.currency;
    if (c.flags.products !== undefined) args.products = c.flags.products;
    const result = await call(client, 'check_promotion_code', args);
    expect(result.isError ?? false, textOf(result)).toBe(false);
    const doc = result.structuredContent as { verdict: string; reasons: Array<{ code: string }> };
    expect(doc.verdict).toBe(c.verdict);
    expect([...new Set(doc.reasons.map((r) => r.code))].sort()).toEqual([...c.codes].sort());
    expectOnlyGets(fake);
    expect(fake.requests).toHaveLength(c.requests);
  });

  it('the text is the answer first, as the human output', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [
        build.promotionCode({ id: 'promo_x', code: 'SPRING', coupon: 'C1', expires_at: AT - DAY, active: false }),
      ],
    });
    const { client } = await connect(fake);
    const result = await call(client, 'check_promotion_code', { code: 'SPRING', at: AT_ISO });
    const [head, verdict] = textOf(result).split('\n');
    expect(head).toMatch(/^Promotion code SPRING · promo_x/);
    expect(verdict).toMatch(/not redeemable/i);
  });

  it('trial and surface reach the rules', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [
        build.promotionCode({
          id: 'promo_min',
          code: 'MIN',
          coupon: 'C1',
          restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
        }),
      ],
    });
    const { client } = await connect(fake);
    const result = await call(client, 'check_promotion_code', {
      code: 'promo_min',
      amount: 6000,
      currency: 'usd',
      surface: 'subscription',
      trial: true,
      at: AT_ISO,
    });
    const doc = result.structuredContent as { context: { surface?: string; trial?: boolean } };
    expect(doc.context).toMatchObject({ surface: 'subscription' });
    expect(JSON.stringify(doc)).toMatch(/trial/);
  });
});

describe('the other live tools', { timeout: 60_000 }, () => {
  it('check_coupon', async () => {
    const fake = await startFake({ coupons: [build.coupon({ id: 'OLD', redeem_by: AT - DAY, valid: false })] });
    const { client } = await connect(fake);
    const result = await call(client, 'check_coupon', { coupon: 'OLD', at: AT_ISO });
    const doc = result.structuredContent as { verdict: string; reasons: Array<{ code: string }> };
    expect(doc.verdict).toBe('not_redeemable');
    expect(doc.reasons.map((r) => r.code)).toContain('coupon_redeem_by_passed');
    expectOnlyGets(fake);
  });

  it('explain_customer', async () => {
    const fake = await startFake({ customers: [build.customer({ id: 'cus_1' })] });
    const { client } = await connect(fake);
    const result = await call(client, 'explain_customer', { customer: 'cus_1', at: AT_ISO });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect((result.structuredContent as { target: { id: string } }).target.id).toBe('cus_1');
    expectOnlyGets(fake);
  });

  it('audit_summary stops at max_codes and says the account has more', async () => {
    const codes = Array.from({ length: 5 }, (_, i) =>
      build.promotionCode({
        id: `promo_${i}`,
        code: `C${i}`,
        coupon: 'C1',
        ...(i % 2 ? { active: false, expires_at: AT - DAY } : {}),
      }),
    );
    const fake = await startFake({ coupons: [build.coupon({ id: 'C1' })], promotionCodes: codes });
    const { client } = await connect(fake);
    const some = await call(client, 'audit_summary', { max_codes: 3, at: AT_ISO });
    const s = some.structuredContent as { scanned: number; complete: boolean; by_verdict: Record<string, number> };
    expect(s.scanned).toBe(3);
    expect(s.complete).toBe(false);
    const all = await call(client, 'audit_summary', { max_codes: 100, at: AT_ISO });
    const a = all.structuredContent as {
      scanned: number;
      complete: boolean;
      by_verdict: Record<string, number>;
      blocking: Array<{ code: string; title: string; codes: number }>;
    };
    expect(a).toMatchObject({ scanned: 5, complete: true, by_verdict: { not_redeemable: 2, redeemable: 3 } });
    expect(a.blocking).toContainEqual({ code: 'promotion_code_expired', title: 'Promotion code expired', codes: 2 });
    expect(textOf(all)).toMatch(/^2 of 5 promotion codes read cannot be redeemed/);
    expectOnlyGets(fake);
  });

  it('audit_summary: a code Stripe lists malformed is named, never silences the rest', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [
        build.promotionCode({ id: 'promo_ok', code: 'OK', coupon: 'C1' }),
        build.promotionCode({ id: 'promo_bad id', code: 'BAD', coupon: 'C1' }),
      ],
    });
    const { client } = await connect(fake);
    const result = await call(client, 'audit_summary', { at: AT_ISO });
    const s = result.structuredContent as { scanned: number; complete: boolean; not_diagnosed: Array<{ id: string }> };
    expect(s).toMatchObject({ scanned: 1, complete: true });
    expect(s.not_diagnosed.map((f) => f.id)).toEqual(['promo_bad id']);
    expect(textOf(result)).toMatch(/1 listed code could not be diagnosed/);
  });

  it('concurrent calls share one reader: the key is resolved once, every call answers', async () => {
    const fake = await startFake(REASON_CASES[4]!.scenario(), { latencyMs: 5 });
    const { client } = await connect(fake);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => call(client, 'check_promotion_code', { code: 'promo_x', at: AT_ISO })),
    );
    for (const r of results) expect((r.structuredContent as { verdict: string }).verdict).toBe('not_redeemable');
    expect(fake.requests).toHaveLength(6);
    expectOnlyGets(fake);
  });
});

describe('explain_stripe_json: offline, no key', { timeout: 60_000 }, () => {
  const read = (path: string) => readFileSync(join(FIXTURES, 'explain', path), 'utf8');

  it('an error body', async () => {
    const { client } = await connect(null, { STRIPE_API_KEY: undefined });
    const result = await call(client, 'explain_stripe_json', { input: read('errors/coupon-expired.json') });
    const docs = (
      result.structuredContent as { documents: Array<{ verdict: string; reasons: Array<{ code: string }> }> }
    ).documents;
    expect(docs).toHaveLength(1);
    expect(docs[0]!.verdict).toBe('not_redeemable');
    expect(textOf(result).length).toBeGreaterThan(20);
  });

  it("a failed request's log text", async () => {
    const { client } = await connect(null, { STRIPE_API_KEY: undefined });
    const result = await call(client, 'explain_stripe_json', {
      input: read('failed-requests/checkout-prior-transactions.txt'),
    });
    const docs = (result.structuredContent as { documents: Array<{ reasons: Array<{ code: string }> }> }).documents;
    expect(docs[0]!.reasons.map((r) => r.code)).toContain('customer_has_prior_transactions');
  });

  it('an object, with the order given', async () => {
    const { client } = await connect(null, { STRIPE_API_KEY: undefined });
    const code = build.promotionCode({
      id: 'promo_m',
      code: 'MIN',
      coupon: build.coupon({ id: 'C1' }) as never,
      restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
    });
    const result = await call(client, 'explain_stripe_json', {
      input: JSON.stringify(code),
      amount: 1000,
      currency: 'usd',
      at: AT_ISO,
    });
    const docs = (result.structuredContent as { documents: Array<{ reasons: Array<{ code: string }> }> }).documents;
    expect(docs[0]!.reasons.map((r) => r.code)).toContain('minimum_amount_not_met');
  });

  it('text that is no Stripe JSON is bad input', async () => {
    const { client } = await connect(null);
    expectBadInput(await call(client, 'explain_stripe_json', { input: 'hello there' }), /./);
  });
});

describe('lookup_reason', { timeout: 60_000 }, () => {
  it('one of our reason codes', async () => {
    const { client } = await connect(null, { STRIPE_API_KEY: undefined });
    const result = await call(client, 'lookup_reason', { query: 'promotion_code_expired' });
    const s = result.structuredContent as { reasons: Array<{ code: string; title: string; fix: string }> };
    expect(s.reasons).toHaveLength(1);
    expect(s.reasons[0]).toMatchObject({ code: 'promotion_code_expired', title: 'Promotion code expired' });
    expect(textOf(result)).toMatch(/Fix/);
  });

  it("Stripe's error code and Stripe's message", async () => {
    const { client } = await connect(null, { STRIPE_API_KEY: undefined });
    const byCode = await call(client, 'lookup_reason', { query: 'coupon_expired' });
    expect((byCode.structuredContent as { reasons: unknown[] }).reasons.length).toBeGreaterThan(0);
    const byText = await call(client, 'lookup_reason', {
      query: 'This promotion code cannot be redeemed because the associated customer has prior transactions.',
    });
    expect((byText.structuredContent as { reasons: Array<{ code: string }> }).reasons.map((r) => r.code)).toContain(
      'customer_has_prior_transactions',
    );
  });

  it('the whole catalogue without a query; an unknown query is bad input', async () => {
    const { client } = await connect(null);
    const all = await call(client, 'lookup_reason', {});
    expect((all.structuredContent as { reasons: unknown[] }).reasons.length).toBeGreaterThan(30);
    expectBadInput(await call(client, 'lookup_reason', { query: 'x'.repeat(300) }), /is neither a reason code/);
  });
});

describe('bad input: a tool result with isError, one sentence, and the server stays up', { timeout: 60_000 }, () => {
  it.each([
    ['a missing argument', 'check_promotion_code', {}, /"code" is required/],
    [
      'a wrong type',
      'check_promotion_code',
      { code: 'X', amount: '40.00', currency: 'usd' },
      /"amount" is the string "40.00", not a whole number/,
    ],
    [
      'a string too long',
      'check_promotion_code',
      { code: 'A'.repeat(600) },
      /"code" is longer than 500 characters: "A{60}…"/,
    ],
    ['a pattern', 'check_promotion_code', { code: 'hello world' }, /"code" "hello world" is not a promotion code id/],
    [
      'an id of another object',
      'check_promotion_code',
      { code: 'cus_123' },
      /"code" "cus_123" is a customer id, not a promotion code id \(promo_…\) or a customer-facing code \(letters, digits and dashes\); explain_customer takes one\./,
    ],
    ['an enum', 'check_promotion_code', { code: 'X', surface: 'kiosk' }, /"surface" "kiosk" is not one of checkout/],
    ['amount without currency', 'check_coupon', { coupon: 'C', amount: 4000 }, /"amount" needs "currency"/],
    ['an unknown currency', 'check_coupon', { coupon: 'C', currency: 'xyz' }, /"currency" "xyz" is not an ISO 4217/],
    ['a bad time', 'explain_customer', { customer: 'cus_1', at: '2026-02-30' }, /"at" "2026-02-30" is not a date/],
    ['an unknown argument', 'check_coupon', { coupon: 'C', color: 'red' }, /"color" is not an argument of this tool/],
    ['a key as an argument', 'check_coupon', { coupon: 'C', api_key: KEY }, /read only from STRIPE_API_KEY/],
    ['a key as a value', 'check_coupon', { coupon: KEY }, /shaped like a Stripe API key/],
    [
      'max_codes out of range',
      'audit_summary',
      { max_codes: 0 },
      /"max_codes" 0 is not a whole number from 1 to 10000/,
    ],
  ])('%s', async (_name, tool, args, pattern) => {
    const fake = await startFake();
    const { client } = await connect(fake);
    expectBadInput(await call(client, tool, args), pattern);
    // Nothing was asked of Stripe for bad input, and the server answers the next call.
    expect(fake.requests).toHaveLength(0);
    const next = await call(client, 'lookup_reason', { query: 'coupon_deleted' });
    expect(next.isError ?? false).toBe(false);
  });

  it('an unknown tool is a JSON-RPC error naming the tools', async () => {
    const { client } = await connect(null);
    await expect(client.callTool({ name: 'delete_coupon', arguments: {} })).rejects.toThrow(
      /Unknown tool "delete_coupon": the tools are check_promotion_code/,
    );
    expect((await call(client, 'lookup_reason', { query: 'coupon_deleted' })).isError ?? false).toBe(false);
  });

  it('no key: the live tools say how to give one; the offline tools still work', async () => {
    const { client } = await connect(null, {
      STRIPE_API_KEY: undefined,
      HOME: '/nonexistent',
      XDG_CONFIG_HOME: '/nonexistent',
    });
    expectBadInput(await call(client, 'check_coupon', { coupon: 'C' }), /No Stripe API key/);
    expect((await call(client, 'lookup_reason', { query: 'coupon_deleted' })).isError ?? false).toBe(false);
  });

  it('Stripe refusing the key is an isError result without the key', async () => {
    const fake = await startFake();
    const { client } = await connect(fake, { STRIPE_API_KEY: 'sk_test_51PromoDoctorLeakCheckGone5555' });
    const result = await call(client, 'check_coupon', { coupon: 'C' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Authentication failed: Stripe refused the test mode key from STRIPE_API_KEY/);
  });
});
