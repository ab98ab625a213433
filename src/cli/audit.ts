/**
 * `promo-doctor audit`: every promotion code in the account, diagnosed page by page.
 *
 * A page source (src/stripe/pageSource.ts) reads the `created` range in windows, in parallel
 * once the first pages promise enough codes, all requests paced by one adaptive pacer
 * (src/stripe/pacer.ts) under --max-rps and --concurrency; coupons come expanded inline, so
 * N codes cost about ceil(N/100) requests. Each page goes to one sink per format
 * (src/cli/auditSinks.ts): NDJSON, CSV and the HTML report stream as pages arrive (the report
 * draws its charts at the end), the table prints sorted at
 * the end. The upper bound of `created` is fixed when the audit starts.
 *
 * Stopping early keeps what was printed: on SIGINT or SIGTERM, or when a page is lost after
 * retries, no new request starts, the table prints what it has, the summary follows, and a
 * resume token covering every open window goes to stderr (exit 130, 143 or 3). A closed
 * stdout ends the audit at once, quietly.
 */
import { DiagnosisError, UsageError } from '../errors.js';
import { quoteInput } from '../format/text.js';
import { isoTime } from '../format/time.js';
import { normalizeLivePromotionCode } from '../model/expanded.js';
import { count } from '../render/audit.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnosePromotionCode } from '../rules/diagnose.js';
import { AuditSummary, renderAuditSummary, type AuditRunFacts } from '../render/auditSummary.js';
import type { Palette } from '../render/palette.js';
import { Pacer } from '../stripe/pacer.js';
import { PageSource, type SourceEnd } from '../stripe/pageSource.js';
import type { PromotionCodeFilters, StripeReader } from '../stripe/reader.js';
import { assertSameFlags, decodeResumeToken, encodeResumeToken, type FlagFingerprint } from '../stripe/resumeToken.js';
import { WindowPlan, type SecondsRange } from '../stripe/windows.js';
import { ProgressLine } from './auditProgress.js';
import { sinkFor, type AuditFormat, type AuditSink } from './auditSinks.js';
import type { ConnectionFlags } from './connectionOptions.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { EXIT, exitCodeFor } from './exitCode.js';
import { openReader, priceProducts, type ReaderEnvironment } from './live.js';
import { withProducts } from '../usecases/evaluated.js';
import { redeemingCustomer } from '../usecases/redeemingCustomer.js';
import { write, WriteError, type Interrupts, type Streams } from './io.js';
import { AUDIT_FORMAT, chosenFormat } from './outputOptions.js';
import { parseAt, parseCouponId, parsePriceId, splitList } from './validate.js';

/**
 * Defaults, measured (README "Audit at Stripe's rate limit"): the list endpoint is also the
 * one a live checkout uses to look a code up (`promotionCodes.list({ code })`), and Stripe
 * allows 25 requests/s per endpoint (https://docs.stripe.com/rate-limits); 15/s leaves 10/s
 * to checkout. At 400 ms a page, 8 requests in flight carry 20/s, more than 15/s needs.
 */
const DEFAULT_MAX_RPS = 15;
const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 32;

export interface AuditFlags extends ContextFlags, ConnectionFlags {
  json?: boolean;
  format?: AuditFormat;
  active?: boolean;
  inactive?: boolean;
  coupon?: string;
  code?: string;
  createdAfter?: string;
  createdBefore?: string;
  startingAfter?: string;
  maxRps?: string;
  concurrency?: string;
  resume?: string;
}

function parseFormat(flags: Pick<AuditFlags, 'json' | 'format'>): AuditFormat {
  return chosenFormat(AUDIT_FORMAT, flags);
}

