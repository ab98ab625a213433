/**
 * Issue 18, defect 3: Stripe data reaches the terminal raw. Every field from outside (a code,
 * a coupon name, a customer's name or email, a --product value, a Dashboard log's fields) is
 * shown through one sanitiser (src/format/display.ts): C0, C1 and bidi controls escaped, long
 * fields capped. Checked on every text format: human, --verbose, Markdown, customer, explain
 * of a Dashboard log, and the audit table.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { displaySafe, displayText, FIELD_MAX } from '../../src/format/display.js';
import * as build from '../support/builders.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_ISO } from '../helpers/time.js';
import { ATTACKS, HOSTILE, rawControlIn } from '../helpers/hostile.js';

function expectNoRawControl(text: string): void {
  const found = rawControlIn(text);
  expect(found, found ?? '').toBeNull();
}

describe('displayText', () => {
  it('escapes C0, C1 and bidi controls, and keeps printable text, emoji and joiners as they are', () => {
    expect(displayText('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(displayText('a\r\n\tb')).toBe('a\\r\\n\\tb');
    expect(displayText('a\u009bb')).toBe('a\\x9bb');
    expect(displayText('a\u202eb\u2066c')).toBe('a\\u202eb\\u2066c');
    expect(displayText('\udb40\udc41tag')).toBe('\\u{e0041}tag');
    expect(displayText('lone \ud800 surrogate')).toBe('lone \\ud800 surrogate');
    expect(displayText('Zoë 👩‍👩‍👧 €10 日本')).toBe('Zoë 👩‍👩‍👧 €10 日本');
  });

  it('caps a field at FIELD_MAX characters, ending in an ellipsis, and never splits an escape or a pair', () => {
    expect(displayText('x'.repeat(20_000))).toBe(`${'x'.repeat(FIELD_MAX - 1)}…`);
    const escapes = displayText('\u001b'.repeat(100));
    expect(escapes.length).toBeLessThanOrEqual(FIELD_MAX);
    expect(escapes).toMatch(/^(\\x1b)+…$/);
    const emoji = displayText('😀'.repeat(300), 10);
    expect(emoji).toBe(`${'😀'.repeat(4)}…`);
  });

  it('is idempotent', () => {
    for (const text of [...Object.values(ATTACKS), 'y'.repeat(5000), HOSTILE]) {
      expect(displayText(displayText(text))).toBe(displayText(text));
    }
  });

  it('displaySafe maps every string of plain data, keys included, and returns unchanged data as it is', () => {
    const clean = { a: 'x', b: [1, 'y'], c: { d: null } };
    expect(displaySafe(clean)).toBe(clean);
    expect(displaySafe({ name: 'a\u001bb', list: ['\r'], meta: { 'k\u202e': 'v' } })).toEqual({
      name: 'a\\x1bb',
      list: ['\\r'],
      meta: { 'k\\u202e': 'v' },
    });
  });
});

const example = JSON.parse(readFileSync(`${REPO_ROOT}examples/promotion-code-2026-10-28.json`, 'utf8'));

function hostileCode(): object {
  const code = structuredClone(example);
  code.code = HOSTILE;
  code.metadata = { [ATTACKS.osc52]: ATTACKS.osc8 };
  code.promotion.coupon.name = HOSTILE;
  return code;
}

describe('explain of a promotion code whose fields carry escape sequences', () => {
  for (const args of [[], ['--verbose'], ['--format', 'markdown']]) {
    it(`prints no raw control character (${args.join(' ') || 'human'})`, async () => {
      const r = await runCli(['explain', '-', '--at', AT_ISO, ...args], { stdin: JSON.stringify(hostileCode()) });
      expect(r.code, r.stderr).toBe(1);
      expectNoRawControl(r.stdout);
      expectNoRawControl(r.stderr);
      // Shown, escaped: the reader sees that something odd is in the field.
      expect(r.stdout.replaceAll('\\\\', '\\').replaceAll('\\]', ']')).toContain('\\x1b]8;;https://evil.example/\\x07');
      expect(r.stdout).not.toMatch(/^✓ Redeemable/m);
    });
  }

  it('a --product value with escapes is refused, quoted escaped', async () => {
    const r = await runCli(['explain', '-', '--product', `prod_${HOSTILE}`], { stdin: JSON.stringify(hostileCode()) });
    expect(r.code).toBe(2);
    expectNoRawControl(r.stderr);
    expect(r.stderr).toContain('prod_\\x1b]8;;');
  });

  it('the JSON document keeps the data as Stripe sent it', async () => {
    const r = await runCli(['explain', '-', '--at', AT_ISO, '--json'], { stdin: JSON.stringify(hostileCode()) });
    expect(JSON.parse(r.stdout).promotion_code.code).toBe(HOSTILE);
  });
});

describe('explain of a customer, and of a Dashboard log, whose fields carry escape sequences', () => {
  it('customer: name, email and coupon name are escaped (human and Markdown)', async () => {
    const customer = JSON.parse(readFileSync(`${REPO_ROOT}test/fixtures/explain/customer-discount-ended.json`, 'utf8'));
    customer.name = HOSTILE;
    customer.email = `${ATTACKS.osc52}@example.com`;
    customer.discount.source.coupon.name = HOSTILE;
    for (const format of ['human', 'markdown']) {
      const r = await runCli(['explain', '-', '--at', AT_ISO, '--format', format, '--verbose'], {
        stdin: JSON.stringify(customer),
      });
      expect(r.stderr).toBe('');
      expectNoRawControl(r.stdout);
      expect(r.stdout.replaceAll('\\\\', '\\').replaceAll('\\]', ']')).toContain('\\x1b]52;c;');
    }
  });

  it("a Dashboard log's request line and fields are escaped", async () => {
    const log = readFileSync(`${REPO_ROOT}examples/dashboard-log-2020-08-27.txt`, 'utf8')
      .replace('POST /v1/customers/cus_Example0001', `POST /v1/customers/cus_${ATTACKS.osc8}`)
      .replace('"name": "WELCOME100"', `"name": ${JSON.stringify(HOSTILE)}`);
    const r = await runCli(['explain', '-', '--at', AT_ISO, '--verbose'], { stdin: log });
    expectNoRawControl(r.stdout);
    expectNoRawControl(r.stderr);
  });
});

describe('the audit table', () => {
  beforeEach(() => build.resetBuilderIds());
  afterAll(stopFakes);

  it('a 20,000-character code does not pad every row to 20,000 columns, and escapes are shown escaped', async () => {
    const coupon = build.coupon({ id: 'C1', percent_off: 10, valid: false });
    const fake = await startFake({
      coupons: [coupon],
      promotionCodes: [
        build.promotionCode({ code: 'x'.repeat(20_000), coupon: 'C1' }),
        build.promotionCode({ code: HOSTILE, coupon: 'C1' }),
        build.promotionCode({ code: 'SHORT', coupon: 'C1' }),
      ],
    });
    const r = await runAgainst(fake, ['audit', '--at', AT_ISO]);
    expect(r.code, r.stderr).toBe(1);
    expectNoRawControl(r.stdout);
    const widest = Math.max(...r.stdout.split('\n').map((line) => [...line].length));
    expect(widest).toBeLessThan(FIELD_MAX + 200);
    expect(r.stdout).toContain('SHORT');
  });
});
