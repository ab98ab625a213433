/**
 * End to end: `promo-doctor audit` (in-process, no TTY, NO_COLOR=1) against the fake
 * Stripe API serving a generated account (test/helpers/auditAccount.ts) with a known mix of
 * states. What is checked comes from the issue and the README and docs/architecture.md: README, Commands flags and
 * streams, docs/architecture.md, The JSON document and exit codes NDJSON documents and exit codes, docs/architecture.md, Requests, cost and start-up cost (ceil(N/100) list requests, coupons
 * expanded inline, 429 back-off, --max-rps) and docs/architecture.md, Read-only, secrets and failures (GET only, a lost page keeps what was
 * printed and names the resume cursor, exit 3).
 *
 * The CLI runs in-process on a virtual clock (test/helpers/clock.ts): waits for --max-rps,
 * back-off and Retry-After cost no real time and are asserted as the schedule the CLI asked
 * for. Streaming is asserted as the order of requests and writes, not by their times. The
 * closed pipe (`| head -1`) needs a real process: test/e2e/spawn.test.ts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { FakeStripe, RecordedRequest, Scenario } from '../support/fakeStripe.js';
import {
  COUPONS,
  PRODUCT_OK,
  PRODUCT_OTHER,
  STATES,
  VIP,
  VIP_CHARGE,
  generateAccount,
  stateNamed,
  tally,
  type CodeState,
  type GeneratedAccount,
  type GeneratedCode,
  type Tally,
  type Verdict,
} from '../helpers/auditAccount.js';
import { parseCsv, parseNdjson } from '../helpers/cli.js';
import {
  codesOf,
  expectOnlyGets,
  runAgainst,
  startFake,
  stopFakes,
  type Doc,
  type RunOptions,
  type RunResult,
} from '../helpers/liveStripe.js';
import { injectAtRequest, restoreRequestLog } from '../helpers/injectAt.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { DESIGN_SEVERITY } from '../helpers/design.js';
import { AT as AT_SECONDS, AT_ISO, AT_FLAG as AT } from '../helpers/time.js';

/** The page-by-page audit: one window, newest first, each page after the one before. */
const SEQUENTIAL = ['--concurrency', '1'];
/** Requests the parallel audit may spend (issue 11): 1.05 × ceil(N/100) + 2 × concurrency (default 8). */
const budget = (n: number): number => 1.05 * Math.max(1, Math.ceil(n / 100)) + 2 * 8;
const sortedLines = (text: string): string[] => text.split('\n').filter(Boolean).sort();
const LIST_PATH = '/v1/promotion_codes';
/** The coupon, its includable fields, the code's own includable restrictions, and the customer (to see a deleted one). */
const EXPECTED_EXPAND = [
  'data.promotion.coupon',
  'data.promotion.coupon.applies_to',
  'data.promotion.coupon.currency_options',
  'data.restrictions.currency_options',
  'data.customer',
];
const ESC = '\u001b';

/** Severity of each reason code: the table of README, Reason catalogue. */
const SEVERITY: Record<string, 'blocking' | 'conditional' | 'warning' | 'info'> = DESIGN_SEVERITY;
const RANK = { blocking: 0, conditional: 1, warning: 2, info: 3 } as const;

// ------------------------------------------------------------------ fixtures and helpers

/** The main account: 634 codes (7 pages), every state present. */
const MAIN_SIZE = 634;
let account: GeneratedAccount;
let fake: FakeStripe;
/** One clean page-by-page `audit --json --concurrency 1` of the main account, and the requests it made, shared by several tests. */
let clean: RunResult;
let cleanRequests: RecordedRequest[];
/** The same audit with the defaults: parallel windows once the first pages promise enough. */
let parallel: RunResult;
let parallelRequests: RecordedRequest[];
const extraFakes: FakeStripe[] = [];

beforeAll(async () => {
  account = generateAccount({ size: MAIN_SIZE, seed: 20_261_122 });
  fake = await startFake(account.scenario);
  clean = await audit(fake, [...AT, '--json', ...SEQUENTIAL]);
  cleanRequests = [...fake.requests];
  fake.reset();
  parallel = await audit(fake, [...AT, '--json']);
  parallelRequests = [...fake.requests];
});
afterAll(stopFakes);
beforeEach(() => fake.reset());
afterEach(async () => {
  // docs/architecture.md, Read-only, secrets and failures: the tool only reads, whatever the test did.
  expectOnlyGets([fake, ...extraFakes], { orNone: true });
  await Promise.all(extraFakes.splice(0).map((f) => f.close()));
});

async function startExtra(scenario: Scenario, opts?: { latencyMs?: number }): Promise<FakeStripe> {
  const f = await startFake(scenario, opts);
  extraFakes.push(f);
  return f;
}

/** `promo-doctor audit <args>` against a fake (tests pass `--at AT_ISO` themselves). */
const audit = (f: FakeStripe, args: readonly string[], options?: RunOptions): Promise<RunResult> =>
  runAgainst(f, ['audit', ...args], options);

const pages = (n: number): number => Math.max(1, Math.ceil(n / 100));
const listRequests = (f: FakeStripe): RecordedRequest[] => f.requests.filter((r) => r.path === LIST_PATH);

/** NDJSON on stdout, each line a valid diagnosis document. */
function docs(r: RunResult): Doc[] {
  if (r.stdout === '') return [];
  const parsed = parseNdjson(r.stdout);
  for (const doc of parsed) assertDiagnosisDocument(doc);
  return parsed as Doc[];
}

function tallyOfDocs(list: readonly Doc[]): Tally {
  return tally(list.map((d) => ({ state: { verdict: d.verdict, reasons: d.reasons.map((f) => f.code) } })));
}

interface Summary {
  scanned: number;
  pages: number;
  byVerdict: Record<Verdict, number>;
  byReason: Record<string, number>;
}

/** The summary audit writes on stderr. */
function parseSummary(stderr: string): Summary {
  const head = /Audited ([\d,]+) promotion codes? in ([\d,]+) pages?/.exec(stderr);
  const verdicts = /not_redeemable: ([\d,]+)\s+conditional: ([\d,]+)\s+redeemable: ([\d,]+)/.exec(stderr);
  if (!head || !verdicts) throw new Error(`no audit summary on stderr:\n${stderr}`);
  const byReason: Record<string, number> = {};
  for (const match of stderr.matchAll(/^\s+([a-z_]+)\s{2,}(\d+)$/gm)) byReason[match[1]!] = Number(match[2]);
  // Counts are written as the progress line writes them: 1,234.
  const n = (text: string | undefined) => Number(text!.replaceAll(',', ''));
  return {
    scanned: n(head[1]),
    pages: n(head[2]),
    byVerdict: { not_redeemable: n(verdicts[1]), conditional: n(verdicts[2]), redeemable: n(verdicts[3]) },
    byReason,
  };
}

