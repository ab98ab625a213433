/**
 * End to end: `promo-doctor reasons [code]`, in-process (test/helpers/cli.ts). The expected codes
 * and severities are the table of design section 3, written out here: the binary must agree
 * with the design, whatever the catalogue says.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { assertReasonEntry, assertReasonsDocument } from '../helpers/schema.js';
import { parseJson, runCli } from '../helpers/cli.js';
import { DESIGN_SEVERITY } from '../helpers/design.js';

const ESC = '\u001b[';

/** Design section 3, in table order. */
const DESIGN_CODES = DESIGN_SEVERITY;
const CODES = Object.keys(DESIGN_CODES) as (keyof typeof DESIGN_CODES)[];

interface Entry {
  code: string;
  severity: string;
  object: string;
  title: string;
  cause: string;
  fix: string;
  docs_url: string;
}

describe('reasons', () => {
  it('the reason table and the catalogue list the same codes', () => {
    expect([...CODES].sort()).toEqual(Object.keys(CATALOGUE).sort());
  });

  it('prints a table with every code and its severity, exit 0', async () => {
    const r = await runCli(['reasons']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain(ESC);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Code +Severity +Object +Title$/);
    for (const code of CODES) {
      const row = lines.filter((line) => line.split(/\s+/)[0] === code);
      expect(row, code).toHaveLength(1);
      expect(row[0]!.split(/\s+/)[1], code).toBe(DESIGN_CODES[code]);
    }
    const rows = lines.filter((line) => /^[a-z_]+ +(blocking|conditional|warning|info) /.test(line));
    expect(rows).toHaveLength(CODES.length);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(CODES);
    expect(r.stdout).toContain('promo-doctor reasons <code> shows the cause and the fix of one.');
  });

  it('reasons coupon_deleted shows its severity, cause, fix and docs link', async () => {
    const r = await runCli(['reasons', 'coupon_deleted']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain(ESC);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('coupon_deleted  Coupon deleted');
    expect(lines[1]).toMatch(/severity: blocking +object: coupon/);
    expect(r.stdout).toMatch(/^ {2}Cause {2}The coupon behind the code was deleted; .+\.$/m);
    expect(r.stdout).toMatch(/^ {2}Fix {4}Create a new coupon and a new promotion code for it\.$/m);
    expect(r.stdout).toMatch(/^ {2}Docs {3}https:\/\/docs\.stripe\.com\/\S+$/m);
    expect(r.stdout).not.toContain('coupon_invalid');
  });

  it('reasons --json: an array of one catalogue entry per code that validates against the schema', async () => {
    const r = await runCli(['reasons', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const value = parseJson(r.stdout);
    assertReasonsDocument(value);
    const entries = value as Entry[];
    expect(entries).toHaveLength(CODES.length);
    expect(entries.map((e) => e.code)).toEqual(CODES);
    for (const entry of entries)
      expect(entry.severity, entry.code).toBe(DESIGN_CODES[entry.code as keyof typeof DESIGN_CODES]);
    expect(new Set(entries.map((e) => e.code)).size).toBe(CODES.length);
  });

  it('--json before the command gives the same array', async () => {
    const before = await runCli(['--json', 'reasons']);
    const after = await runCli(['reasons', '--json']);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(after.stdout);
  });

  it('reasons coupon_deleted --json: the one entry', async () => {
    const r = await runCli(['reasons', 'coupon_deleted', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const entry = parseJson(r.stdout);
    assertReasonEntry(entry);
    expect(entry).toMatchObject({
      code: 'coupon_deleted',
      severity: 'blocking',
      object: 'coupon',
      title: 'Coupon deleted',
    });
  });

  it('reasons nope: bad usage, exit 2, one sentence on stderr, nothing on stdout', async () => {
    const r = await runCli(['reasons', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^promo-doctor: [^\n]*"nope" is neither a reason code nor a Stripe error code[^\n]*[.]\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reasons --json: each entry carries its source_confidence and Stripe's messages, and the document stays an array", async () => {
    const r = await runCli(['reasons', '--json']);
    const doc = parseJson(r.stdout) as Array<{
      code: string;
      source_confidence: string;
      stripe_messages: Array<{ id: string; stripe_code: string | null; source_confidence: string; means: string[] }>;
    }>;
    expect(Array.isArray(doc)).toBe(true);
    const byCode = new Map(doc.map((e) => [e.code, e]));
    expect(byCode.get('customer_currency_locked')?.stripe_messages.map((m) => m.id)).toEqual([
      'customer_currency_locked',
    ]);
    expect(byCode.get('minimum_amount_refused_on_surface')?.stripe_messages.map((m) => m.id)).toEqual([
      'subscription_update_minimum',
    ]);
    expect(byCode.get('coupon_redeem_by_passed')?.stripe_messages[0]).toMatchObject({
      stripe_code: 'coupon_expired',
      source_confidence: 'observed',
      means: ['coupon_redeem_by_passed', 'coupon_max_redemptions_reached'],
    });
    expect(byCode.get('promotion_code_expires_soon')).toMatchObject({
      source_confidence: 'inferred',
      stripe_messages: [],
    });
    expect(byCode.get('promotion_codes_not_allowed')?.source_confidence).toBe('documented');
  });

  it('reasons CODE shows its source confidence', async () => {
    const r = await runCli(['reasons', 'product_not_eligible']);
    expect(r.stdout).toMatch(
      /^ {2}Source observed \(public reports show Stripe doing it; no Stripe document says so\)$/m,
    );
    expect(r.stdout).toContain('coupon_applies_to_nothing');
  });

  it("reasons coupon_expired looks up Stripe's error code: the reason codes it can mean", async () => {
    const r = await runCli(['reasons', 'coupon_expired']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      "coupon_expired  Stripe's error code (error.code), not a promo-doctor reason code",
    );
    expect(r.stdout).toContain('it can mean: coupon_redeem_by_passed, coupon_max_redemptions_reached');
    const json = await runCli(['reasons', 'resource_missing', '--json']);
    expect((parseJson(json.stdout) as Array<{ code: string }>).map((e) => e.code)).toEqual([
      'livemode_mismatch',
      'promotion_code_not_found',
      'coupon_not_found',
    ]);
  });

  it('reasons with a near miss suggests the real code', async () => {
    const r = await runCli(['reasons', 'coupon_delete']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^promo-doctor: [^\n]*coupon_deleted[^\n]*\n$/);
  });
});
