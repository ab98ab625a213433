/**
 * `promo-doctor audit`: every promotion code in the account, diagnosed page by page.
 *
 * Cost (docs/architecture.md, "Requests, cost and start-up"): ceil(N/100) list requests,
 * coupons expanded inline, none per code.
 * `--json` (NDJSON) and `--format csv` stream each page as it arrives, so memory stays flat
 * in N; the human table keeps one short row per code with findings. A page lost after
 * retries keeps what was printed, says where it stopped, and exits 3.
 */
import { DiagnosisError, UsageError } from '../errors.js';
import { quoteInput } from '../format/text.js';
import { normalizeLivePromotionCode } from '../model/expanded.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnosePromotionCode, type Diagnosis } from '../rules/diagnose.js';
import { AuditTally, auditRow, count, csvHeader, csvLine, renderAuditSummary, renderAuditTable, type AuditRow } from '../render/audit.js';
import { renderNdjsonLine } from '../render/json.js';
import type { Palette } from '../render/palette.js';
import { rateLimiter } from '../stripe/rateLimit.js';
import type { PromotionCodeFilters, StripeReader } from '../stripe/reader.js';
import type { Clock } from '../clock.js';
import type { ConnectionFlags } from './connectionOptions.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { EXIT, exitCodeFor } from './exitCode.js';
import { openReader, priceProducts, redeemingCustomer, withProducts, type ReaderEnvironment } from './live.js';
import { write, type Streams } from './io.js';
import { parseAt, parseCouponId, parsePriceId, splitList } from './validate.js';

export type AuditFormat = 'table' | 'json' | 'csv';

export interface AuditFlags extends ContextFlags, ConnectionFlags {
  json?: boolean;
  format?: string;
  active?: boolean;
  inactive?: boolean;
  coupon?: string;
  code?: string;
  createdAfter?: string;
  createdBefore?: string;
  startingAfter?: string;
  maxRps?: string;
}

export function parseFormat(flags: Pick<AuditFlags, 'json' | 'format'>): AuditFormat {
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json' && format !== 'csv') throw new UsageError(`--format ${quoteInput(format)} is not one of table, json or csv.`);
  // --format defaults to table, so only an explicit other format contradicts --json.
  if (flags.json && format !== 'json' && format !== 'table') {
    throw new UsageError(`--json and --format ${format} ask for two formats: give one (--json is --format json, NDJSON).`);
  }
  return flags.json ? 'json' : format;
}

export function parseFilters(flags: AuditFlags, customer: string | null): PromotionCodeFilters {
  if (flags.active && flags.inactive) throw new UsageError('--active and --inactive exclude each other: give one, or neither for every code.');
  const gte = flags.createdAfter === undefined ? undefined : parseAt(flags.createdAfter, '--created-after');
  const lte = flags.createdBefore === undefined ? undefined : parseAt(flags.createdBefore, '--created-before');
  if (gte !== undefined && lte !== undefined && gte > lte) throw new UsageError('--created-after is later than --created-before: no code can match.');
  if (flags.code !== undefined && !/^[A-Za-z0-9-]{1,500}$/.test(flags.code)) {
    throw new UsageError(`--code ${quoteInput(flags.code)} is not a customer-facing code (letters, digits and dashes).`);
  }
  return {
    ...(flags.active ? { active: true } : flags.inactive ? { active: false } : {}),
    ...(flags.coupon !== undefined ? { coupon: parseCouponId(flags.coupon) } : {}),
    ...(customer?.startsWith('acct_') ? { customer_account: customer } : customer ? { customer } : {}),
    ...(flags.code !== undefined ? { code: flags.code } : {}),
    ...(gte !== undefined || lte !== undefined ? { created: { ...(gte !== undefined ? { gte } : {}), ...(lte !== undefined ? { lte } : {}) } } : {}),
  };
}

export function parseMaxRps(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || value <= 0 || value > 100) {
    throw new UsageError(`--max-rps ${quoteInput(text)} is not a rate between 0 and 100 requests per second (Stripe allows 25 in test mode, 100 in live).`);
  }
  return value;
}

function parseStartingAfter(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^promo_[A-Za-z0-9]+$/.test(text.trim())) throw new UsageError(`--starting-after ${quoteInput(text)} is not a promotion code id (promo_…).`);
  return text.trim();
}