/** The codes of the account as they would be diagnosed with other reasons for some states. */
function under(
  codes: readonly GeneratedCode[],
  changes: Record<string, { reasons: string[]; verdict: Verdict }>,
): GeneratedCode[] {
  return codes.map((c) => {
    const change = changes[c.state.name];
    return change ? { ...c, state: { ...c.state, ...change } as CodeState } : c;
  });
}

/** Id -> sorted reason codes, for comparing a run with what the states say. */
function reasonsById(list: readonly { id: string; reasons: readonly string[] }[]): Map<string, string> {
  return new Map(list.map((x) => [x.id, [...new Set(x.reasons)].sort().join(',')]));
}
const expectedById = (codes: readonly GeneratedCode[]) =>
  reasonsById(codes.map((c) => ({ id: c.id, reasons: c.state.reasons })));
const actualById = (list: readonly Doc[]) =>
  reasonsById(list.map((d) => ({ id: d.target.id, reasons: d.reasons.map((f) => f.code) })));

/** When each request reached the fake, in virtual ms since the run began. */
/** The waits before retries, as --debug names them ("debug: retry 1 in 1000 ms: …"). */
function retryWaits(r: RunResult): number[] {
  return [...r.stderr.matchAll(/^debug: retry \d+ in (\d+) ms/gm)].map((m) => Number(m[1]));
}

function requestTimes(r: RunResult): number[] {
  return r.events.flatMap((e) => (e.kind === 'request' ? [e.at - r.clock.start] : []));
}

// ------------------------------------------------------------------ the generated account

describe('a generated account of 634 codes in a known mix of states', () => {
  it('NDJSON: one valid document per code, newest first, with the findings of its state', () => {
    const r = clean;
    expect(r.code, r.stderr).toBe(1);
    const list = docs(r);
    expect(list).toHaveLength(MAIN_SIZE);
    expect(list.map((d) => d.target.id)).toEqual(account.codes.map((c) => c.id));
    expect(new Set(list.map((d) => d.target.id)).size).toBe(MAIN_SIZE);
    expect(actualById(list)).toEqual(expectedById(account.codes));
    for (const d of list) {
      expect(d.schema_version).toBe(1);
      expect(d.target.type).toBe('promotion_code');
      expect(d.evaluated_at).toBe(AT_ISO);
      expect(d.redeemable).toBe(d.verdict !== 'not_redeemable');
      expect(d.context).toEqual({
        customer: null,
        amount: null,
        currency: null,
        products: [],
        warn_within_seconds: 7 * 86_400,
        surface: null,
        trial: false,
      });
    }
    const byState = new Map(account.codes.map((c) => [c.id, c.state]));
    for (const d of list) expect(d.verdict, d.target.id).toBe(byState.get(d.target.id)!.verdict);
  });

  it('counts per verdict and per reason code: the NDJSON and the stderr summary both match the generated mix', () => {
    const json = clean;
    expect(tallyOfDocs(docs(json))).toEqual(account.expected);

    const summary = parseSummary(json.stderr);
    expect(summary.scanned).toBe(MAIN_SIZE);
    expect(summary.pages).toBe(pages(MAIN_SIZE));
    expect(summary.byVerdict).toEqual(account.expected.byVerdict);
    expect(summary.byReason).toEqual(account.expected.byReason);
    // Every state of the generator is present, so every reason it can produce is counted.
    expect(Object.keys(summary.byReason).sort()).toEqual([...new Set(STATES.flatMap((s) => s.reasons))].sort());
  });

  it('costs ceil(N/100) list requests, coupons and customers expanded inline, no request per code', () => {
    expect(clean.code).toBe(1);
    expect(cleanRequests).toHaveLength(pages(MAIN_SIZE));
    for (const request of cleanRequests) {
      expect(request.method).toBe('GET');
      expect(request.path).toBe(LIST_PATH);
      expect(request.query.limit).toBe('100');
      expect(request.expand).toEqual(expect.arrayContaining(EXPECTED_EXPAND));
      // docs/architecture.md, Requests, cost and start-up: at most 4 levels, the leading `data` included.
      for (const path of request.expand) expect(path.split('.').length).toBeLessThanOrEqual(4);
    }
  });

  it('pages through 7 pages: each starting_after is the last id of the page before, none repeated or skipped', () => {
    const list = docs(clean);
    const requests = cleanRequests;
    expect(requests).toHaveLength(7);
    expect(requests[0]!.query.starting_after).toBeUndefined();
    for (let i = 1; i < requests.length; i++) {
      expect(requests[i]!.query.starting_after).toBe(list[i * 100 - 1]!.target.id);
    }
  });

  it('coupons arrive expanded with applies_to and currency_options (the includable fields)', async () => {
    const r = await audit(fake, [...AT, '--json', '--coupon', COUPONS.amountOff]);
    const amountOff = docs(r);
    expect(amountOff.length).toBeGreaterThan(0);
    for (const d of amountOff) {
      expect(d.promotion_code?.coupon).toMatchObject({
        kind: 'coupon',
        id: COUPONS.amountOff,
        currency_options: { eur: expect.objectContaining({ amount_off: 450 }) },
      });
    }
    const products = docs(await audit(fake, [...AT, '--json', '--coupon', COUPONS.products]));
    expect(products.length).toBeGreaterThan(0);
    for (const d of products)
      expect(d.promotion_code?.coupon).toMatchObject({ kind: 'coupon', applies_to_products: [PRODUCT_OK] });
  });

  it('the human table on stdout lists the codes with findings, most severe first; the summary goes to stderr', async () => {
    const r = await audit(fake, AT);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Code\s+Id\s+Verdict\s+Reasons$/);
    const rows = lines.slice(1).map((line) => {
      const [code, id, verdict, reasons] = line.split(/\s{2,}/);
      return { code: code!, id: id!, verdict: verdict!, reasons: reasons!.split(', ') };
    });
    const withFindings = account.codes.filter((c) => c.state.reasons.length > 0);
    expect(rows).toHaveLength(withFindings.length);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(withFindings.map((c) => c.id)));
    expect(reasonsById(rows)).toEqual(expectedById(withFindings));
    const worst = rows.map((row) => Math.min(...row.reasons.map((code) => RANK[SEVERITY[code]!])));
    for (let i = 1; i < worst.length; i++)
      expect(worst[i], `row ${i + 1}: ${lines[i + 1]}`).toBeGreaterThanOrEqual(worst[i - 1]!);
    expect(worst[0]).toBe(RANK.blocking);
    expect(worst.at(-1)).toBe(RANK.warning);
    // Nothing of the summary on stdout, nothing of the table on stderr.
    expect(r.stdout).not.toMatch(/Audited/);
    expect(parseSummary(r.stderr).scanned).toBe(MAIN_SIZE);
    expect(r.stderr).not.toContain('promo_G');
  });

  it('off a TTY: no progress line, no escape codes, nothing on stderr but the final summary', async () => {
    // The clean run of the main account, and two more formats on fewer codes, with NO_COLOR unset.
    expect(clean.stderr).toMatch(/^Audited 634 promotion codes in 7 pages, [\d.]+ s\n/);
    const expected = account.codes.filter((c) => c.coupon === COUPONS.plainB).length;
    const others = await Promise.all(
      [AT, [...AT, '--format', 'csv']].map((args) =>
        audit(fake, [...args, '--coupon', COUPONS.plainB], { env: { NO_COLOR: undefined } }),
      ),
    );
    for (const r of [clean, ...others]) {
      expect(r.stderr).not.toContain(ESC);
      expect(r.stderr).not.toContain('\r');
      expect(r.stdout).not.toContain(ESC);
      expect(r.stderr).not.toMatch(/scanned|requests\/s/);
      expect(r.stderr).toMatch(/^Audited [\d,]+ promotion codes in \d+ pages, [\d.]+ s\n/);
    }
    for (const r of others) expect(parseSummary(r.stderr).scanned).toBe(expected);
  });

  it('--format csv: a header, one row per code, fields that agree with the NDJSON', async () => {
    const csv = await audit(fake, [...AT, '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(1);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]).toEqual([
      'id',
      'code',
      'verdict',
      'active',
      'coupon',
      'times_redeemed',
      'max_redemptions',
      'expires_at',
      'blocking',
      'conditional',
      'warning',
      'info',
    ]);
    const body = rows.slice(1);
    expect(body).toHaveLength(MAIN_SIZE);
    for (const row of body) expect(row).toHaveLength(12);
    const json = docs(clean);
    const byId = new Map(json.map((d) => [d.target.id, d]));
    for (const [
      id,
      code,
      verdict,
      active,
      coupon,
      timesRedeemed,
      maxRedemptions,
      expiresAt,
      blocking,
      conditional,
      warning,
      info,
    ] of body) {
      const d = byId.get(id!)!;
      expect(d, id).toBeDefined();
      const promo = d.promotion_code!;
      expect(code).toBe(d.target.code);
      expect(verdict).toBe(d.verdict);
      expect(active).toBe(String(promo.active));
      expect(coupon).toBe(promo.coupon?.id ?? '');
      expect(timesRedeemed).toBe(String(promo.times_redeemed));
      expect(maxRedemptions).toBe(promo.max_redemptions === null ? '' : String(promo.max_redemptions));
      expect(expiresAt).toBe(
        promo.expires_at === null ? '' : new Date(promo.expires_at * 1000).toISOString().replace('.000Z', 'Z'),
      );
      const of = (s: string) =>
        d.reasons
          .filter((f) => f.severity === s)
          .map((f) => f.code)
          .join(';');
      expect([blocking, conditional, warning, info]).toEqual([
        of('blocking'),
        of('conditional'),
        of('warning'),
        of('info'),
      ]);
    }
    expect(csv.stderr).toMatch(/^Audited 634 promotion codes/);
  });

  it('--json as a global flag and --format json give the same NDJSON as audit --json', async () => {
    const local = clean;
    const viaGlobal = await runAgainst(fake, ['--json', 'audit', ...AT, ...SEQUENTIAL]);
    const viaFormat = await audit(fake, [...AT, '--format', 'json', ...SEQUENTIAL]);
    expect(viaGlobal.code).toBe(1);
    expect(viaGlobal.stdout).toBe(local.stdout);
    expect(viaFormat.stdout).toBe(local.stdout);
  });
});