function parseFilters(flags: AuditFlags, customer: string | null): PromotionCodeFilters {
  if (flags.active && flags.inactive)
    throw new UsageError('--active and --inactive exclude each other: give one, or neither for every code.');
  const gte = flags.createdAfter === undefined ? undefined : parseAt(flags.createdAfter, '--created-after');
  const lte = flags.createdBefore === undefined ? undefined : parseAt(flags.createdBefore, '--created-before');
  if (gte !== undefined && lte !== undefined && gte > lte)
    throw new UsageError('--created-after is later than --created-before: no code can match.');
  if (flags.code !== undefined && !/^[A-Za-z0-9-]{1,500}$/.test(flags.code)) {
    throw new UsageError(
      `--code ${quoteInput(flags.code)} is not a customer-facing code (letters, digits and dashes).`,
    );
  }
  return {
    ...(flags.active ? { active: true } : flags.inactive ? { active: false } : {}),
    ...(flags.coupon !== undefined ? { coupon: parseCouponId(flags.coupon) } : {}),
    ...(customer?.startsWith('acct_') ? { customer_account: customer } : customer ? { customer } : {}),
    ...(flags.code !== undefined ? { code: flags.code } : {}),
    ...(gte !== undefined || lte !== undefined
      ? { created: { ...(gte !== undefined ? { gte } : {}), ...(lte !== undefined ? { lte } : {}) } }
      : {}),
  };
}

function parseMaxRps(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_RPS;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || value <= 0 || value > 100) {
    throw new UsageError(
      `--max-rps ${quoteInput(text)} is not a rate between 0 and 100 requests per second (Stripe allows 25 in test mode, 100 in live).`,
    );
  }
  return value;
}

function parseStartingAfter(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!/^promo_[A-Za-z0-9]+$/.test(text.trim()))
    throw new UsageError(`--starting-after ${quoteInput(text)} is not a promotion code id (promo_…).`);
  return text.trim();
}

function parseConcurrency(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONCURRENCY;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > MAX_CONCURRENCY) {
    throw new UsageError(
      `--concurrency ${quoteInput(text)} is not a number of requests in flight from 1 to ${MAX_CONCURRENCY} (1 reads page after page).`,
    );
  }
  return value;
}

/**
 * The flags that decide which codes an audit reads and how it judges them: a resumed audit
 * must have the same, or the union of the two runs is no audit.
 */
function flagFingerprint(flags: AuditFlags): FlagFingerprint {
  const given: Array<[string, string | boolean | string[] | undefined]> = [
    ['--active', flags.active],
    ['--inactive', flags.inactive],
    ['--coupon', flags.coupon],
    ['--code', flags.code],
    ['--customer', flags.customer],
    ['--created-after', flags.createdAfter],
    ['--created-before', flags.createdBefore],
    ['--amount', flags.amount],
    ['--currency', flags.currency],
    ['--product', flags.product?.join(',')],
    ['--price', flags.price?.join(',')],
    ['--at', flags.at],
    ['--warn-within', flags.warnWithin],
    ['--stripe-account', flags.stripeAccount],
  ];
  const fingerprint: Record<string, string> = {};
  for (const [name, value] of given) {
    if (value === undefined || value === false) continue;
    fingerprint[name] = value === true ? '' : String(value);
  }
  return fingerprint;
}

/** `created` from --created-after (else the epoch) up to --created-before or the start, whichever is earlier. */
function createdRange(filters: PromotionCodeFilters, startedAt: number): SecondsRange {
  return { gte: filters.created?.gte ?? 0, lte: Math.min(filters.created?.lte ?? startedAt, startedAt) };
}

/** With --customer, the audit judges every code for that customer: read it and its history once. */
async function customerContext(
  reader: StripeReader,
  flagged: RedemptionContext,
  prices: readonly string[],
): Promise<RedemptionContext> {
  const products = priceProducts(reader, prices);
  const ctx = withProducts(flagged, await products);
  if (ctx.customer === null || ctx.customer.startsWith('acct_')) return ctx;
  const [customer, items] = await Promise.all([
    redeemingCustomer(reader, ctx.customer),
    reader.customerHistory(ctx.customer),
  ]);
  return { ...ctx, customer_record: customer, history: { customer: ctx.customer, items } };
}