/** With --customer, the audit judges every code for that customer: read it and its history once. */
async function customerContext(reader: StripeReader, flagged: RedemptionContext, prices: readonly string[]): Promise<RedemptionContext> {
  const products = priceProducts(reader, prices);
  const ctx = withProducts(flagged, await products);
  if (ctx.customer === null || ctx.customer.startsWith('acct_')) return ctx;
  const [customer, items] = await Promise.all([redeemingCustomer(reader, ctx.customer), reader.customerHistory(ctx.customer)]);
  return { ...ctx, customer_record: customer, history: { customer: ctx.customer, items } };
}

/** A progress line that rewrites itself, for terminals only. */
class ProgressLine {
  private readonly started: number;
  constructor(
    private readonly stderr: Streams['stderr'],
    private readonly clock: Clock,
  ) {
    this.started = clock.now();
  }

  update(t: AuditTally, requests: number): void {
    const seconds = (this.clock.now() - this.started) / 1000;
    const rate = seconds > 0 ? (requests / seconds).toFixed(1) : '0';
    this.stderr.write(`\r\u001b[2Kscanned ${count(t.scanned)} codes · ${count(t.pages)} pages · ${rate} requests/s`);
  }

  clear(): void {
    this.stderr.write('\r\u001b[2K');
  }
}

function renderPage(diagnoses: readonly Diagnosis[], format: AuditFormat, ctx: RedemptionContext): string {
  if (format === 'json') return diagnoses.map((d) => renderNdjsonLine(d, ctx)).join('');
  if (format === 'csv') return diagnoses.map(csvLine).join('');
  return '';
}

export async function runAudit(flags: AuditFlags, io: Streams & { stderr: Streams['stderr'] & { isTTY?: boolean } }, palette: Palette, environment: ReaderEnvironment, now: number): Promise<number> {
  const format = parseFormat(flags);
  const baseCtx = contextFromFlags(flags, now);
  const filters = parseFilters(flags, baseCtx.customer);
  const maxRps = parseMaxRps(flags.maxRps);
  let cursor = parseStartingAfter(flags.startingAfter);
  const prices = (flags.price ?? []).flatMap(splitList).map(parsePriceId);
  const reader = await openReader(flags, environment, maxRps === null ? undefined : rateLimiter(maxRps, environment.clock));
  const ctx = await customerContext(reader, baseCtx, prices);

  const started = environment.clock.now();
  const tally = new AuditTally();
  let exitCode: 0 | 1 = EXIT.ok;
  const rows: AuditRow[] = [];
  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr, environment.clock) : null;
  if (format === 'csv') await write(io.stdout, csvHeader());

  for (;;) {
    let page;
    try {
      page = await reader.promotionCodePage(filters, cursor);
    } catch (error) {
      if (!(error instanceof DiagnosisError)) throw error;
      progress?.clear();
      // The table of what was scanned is still worth having; NDJSON and CSV are already out.
      if (format === 'table' && rows.length > 0) await write(io.stdout, renderAuditTable(rows, palette, tally.scanned));
      const where = cursor ? `Resume with --starting-after ${cursor} (and the same flags).` : 'No page was read; run it again.';
      await write(io.stderr, `promo-doctor: the audit stopped after ${tally.scanned} codes: ${error.message} ${where}\n`);
      return EXIT.failure;
    }
    tally.pages++;
    const diagnoses = page.codes.map((raw) => diagnosePromotionCode(normalizeLivePromotionCode(raw), ctx));
    if (exitCode === EXIT.ok) exitCode = exitCodeFor(diagnoses, flags.strict ?? false);
    for (const d of diagnoses) {
      tally.add(d);
      const row = format === 'table' ? auditRow(d) : null;
      if (row) rows.push(row);
    }
    const out = renderPage(diagnoses, format, ctx);
    // Clear the progress line first: on a terminal stdout and stderr share the screen.
    progress?.clear();
    if (out) await write(io.stdout, out);
    progress?.update(tally, reader.requests);
    if (!page.hasMore || page.lastId === null) break;
    cursor = page.lastId;
  }

  // The last progress line (written after the last page) and the summary count the same codes, written alike.
  progress?.clear();
  if (format === 'table') await write(io.stdout, renderAuditTable(rows, palette, tally.scanned));
  await write(io.stderr, renderAuditSummary(tally, palette, (environment.clock.now() - started) / 1000));
  return exitCode;
}