describe('the same account in parallel windows (the default)', () => {
  it('every code exactly once, the same documents and summary as page by page', () => {
    expect(parallel.code, parallel.stderr).toBe(1);
    const list = docs(parallel);
    expect(new Set(list.map((d) => d.target.id)).size).toBe(MAIN_SIZE);
    expect(sortedLines(parallel.stdout)).toEqual(sortedLines(clean.stdout));
    const summary = parseSummary(parallel.stderr);
    expect(summary.byVerdict).toEqual(account.expected.byVerdict);
    expect(summary.byReason).toEqual(account.expected.byReason);
  });

  it('within the request budget, every request bounded above by one created[lte], fixed at the start', () => {
    expect(parallelRequests.length).toBeGreaterThan(pages(MAIN_SIZE));
    expect(parallelRequests.length).toBeLessThanOrEqual(budget(MAIN_SIZE));
    for (const request of parallelRequests) {
      expect(request.query).toMatchObject({ limit: '100' });
      expect(Number(request.query['created[gte]'])).toBeLessThanOrEqual(Number(request.query['created[lte]']));
    }
    const first = parallelRequests[0]!.query['created[lte]'];
    // The windows are whole seconds below that bound; the first pages read the newest codes.
    expect(Number(first)).toBeGreaterThanOrEqual(account.codes[0]!.created);
    expect(parallelRequests.filter((r) => r.query['created[lte]'] === first).length).toBeGreaterThanOrEqual(2);
  });
});

// ------------------------------------------------------------------ exit codes