/** The plan, the run's upper bound and its flags: fresh, after a cursor, or from a resume token. */
/** What the audit covered and for which order, in words, for the HTML report's header. */
function auditScope(filters: PromotionCodeFilters, ctx: RedemptionContext): string {
  const parts = [
    filters.active === true ? 'active codes' : filters.active === false ? 'inactive codes' : 'every code',
    filters.coupon ? `of coupon ${filters.coupon}` : '',
    filters.code ? `with code ${filters.code}` : '',
    filters.created?.gte !== undefined ? `created from ${isoTime(filters.created.gte)}` : '',
    filters.created?.lte !== undefined ? `created until ${isoTime(filters.created.lte)}` : '',
    ctx.customer ? `for ${ctx.customer}` : '',
    ctx.amount !== null
      ? `order amount ${ctx.amount}${ctx.currency ? ` ${ctx.currency}` : ''}`
      : ctx.currency
        ? `currency ${ctx.currency}`
        : '',
    ctx.products.length > 0 ? `products ${ctx.products.join(', ')}` : '',
  ];
  return parts.filter((p) => p !== '').join(' · ');
}

function planFor(flags: AuditFlags, filters: PromotionCodeFilters, now: number): WindowPlan {
  const startingAfter = parseStartingAfter(flags.startingAfter);
  if (flags.resume === undefined) return WindowPlan.fresh(createdRange(filters, now), { cursor: startingAfter });
  if (startingAfter !== null)
    throw new UsageError('--resume and --starting-after exclude each other: the token already says where to go on.');
  const token = decodeResumeToken(flags.resume);
  assertSameFlags(token.flags, flagFingerprint(flags));
  return WindowPlan.resumed(token.range, token.windows);
}

const SIGNAL_EXIT = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;

export async function runAudit(
  flags: AuditFlags,
  io: Streams & { readonly interrupts?: Interrupts },
  palette: Palette,
  environment: ReaderEnvironment,
  now: number,
): Promise<number> {
  const format = parseFormat(flags);
  const baseCtx = contextFromFlags(flags, now);
  const filters = parseFilters(flags, baseCtx.customer);
  const maxRps = parseMaxRps(flags.maxRps);
  const concurrency = parseConcurrency(flags.concurrency);
  const plan = planFor(flags, filters, now);
  const prices = (flags.price ?? []).flatMap(splitList).map(parsePriceId);
  const clock = environment.clock;
  const pacer = new Pacer({ maxRps, maxConcurrency: concurrency, clock });
  const reader = await openReader(flags, environment, pacer);
  const ctx = await customerContext(reader, baseCtx, prices);

  const started = clock.now();
  const summary = new AuditSummary();
  const report = {
    at: ctx.at,
    generatedAt: Math.floor(clock.now() / 1000),
    livemode: reader.keyMode === 'live',
    scope: auditScope(filters, ctx),
  };
  const sink = sinkFor(format, io.stdout, ctx, palette, report);
  if (format === 'html' && io.stdout.isTTY)
    await write(
      io.stderr,
      'promo-doctor: the HTML report goes to the terminal; give --output report.html to save it as a file.\n',
    );
  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr, clock) : null;
  let exitCode: 0 | 1 = EXIT.ok;
  const source = new PageSource({
    plan,
    concurrency,
    onStop: () => pacer.close(),
    fetch: (request) => reader.promotionCodePage({ ...filters, created: request.created }, request.startingAfter),
    emit: async (codes) => {
      const diagnoses = codes.map((raw) => diagnosePromotionCode(normalizeLivePromotionCode(raw), ctx));
      summary.pages++;
      for (const d of diagnoses) summary.add(d);
      if (exitCode === EXIT.ok) exitCode = exitCodeFor(diagnoses, flags.strict ?? false);
      // On a terminal stdout and stderr share the screen: clear the progress line first.
      progress?.clear();
      await sink.page(diagnoses);
      const stats = pacer.stats();
      progress?.update({
        scanned: summary.scanned,
        pages: summary.pages,
        problems: summary.byVerdict.not_redeemable,
        requests: reader.requests,
        throttled: stats.throttled,
        done: plan.coverage(),
      });
    },
  });

  let signal: keyof typeof SIGNAL_EXIT | null = null;
  const unsubscribe = io.interrupts?.((received) => {
    signal ??= received;
    source.stop();
    // Within a second whatever the network does: requests in flight are abandoned, and their
    // windows stay open in the resume token (src/stripe/httpClient.ts).
    reader.abort();
  });
  let end: SourceEnd;
  try {
    await sink.start();
    end = await source.run();
  } finally {
    unsubscribe?.();
    progress?.clear();
  }
  const seconds = (clock.now() - started) / 1000;
  const facts = { seconds, requests: reader.requests, throttled: pacer.stats().throttled, createdUpTo: plan.range.lte };
  return reportEnd({ end, signal, exitCode, summary, sink, plan, flags, io, palette, facts });
}