describe('exit codes', () => {
  const only = (...names: string[]) => names.map(stateNamed);

  it.each([
    { what: 'redeemable codes only', states: only('ok', 'ok_b', 'expires_later'), plain: 0, strict: 0 },
    {
      what: 'conditional findings, nothing blocking',
      states: only('ok', 'restricted', 'minimum_usd', 'products'),
      plain: 0,
      strict: 1,
    },
    { what: 'warnings, nothing blocking', states: only('ok', 'expires_soon', 'coupon_nearly'), plain: 0, strict: 1 },
    { what: 'one blocking code among many fine ones', states: only('ok', 'ok_b', 'archived'), plain: 1, strict: 1 },
  ])('$what: exit $plain, with --strict $strict', async ({ states, plain, strict }) => {
    const small = generateAccount({ size: 150, seed: 5, states, prefix: 'X' });
    const f = await startExtra(small.scenario);
    const r = await audit(f, [...AT, '--json']);
    expect(r.code, r.stderr).toBe(plain);
    expect(tallyOfDocs(docs(r))).toEqual(small.expected);
    const s = await audit(f, [...AT, '--json', '--strict']);
    expect(s.code, s.stderr).toBe(strict);
    expect(s.stdout).toBe(r.stdout);
  });

  it('an empty account: one request, exit 0 even with --strict, a summary of 0 codes', async () => {
    const f = await startExtra({});
    const r = await audit(f, [...AT, '--strict']);
    expect(r.code, r.stderr).toBe(0);
    expect(f.requests).toHaveLength(1);
    expect(r.stdout).toBe('No promotion code matched the filters.\n');
    expect(parseSummary(r.stderr)).toMatchObject({ scanned: 0, pages: 1 });
    const j = await audit(f, [...AT, '--json']);
    expect(j.code).toBe(0);
    expect(j.stdout).toBe('');
  });

  it('--active: on the main account the code restricted to a deleted customer is active and blocking (exit 1); on a clean account exit 0, --strict 1', async () => {
    const r = await audit(fake, [...AT, '--json', '--active']);
    const list = docs(r);
    expect(list.every((d) => d.promotion_code?.active === true)).toBe(true);
    const blocked = list.filter((d) => d.verdict === 'not_redeemable');
    expect(blocked.length).toBeGreaterThan(0);
    for (const d of blocked) expect(d.reasons.map((f) => f.code)).toContain('customer_deleted');
    // The code restricted to a deleted customer is still active, and blocking.
    expect(r.code).toBe(1);
    const healthy = generateAccount({
      size: 120,
      seed: 9,
      states: STATES.filter((s) => s.active && s.verdict !== 'not_redeemable'),
      prefix: 'A',
    });
    const f = await startExtra(healthy.scenario);
    expect((await audit(f, [...AT, '--active'])).code).toBe(0);
    expect((await audit(f, [...AT, '--active', '--strict'])).code).toBe(1);
  });
});

// ------------------------------------------------------------------ filters