interface AuditEnd {
  readonly end: SourceEnd;
  readonly signal: keyof typeof SIGNAL_EXIT | null;
  readonly exitCode: 0 | 1;
  readonly summary: AuditSummary;
  readonly sink: AuditSink;
  readonly plan: WindowPlan;
  readonly flags: AuditFlags;
  readonly io: Streams;
  readonly palette: Palette;
  readonly facts: AuditRunFacts;
}

/** The table, the summary and, if the audit stopped early, why and how to go on; the exit code. */
async function reportEnd({
  end,
  signal,
  exitCode,
  summary,
  sink,
  plan,
  flags,
  io,
  palette,
  facts,
}: AuditEnd): Promise<number> {
  // `| head`: nobody reads any more; whatever we would say goes nowhere useful.
  if (end.kind === 'output_closed') {
    // A full disk is no closed pipe: say so (exit 4, src/cli/io.ts).
    if (end.error instanceof WriteError) throw end.error;
    return exitCode;
  }
  if (end.kind === 'failed' && !(end.error instanceof DiagnosisError)) throw end.error;
  // Nothing read and nothing to resume: the reason alone is the answer, in one sentence.
  const nothingRead = end.kind === 'failed' && summary.pages === 0;
  if (!nothingRead) {
    await sink.finish(end.kind === 'complete');
    await write(io.stderr, renderAuditSummary(summary, palette, facts));
  }
  if (end.kind === 'complete') return exitCode;
  await write(io.stderr, `promo-doctor: ${stoppedMessage(end, signal, summary.scanned, plan, flags)}\n`);
  return end.kind === 'failed' ? EXIT.failure : SIGNAL_EXIT[signal ?? 'SIGINT'];
}

/**
 * Why the audit stopped and how to go on: a token for every open window; when one window
 * over the whole range is left, after a cursor, --starting-after says the same.
 */
function stoppedMessage(
  end: SourceEnd,
  signal: string | null,
  scanned: number,
  plan: WindowPlan,
  flags: AuditFlags,
): string {
  const why = end.kind === 'failed' ? (end.error as DiagnosisError).message : `interrupted by ${signal ?? 'a signal'}.`;
  const open = plan.open();
  const whole = open.length === 1 && open[0]!.gte === plan.range.gte && open[0]!.lte === plan.range.lte;
  if (whole && open[0]!.cursor === null && flags.resume === undefined && flags.startingAfter === undefined) {
    return `the audit stopped after ${count(scanned)} codes: ${why} No page was read; run it again.`;
  }
  const token = encodeResumeToken({ flags: flagFingerprint(flags), range: plan.range, windows: open });
  if (whole && open[0]!.cursor !== null) {
    return `the audit stopped after ${count(scanned)} codes: ${why} Resume with --starting-after ${open[0]!.cursor} (and the same flags), or with --resume ${token}`;
  }
  return `the audit stopped after ${count(scanned)} codes: ${why} Resume with the same flags and --resume ${token}`;
}