describe('filters: sent to Stripe as list parameters, and only the matching codes diagnosed', () => {
  /** Page by page: the expected codes newest first, ceil(n/100) requests; in parallel windows: the same codes, within the budget. */
  async function filtered(
    args: string[],
    expected: readonly GeneratedCode[],
    query: Record<string, string>,
  ): Promise<Doc[]> {
    const r = await audit(fake, [...AT, '--json', ...args, ...SEQUENTIAL]);
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    const list = docs(r);
    expect(list.map((d) => d.target.id)).toEqual(expected.map((c) => c.id));
    const requests = listRequests(fake);
    expect(requests).toHaveLength(pages(expected.length));
    for (const request of requests) expect(request.query).toMatchObject(query);
    fake.reset();
    const windows = await audit(fake, [...AT, '--json', ...args]);
    expect(windows.code).toBe(r.code);
    expect(sortedLines(windows.stdout)).toEqual(sortedLines(r.stdout));
    expect(listRequests(fake).length).toBeLessThanOrEqual(budget(expected.length));
    for (const request of listRequests(fake)) expect(request.query).toMatchObject(query);
    return list;
  }

  it('--active', async () => {
    const expected = account.codes.filter((c) => c.active);
    expect(expected.length).toBeGreaterThan(100);
    await filtered(['--active'], expected, { active: 'true' });
  });

  it('--inactive', async () => {
    const expected = account.codes.filter((c) => !c.active);
    expect(expected.length).toBeGreaterThan(100);
    const list = await filtered(['--inactive'], expected, { active: 'false' });
    expect(list.every((d) => d.verdict === 'not_redeemable')).toBe(true);
  });

  it('--coupon', async () => {
    const expected = account.codes.filter((c) => c.coupon === COUPONS.plainB);
    await filtered(['--coupon', COUPONS.plainB], expected, { coupon: COUPONS.plainB });
  });

  it('--code (Stripe matches it case-insensitively)', async () => {
    const target = account.codes[500]!;
    await filtered(['--code', target.code.toLowerCase()], [target], { code: target.code.toLowerCase() });
  });

  it('--created-after (ISO) and --created-before (unix seconds): created[gte] and created[lte]', async () => {
    const after = account.codes[500]!.created; // older
    const before = account.codes[200]!.created; // newer
    const iso = new Date(after * 1000).toISOString().replace('.000Z', 'Z');
    const expected = account.codes.filter((c) => c.created >= after && c.created <= before);
    expect(expected).toHaveLength(301);
    await filtered(['--created-after', iso, '--created-before', String(before)], expected, {
      'created[gte]': String(after),
      'created[lte]': String(before),
    });
  });

  it('--created-after alone: created[gte], and created[lte] fixed at the start of the audit (later codes are out of scope)', async () => {
    const after = account.codes[50]!.created;
    await filtered(['--created-after', String(after)], account.codes.slice(0, 51), { 'created[gte]': String(after) });
    const upper = new Set(listRequests(fake).map((request) => request.query['created[lte]']));
    expect(upper.size).toBe(1);
    expect(Number([...upper][0])).toBeGreaterThanOrEqual(account.codes[0]!.created);
  });

  it('several filters at once', async () => {
    const after = account.codes[450]!.created;
    const expected = account.codes.filter((c) => c.active && c.coupon === COUPONS.plainA && c.created >= after);
    expect(expected.length).toBeGreaterThan(10);
    await filtered(['--active', '--coupon', COUPONS.plainA, '--created-after', String(after)], expected, {
      active: 'true',
      coupon: COUPONS.plainA,
      'created[gte]': String(after),
    });
  });

  it('a filter nothing matches: one request, no documents, exit 0', async () => {
    const r = await audit(fake, [...AT, '--json', '--code', 'NO-SUCH-CODE']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(fake.requests).toHaveLength(1);
    expect(parseSummary(r.stderr).scanned).toBe(0);
  });

  it('a table audit that matches no code says so, not that no code has a finding', async () => {
    const r = await audit(fake, [...AT, '--code', 'NO-SUCH-CODE']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No promotion code matched the filters.\n');
  });

  it('--json with --format csv is a contradiction: exit 2, nothing requested', async () => {
    const before = fake.requests.length;
    const r = await audit(fake, [...AT, '--json', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^promo-doctor: --json and --format csv ask for two formats/);
    expect(fake.requests.length).toBe(before);
  });

  it('--customer: every code, each judged as that customer would redeem it; the customer and its history read once, in one round trip before the first page', async () => {
    const r = await audit(fake, [...AT, '--json', '--customer', VIP, '--surface', 'checkout']);
    const list = docs(r);
    expect(list).toHaveLength(account.codes.length);
    // Not a filter: no list request names the customer.
    for (const q of listRequests(fake)) expect(q.query.customer).toBeUndefined();
    const byId = new Map(list.map((d) => [d.target.id, d]));
    for (const code of account.codes) {
      const d = byId.get(code.id)!;
      expect(d.context.customer).toBe(VIP);
      expect(d.context.surface).toBe('checkout');
      const reasons = codesOf(d.reasons);
      // Restricted to this very customer: no condition left.
      if (code.customer === VIP) expect(reasons).not.toContain('restricted_to_customer');
      // First-time only, and VIP has a succeeded charge (its history, read once).
      if (code.state.reasons.includes('first_time_customers_only') && code.state.verdict !== 'not_redeemable')
        expect(reasons).toContain('customer_has_prior_transactions');
    }
    const prior = list.flatMap((d) => d.reasons).find((f) => f.code === 'customer_has_prior_transactions');
    expect(JSON.stringify(prior?.evidence)).toContain(VIP_CHARGE);
    // The customer and its history: once per audit, not once per code, before the first page.
    const other = fake.requests.filter((q) => q.path !== LIST_PATH);
    expect(other.map((q) => q.path).sort()).toEqual([
      '/v1/charges',
      `/v1/customers/${VIP}`,
      '/v1/invoices',
      '/v1/payment_intents',
      '/v1/subscriptions',
    ]);
    const firstList = fake.requests.findIndex((q) => q.path === LIST_PATH);
    expect(
      fake.requests
        .slice(0, firstList)
        .map((q) => q.path)
        .sort(),
    ).toEqual(other.map((q) => q.path).sort());
  });
});

// ------------------------------------------------------------------ redemption context

describe('context flags: which codes would work for a given order', () => {
  // Every state; 400 codes in 4 pages keep these runs short.
  let ctxAccount: GeneratedAccount;
  let ctxFake: FakeStripe;
  beforeAll(async () => {
    ctxAccount = generateAccount({ size: 400, seed: 404, prefix: 'C' });
    ctxFake = await startFake(ctxAccount.scenario);
  });
  afterAll(async () => {
    expectOnlyGets(ctxFake);
    await ctxFake.close();
  });

  async function withContext(
    args: string[],
    changes: Record<string, { reasons: string[]; verdict: Verdict }>,
    at: readonly string[] = AT,
  ): Promise<Doc[]> {
    const r = await audit(ctxFake, [...at, '--json', ...args]);
    const list = docs(r);
    const expected = under(ctxAccount.codes, changes);
    expect(actualById(list)).toEqual(expectedById(expected));
    expect(tallyOfDocs(list)).toEqual(tally(expected));
    expect(parseSummary(r.stderr).byReason).toEqual(tally(expected).byReason);
    expect(r.code).toBe(1);
    return list;
  }

  it('a 40 EUR order: the 30 EUR minimum is met, the EUR amount off is found in currency_options, a USD-only minimum refuses EUR', async () => {
    const list = await withContext(['--currency', 'eur', '--amount', '4000'], {
      minimum_usd: { reasons: ['currency_mismatch', 'minimum_amount_limits_surfaces'], verdict: 'not_redeemable' },
      minimum_eur_option: { reasons: ['minimum_amount_limits_surfaces'], verdict: 'redeemable' },
      amount_off: { reasons: [], verdict: 'redeemable' },
    });
    expect(list[0]!.context).toMatchObject({ currency: 'eur', amount: 4000 });
    // "Which codes would work?": the redeemable ones.
    const works = new Set([
      'ok',
      'ok_b',
      'expires_later',
      'minimum_eur_option',
      'amount_off',
      'expires_soon',
      'coupon_redeem_by_soon',
      'code_nearly',
      'coupon_nearly',
    ]);
    const redeemable = new Set(list.filter((d) => d.verdict === 'redeemable').map((d) => d.target.id));
    expect(redeemable).toEqual(new Set(ctxAccount.codes.filter((c) => works.has(c.state.name)).map((c) => c.id)));
    const mismatch = list.flatMap((d) => d.reasons).find((f) => f.code === 'currency_mismatch');
    expect(mismatch?.evidence).toMatchObject({ currency: 'eur', accepted_currencies: ['usd'] });
  });

  it('a 20 EUR order: below the 30 EUR minimum', async () => {
    const list = await withContext(['--currency', 'eur', '--amount', '2000'], {
      minimum_usd: { reasons: ['currency_mismatch', 'minimum_amount_limits_surfaces'], verdict: 'not_redeemable' },
      minimum_eur_option: {
        reasons: ['minimum_amount_not_met', 'minimum_amount_limits_surfaces'],
        verdict: 'not_redeemable',
      },
      amount_off: { reasons: [], verdict: 'redeemable' },
    });
    const notMet = list.flatMap((d) => d.reasons).find((f) => f.code === 'minimum_amount_not_met');
    expect(notMet?.evidence).toMatchObject({ amount: 2000, currency: 'eur', minimum_amount: 3000 });
  });

  it('GBP: neither the USD/EUR minimums nor the USD/EUR amount off accept it', async () => {
    await withContext(['--currency', 'gbp', '--amount', '4000'], {
      minimum_usd: { reasons: ['currency_mismatch', 'minimum_amount_limits_surfaces'], verdict: 'not_redeemable' },
      minimum_eur_option: {
        reasons: ['currency_mismatch', 'minimum_amount_limits_surfaces'],
        verdict: 'not_redeemable',
      },
      amount_off: { reasons: ['currency_mismatch'], verdict: 'not_redeemable' },
    });
  });

  it('USD below and above the minimum', async () => {
    await withContext(['--currency', 'usd', '--amount', '4999'], {
      minimum_usd: { reasons: ['minimum_amount_not_met', 'minimum_amount_limits_surfaces'], verdict: 'not_redeemable' },
      minimum_eur_option: {
        reasons: ['minimum_amount_not_met', 'minimum_amount_limits_surfaces'],
        verdict: 'not_redeemable',
      },
      amount_off: { reasons: [], verdict: 'redeemable' },
    });
    await withContext(['--currency', 'usd', '--amount', '5000'], {
      minimum_usd: { reasons: ['minimum_amount_limits_surfaces'], verdict: 'redeemable' },
      minimum_eur_option: { reasons: ['minimum_amount_limits_surfaces'], verdict: 'redeemable' },
      amount_off: { reasons: [], verdict: 'redeemable' },
    });
  });

  it('--currency without --amount checks currencies and leaves a minimum conditional', async () => {
    await withContext(['--currency', 'eur'], {
      minimum_usd: { reasons: ['currency_mismatch', 'minimum_amount_limits_surfaces'], verdict: 'not_redeemable' },
      minimum_eur_option: {
        reasons: ['minimum_amount_required', 'minimum_amount_limits_surfaces'],
        verdict: 'conditional',
      },
      amount_off: { reasons: [], verdict: 'redeemable' },
    });
    await withContext(['--currency', 'usd'], {
      minimum_usd: { reasons: ['minimum_amount_required', 'minimum_amount_limits_surfaces'], verdict: 'conditional' },
      minimum_eur_option: {
        reasons: ['minimum_amount_required', 'minimum_amount_limits_surfaces'],
        verdict: 'conditional',
      },
      amount_off: { reasons: [], verdict: 'redeemable' },
    });
  });

  it('--product: eligible (applies_to seen through the expansion) and not eligible', async () => {
    await withContext(['--product', PRODUCT_OK], { products: { reasons: [], verdict: 'redeemable' } });
    await withContext(['--product', PRODUCT_OTHER], {
      products: { reasons: ['product_not_eligible'], verdict: 'not_redeemable' },
    });
  });

  it('--warn-within: a shorter horizon drops the "soon" warnings, a longer one adds some', async () => {
    await withContext(['--warn-within', '1d'], {
      expires_soon: { reasons: [], verdict: 'redeemable' },
      coupon_redeem_by_soon: { reasons: [], verdict: 'redeemable' },
    });
    await withContext(['--warn-within', '90d'], {
      expires_later: { reasons: ['promotion_code_expires_soon'], verdict: 'redeemable' },
    });
  });

  it('--at moves the clock: five days later the codes that were expiring have expired', async () => {
    const list = await withContext(
      [],
      {
        expires_soon: { reasons: ['promotion_code_expired'], verdict: 'not_redeemable' },
        coupon_redeem_by_soon: { reasons: ['coupon_redeem_by_passed'], verdict: 'not_redeemable' },
      },
      ['--at', String(AT_SECONDS + 5 * 86_400)],
    );
    expect(list[0]!.evaluated_at).toBe('2026-06-06T00:00:00Z');
  });
});

describe('per-currency minimums (promotion code restrictions.currency_options)', () => {
  // restrictions.currency_options is includable: Stripe returns it only when expanded
  // (x-expandableFields of promotion_codes_resource_restrictions in the OpenAPI spec; the
  // builders' header and the fake follow it). Without it a 30 EUR minimum is invisible.
  const minimumStates = [stateNamed('minimum_eur_option')];
  let f: FakeStripe;
  let gen: GeneratedAccount;
  beforeAll(async () => {
    gen = generateAccount({ size: 3, seed: 1, states: minimumStates, prefix: 'M' });
    f = await startFake(gen.scenario);
  });
  afterAll(async () => {
    await f.close();
  });

  it('the list request expands data.restrictions.currency_options', async () => {
    f.reset();
    await audit(f, [...AT, '--json']);
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]!.expand).toContain('data.restrictions.currency_options');
  });

  it.each([
    {
      order: ['--currency', 'eur', '--amount', '4000'],
      reasons: ['minimum_amount_limits_surfaces'],
      verdict: 'redeemable',
    },
    {
      order: ['--currency', 'eur', '--amount', '2000'],
      reasons: ['minimum_amount_not_met', 'minimum_amount_limits_surfaces'],
      verdict: 'not_redeemable',
    },
    {
      order: ['--currency', 'eur'],
      reasons: ['minimum_amount_required', 'minimum_amount_limits_surfaces'],
      verdict: 'conditional',
    },
  ])('a code with a 50 USD / 30 EUR minimum, order $order: $reasons', async ({ order, reasons, verdict }) => {
    const r = await audit(f, [...AT, '--json', ...order]);
    const list = docs(r);
    expect(list).toHaveLength(3);
    for (const d of list) {
      expect(d.reasons.map((x) => x.code)).toEqual(reasons);
      expect(d.verdict).toBe(verdict);
    }
  });
});

// ------------------------------------------------------------------ CSV quoting

describe('CSV quoting (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, and doubles the quotes', async () => {
    build.resetBuilderIds();
    const cpn = build.coupon({ id: 'Q1' });
    const weird = ['SAVE,10', 'SAY"HI"', 'TWO\nLINES', 'PLAIN'];
    const f = await startExtra({
      coupons: [cpn],
      promotionCodes: weird.map((code, i) =>
        build.promotionCode({
          id: `promo_W${i}`,
          code,
          coupon: cpn,
          ...(i === 0 ? { expires_at: AT_SECONDS + 86_400 } : {}),
        }),
      ),
    });
    const r = await audit(f, [...AT, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"SAVE,10"');
    expect(r.stdout).toContain('"SAY""HI"""');
    expect(r.stdout).toContain('"TWO\nLINES"');
    expect(r.stdout).toMatch(/\r\npromo_W3,PLAIN,redeemable,/);
    const rows = parseCsv(r.stdout);
    expect(rows).toHaveLength(1 + weird.length);
    expect(rows.slice(1).map((row) => row[1])).toEqual([...weird].reverse());
    const first = rows.find((row) => row[0] === 'promo_W0')!;
    expect(first[7]).toBe('2026-06-02T00:00:00Z');
    expect(first[10]).toBe('promotion_code_expires_soon');
  });
});

// ------------------------------------------------------------------ streaming

describe('streaming', () => {
  it('NDJSON and CSV are written page by page: page k is on stdout before page k+1 is requested', async () => {
    const small = generateAccount({ size: 500, seed: 3, prefix: 'S' });
    const f = await startExtra(small.scenario);
    for (const args of [['--json'], ['--format', 'csv']]) {
      f.reset();
      const r = await audit(f, [...AT, ...args, ...SEQUENTIAL]);
      expect(r.code).toBe(1);
      expect(listRequests(f)).toHaveLength(5);
      // The run as a sequence: R = a page requested, W<n> = a write of n codes (the CSV header holds none).
      const sequence = r.events
        .map((e) => (e.kind === 'request' ? 'R' : `W${e.text.split('\n').filter((l) => l.includes('promo_S')).length}`))
        .filter((e) => e !== 'W0');
      expect(sequence).toEqual(['R', 'W100', 'R', 'W100', 'R', 'W100', 'R', 'W100', 'R', 'W100']);
    }
  });
});

// ------------------------------------------------------------------ rate limits and failures

describe('429s in the middle of a run', () => {
  afterEach(() => restoreRequestLog(fake));

  it('backs off and goes on: every code exactly once, three extra requests, same result as a clean run', async () => {
    injectAtRequest(fake, 5, { kind: 'status', status: 429, retryAfter: 0, path: LIST_PATH, times: 3 });
    const r = await audit(fake, [...AT, '--json', ...SEQUENTIAL]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe(clean.stdout);
    const statuses = fake.requests.map((q) => q.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(statuses.slice(4, 7)).toEqual([429, 429, 429]);
    expect(fake.requests).toHaveLength(pages(MAIN_SIZE) + 3);
    // The retries ask for the same page again.
    const cursors = fake.requests.slice(4, 8).map((q) => q.query.starting_after);
    expect(new Set(cursors).size).toBe(1);
    expect(parseSummary(r.stderr).scanned).toBe(MAIN_SIZE);
  });

  it('honours Retry-After', async () => {
    injectAtRequest(fake, 2, { kind: 'status', status: 429, retryAfter: 1, path: LIST_PATH, times: 1 });
    const r = await audit(fake, [...AT, '--json', '--coupon', COUPONS.plainA, ...SEQUENTIAL, '--debug']);
    expect(r.code, r.stderr).toBe(1);
    const [, limited, retried] = fake.requests;
    expect(limited!.status).toBe(429);
    // The pacer's waits are its own; the retry waits the second Stripe asked for.
    expect(retryWaits(r), 'one wait, of the second Stripe asked for').toEqual([1000]);
    expect(r.clock.sleeps).toContain(1000);
    const [, limitedAt, retriedAt] = requestTimes(r);
    expect(retriedAt! - limitedAt!).toBeGreaterThanOrEqual(1000);
    expect(retried!.query.starting_after).toBe(limited!.query.starting_after);
  });

  it('without Retry-After: exponential back-off with jitter (at least half of 500 ms, then of 1 s)', async () => {
    injectAtRequest(fake, 2, { kind: 'status', status: 429, path: LIST_PATH, times: 2 });
    const r = await audit(fake, [...AT, '--json', '--coupon', COUPONS.plainA, ...SEQUENTIAL, '--debug']);
    expect(r.code, r.stderr).toBe(1);
    const [, first, second, third] = fake.requests;
    expect([first!.status, second!.status, third!.status]).toEqual([429, 429, 200]);
    // Jitter keeps each wait within [50%, 100%] of 500 ms, then of 1 s (--debug names each
    // retry's wait; the pacer's own waits come on top).
    const backoffs = retryWaits(r);
    const [wait1, wait2] = backoffs;
    expect(backoffs).toHaveLength(2);
    expect(wait1).toBeGreaterThanOrEqual(250);
    expect(wait1).toBeLessThanOrEqual(500);
    expect(wait2).toBeGreaterThanOrEqual(500);
    expect(wait2).toBeLessThanOrEqual(1000);
    const [, firstAt, secondAt, thirdAt] = requestTimes(r);
    // --debug rounds the wait to the millisecond.
    expect(secondAt! - firstAt!).toBeGreaterThanOrEqual(wait1! - 0.5);
    expect(thirdAt! - secondAt!).toBeGreaterThanOrEqual(wait2! - 0.5);
  });

  it('a dropped connection mid-run is retried too, and the output is complete', async () => {
    injectAtRequest(fake, 3, { kind: 'reset', path: LIST_PATH, times: 1 });
    const r = await audit(fake, [...AT, '--json', '--max-retries', '1']);
    expect(r.code, r.stderr).toBe(1);
    expect(docs(r)).toHaveLength(MAIN_SIZE);
  });
});

describe('a page lost for good', () => {
  afterEach(() => restoreRequestLog(fake));

  it('keeps the pages printed, names the resume cursor on stderr, exits 3; resuming finishes the audit', async () => {
    // Page 4 (and its one retry) answer 500.
    injectAtRequest(fake, 4, { kind: 'status', status: 500, retryAfter: 0, path: LIST_PATH, times: 2 });
    const r = await audit(fake, [...AT, '--json', '--max-retries', '1', ...SEQUENTIAL]);
    expect(r.code, r.stderr).toBe(3);
    const first = docs(r);
    expect(first).toHaveLength(300);
    expect(first.map((d) => d.target.id)).toEqual(account.codes.slice(0, 300).map((c) => c.id));
    expect(fake.requests).toHaveLength(5);
    const cursor = account.codes[299]!.id;
    expect(r.stderr).toContain(`--starting-after ${cursor}`);
    expect(r.stderr).toMatch(/stopped after 300 codes/);
    expect(r.stderr).toMatch(/500/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The summary of what was read, then one line: why it stopped and how to go on.
    expect(parseSummary(r.stderr)).toMatchObject({ scanned: 300, pages: 3 });
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^promo-doctor: the audit stopped after 300 codes: .*500.* Resume with --starting-after promo_G\d+ \(and the same flags\), or with --resume [A-Za-z0-9_-]+$/,
    );

    restoreRequestLog(fake);
    fake.reset();
    const resumed = await audit(fake, [...AT, '--json', '--starting-after', cursor, ...SEQUENTIAL]);
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(listRequests(fake)[0]!.query.starting_after).toBe(cursor);
    const rest = docs(resumed);
    expect(rest).toHaveLength(MAIN_SIZE - 300);
    const all = [...first, ...rest];
    expect(all.map((d) => d.target.id)).toEqual(account.codes.map((c) => c.id));
    expect(tallyOfDocs(all)).toEqual(account.expected);
  });

  it('CSV: the header and the rows printed stay; the cursor is on stderr', async () => {
    injectAtRequest(fake, 2, { kind: 'status', status: 503, retryAfter: 0, path: LIST_PATH, times: 2 });
    const r = await audit(fake, [...AT, '--format', 'csv', '--max-retries', '1', ...SEQUENTIAL]);
    expect(r.code).toBe(3);
    expect(parseCsv(r.stdout)).toHaveLength(101);
    expect(r.stderr).toContain(`--starting-after ${account.codes[99]!.id}`);
  });

  it('429 for good: exit 3 and the cursor', async () => {
    injectAtRequest(fake, 3, { kind: 'status', status: 429, retryAfter: 0, path: LIST_PATH, times: Infinity });
    const r = await audit(fake, [...AT, '--json', '--max-retries', '1', ...SEQUENTIAL]);
    expect(r.code).toBe(3);
    expect(docs(r)).toHaveLength(200);
    expect(r.stderr).toMatch(/429/);
    expect(r.stderr).toContain(`--starting-after ${account.codes[199]!.id}`);
  });

  it('a page that never answers: --timeout ends it, exit 3 and the cursor', async () => {
    injectAtRequest(fake, 2, { kind: 'hang', path: LIST_PATH, times: 1 });
    const r = await audit(fake, [...AT, '--json', '--timeout', '0.4', '--max-retries', '0', ...SEQUENTIAL]);
    expect(r.code, r.stderr).toBe(3);
    expect(docs(r)).toHaveLength(100);
    expect(r.stderr).toMatch(/did not answer within 0.4 s/);
    expect(r.stderr).toContain(`--starting-after ${account.codes[99]!.id}`);
  });

  it('the first page lost: nothing on stdout, exit 3, and no cursor to give', async () => {
    injectAtRequest(fake, 1, { kind: 'status', status: 500, retryAfter: 0, path: LIST_PATH, times: 2 });
    const r = await audit(fake, [...AT, '--json', '--max-retries', '1']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/stopped after 0 codes/);
    expect(r.stderr).not.toContain('--starting-after promo_');
  });

  it('a resumed audit that fails again names its own latest cursor', async () => {
    const start = account.codes[199]!.id;
    injectAtRequest(fake, 3, { kind: 'status', status: 500, retryAfter: 0, path: LIST_PATH, times: 2 });
    const r = await audit(fake, [...AT, '--json', '--max-retries', '1', '--starting-after', start, ...SEQUENTIAL]);
    expect(r.code).toBe(3);
    expect(docs(r).map((d) => d.target.id)).toEqual(account.codes.slice(200, 400).map((c) => c.id));
    expect(r.stderr).toContain(`--starting-after ${account.codes[399]!.id}`);
  });
});

// ------------------------------------------------------------------ --max-rps

describe('--max-rps', () => {
  /** Gaps between request starts, in order of start. */
  const gaps = (times: readonly number[]): number[] => {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted.slice(1).map((t, i) => t - sorted[i]!);
  };

  it('--max-rps 5: no two requests start closer than 200 ms; the pacer starts slower and climbs to it', async () => {
    const small = generateAccount({ size: 1200, seed: 11, prefix: 'R' });
    const f = await startExtra(small.scenario);
    const r = await audit(f, [...AT, '--json', '--max-rps', '5', ...SEQUENTIAL]);
    expect(r.code).toBe(1);
    expect(f.requests).toHaveLength(12);
    // Request starts on the run's virtual clock (never wall time).
    const between = gaps(requestTimes(r));
    for (const step of between) expect(step).toBeGreaterThanOrEqual(200 - 0.01);
    expect(between[0]).toBeGreaterThan(200);
    expect(between.at(-1)).toBeCloseTo(200, 1);
    // The summary's duration is read from the same clock: at least the 11 × 200 ms the budget cost.
    const reported = Number(/Audited 1,200 promotion codes in 12 pages, ([\d.]+) s/.exec(r.stderr)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(2.2);
  });

  it('with --customer, every request counts against the budget (the customer lookup and its history too)', async () => {
    const r = await audit(fake, [...AT, '--json', '--customer', VIP, '--max-rps', '5']);
    expect(r.code, r.stderr).toBe(1);
    const n = fake.requests.length;
    expect(n).toBeGreaterThanOrEqual(6);
    // n requests at 5/s at most take (n - 1) × 200 ms of the clock at least.
    const virtualTime = r.clock.elapsed();
    expect(virtualTime).toBeGreaterThanOrEqual((n - 1) * 200 - 0.01);
  });

  it('retries count against the budget', async () => {
    injectAtRequest(fake, 2, { kind: 'status', status: 429, retryAfter: 0, path: LIST_PATH, times: 2 });
    try {
      const r = await audit(fake, [...AT, '--json', '--coupon', COUPONS.plainA, '--max-rps', '5']);
      expect(r.code).toBe(1);
      expect(fake.requests.map((q) => q.status).filter((s) => s === 429)).toHaveLength(2);
      const virtualTime = r.clock.elapsed();
      expect(virtualTime).toBeGreaterThanOrEqual((fake.requests.length - 1) * 200 - 0.01);
    } finally {
      restoreRequestLog(fake);
    }
  });
});

// ------------------------------------------------------------------ request count

describe('request count for N codes: ceil(N/100), at least one; a small account stays page by page', () => {
  // Larger N, in parallel windows with faults and Stripe's rate limit: test/e2e/audit-windows.test.ts.
  it.each([0, 1, 99, 100, 101, 250, 1000])('N = %i', async (n) => {
    const gen = generateAccount({ size: n, seed: n + 1, prefix: 'N' });
    const f = await startExtra(gen.scenario);
    const r = await audit(f, [...AT, '--json']);
    expect([0, 1]).toContain(r.code);
    expect(docs(r)).toHaveLength(n);
    expect(new Set(docs(r).map((d) => d.target.id)).size).toBe(n);
    // Up to three pages nothing promises enough to pay for windows: exactly one request a page.
    if (n <= 300) expect(f.requests).toHaveLength(pages(n));
    else expect(f.requests.length).toBeLessThanOrEqual(budget(n));
    // Only list requests (and only GETs: the afterEach checks every fake of the file).
    expect(f.requests.filter((q) => q.path !== LIST_PATH)).toEqual([]);
    expect(parseSummary(r.stderr)).toMatchObject({ scanned: n, pages: f.requests.length });
  });
});

// ------------------------------------------------------------------ bad usage

describe('bad usage: exit 2, one sentence on stderr, nothing on stdout, no request', () => {
  it.each([
    { args: ['--active', '--inactive'], says: /--active and --inactive/ },
    { args: ['--starting-after', 'foo'], says: /--starting-after "foo"/ },
    { args: ['--starting-after', 'cus_123'], says: /--starting-after/ },
    { args: ['--starting-after', 'promo_'], says: /--starting-after/ },
    { args: ['--starting-after', 'promo_a b'], says: /--starting-after/ },
    { args: ['--max-rps', '0'], says: /--max-rps "0"/ },
    { args: ['--max-rps', 'fast'], says: /--max-rps "fast"/ },
    { args: ['--max-rps', '1000'], says: /--max-rps "1000"/ },
    { args: ['--format', 'xml'], says: /--format "xml"/ },
    { args: ['--created-after', '2026-05-01', '--created-before', '2026-04-01'], says: /--created-after/ },
    // The sentence names the flag that is wrong, not --at.
    { args: ['--created-after', 'last week'], says: /--created-after "last week"/ },
    { args: ['--created-before', '2026-02-30'], says: /--created-before "2026-02-30"/ },
    { args: ['--code', 'NO SPACES'], says: /--code/ },
    { args: ['--coupon', 'cus_123'], says: /cus_123/ },
    { args: ['--amount', '4000'], says: /--amount needs --currency/ },
    { args: ['--customer', 'bob'], says: /--customer "bob"/ },
  ])('audit $args', async ({ args, says }) => {
    const r = await audit(fake, [...AT, ...args]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^promo-doctor: [^\n]+\n$/);
    expect(r.stderr).toMatch(says);
    expect(fake.requests).toHaveLength(0);
  });

  it("--starting-after a promo id Stripe does not know: bad input (exit 2) with Stripe's message, nothing on stdout", async () => {
    const r = await audit(fake, [...AT, '--json', '--starting-after', 'promo_doesnotexist']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/promo_doesnotexist/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--customer that does not exist: bad input (exit 2), no code listed', async () => {
    const r = await audit(fake, [...AT, '--json', '--customer', 'cus_nobody']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cus_nobody/);
    expect(listRequests(fake)).toHaveLength(0);
  });
});
