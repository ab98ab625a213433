/**
 * `promo-doctor audit`: a thin consumer of the audit use case (src/usecases/audit.ts), which
 * reads and diagnoses every promotion code page by page. Here: the flags parsed into typed
 * settings, each page to one sink per format (src/cli/auditSinks.ts: NDJSON, CSV and the HTML
 * report stream as pages arrive, the table prints sorted at the end), the progress line,
 * signals, the summary and the exit code.
 *
 * Stopping early keeps what was printed: on SIGINT or SIGTERM, or when a page is lost after
 * retries, no new request starts, the table prints what it has, the summary follows, and a
 * resume token covering every open window goes to stderr (exit 130, 143 or 3). A closed
 * stdout ends the audit at once, quietly.
 *
 * An item the audit cannot diagnose (issue 18, defect 1) is named on stderr as it comes and
 * counted in the summary; the rest is diagnosed, and the exit code is 3 (could not diagnose
 * everything), whatever the verdicts of the others.
 */
import { DiagnosisError, UsageError } from '../errors.js';
import { displayText, SENTENCE_MAX } from '../format/display.js';
import { quoteInput } from '../format/text.js';
import { isoTime } from '../format/time.js';
import { count } from '../render/audit.js';
import type { RedemptionContext } from '../rules/context.js';
import { AuditSummary, renderAuditSummary, type AuditRunFacts } from '../render/auditSummary.js';
import type { Palette } from '../render/palette.js';
import type { FlagFingerprint } from '../stripe/resumeToken.js';
import { isStripeId } from '../format/ids.js';
import { AuditRun, type AuditEnd, type AuditFilters, type AuditSettings } from '../usecases/audit.js';
import { ProgressLine } from './auditProgress.js';
import { sinkFor, type AuditFormat, type AuditSink } from './auditSinks.js';
import type { ConnectionFlags } from './connectionOptions.js';
import { contextFromFlags, type ContextFlags } from './contextOptions.js';
import { EXIT, exitCodeFor } from './exitCode.js';
import { openReader, type ReaderEnvironment } from './live.js';
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
  format?: AuditFormat | 'ndjson';
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
  // The README calls the --json lines NDJSON: --format ndjson is the same format.
  const format = chosenFormat(AUDIT_FORMAT, { ...flags, format: flags.format === 'ndjson' ? 'json' : flags.format });
  return format === 'ndjson' ? 'json' : format;
}

function parseFilters(flags: AuditFlags): AuditFilters {
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

/** Any Stripe-shaped id (ids are opaque: src/format/ids.ts); promo_ says which object it is. */
function parseStartingAfter(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!isStripeId(text.trim(), 'promo_'))
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
 * must have the same, or the union of the two runs is no audit. Flags as given (--at only if
 * given: a resumed audit without --at judges at its own "now", as the first did).
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
    ['--surface', flags.surface],
    ['--trial', flags.trial],
    ['--stripe-account', flags.stripeAccount],
  ];
  const fingerprint: Record<string, string> = {};
  for (const [name, value] of given) {
    if (value === undefined || value === false) continue;
    fingerprint[name] = value === true ? '' : String(value);
  }
  return fingerprint;
}

/** What the audit covered and for which order, in words, for the HTML report's header. */
function auditScope(filters: AuditFilters, ctx: RedemptionContext): string {
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
    ctx.surface ? `on ${ctx.surface}` : '',
  ];
  return parts.filter((p) => p !== '').join(' · ');
}

/** The flags as the use case's typed settings: parsed once, here. */
export function auditSettings(flags: AuditFlags, now: number, clock: AuditSettings['clock']): AuditSettings {
  const context = contextFromFlags(flags, now);
  const startingAfter = parseStartingAfter(flags.startingAfter);
  if (flags.resume !== undefined && startingAfter !== null)
    throw new UsageError('--resume and --starting-after exclude each other: the token already says where to go on.');
  return {
    filters: parseFilters(flags),
    context,
    prices: (flags.price ?? []).flatMap(splitList).map(parsePriceId),
    maxRps: parseMaxRps(flags.maxRps),
    concurrency: parseConcurrency(flags.concurrency),
    startingAfter,
    resume: flags.resume ?? null,
    scope: flagFingerprint(flags),
    clock,
  };
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
  const clock = environment.clock;
  const settings = auditSettings(flags, now, clock);
  // The resume token is checked here, before the key is looked for and before any request.
  const plan = AuditRun.plan(settings);
  const reader = await openReader(flags, environment);
  const run = new AuditRun(reader, settings, plan);

  let signal: keyof typeof SIGNAL_EXIT | null = null;
  let outputClosed = false;
  const unsubscribe = io.interrupts?.((received) => {
    signal ??= received;
    run.stop();
    // Within a second whatever the network does: requests in flight are abandoned, and their
    // windows stay open in the resume token (src/stripe/httpClient.ts).
    reader.abort();
  });
  // A closed stdout stops the audit at once, whatever the format: the table writes nothing
  // before the end, so it listens for the close instead of finding it at its first write.
  const onClosed = () => {
    outputClosed = true;
    run.stop();
  };
  io.stdout.once('close', onClosed);
  io.stdout.once('error', onClosed);
  const started = clock.now();
  const summary = new AuditSummary();
  const progress = io.stderr.isTTY ? new ProgressLine(io.stderr, clock) : null;
  let exitCode: number = EXIT.ok;
  let sink: AuditSink | null = null;
  try {
    // The customer and the prices, once, before the first page: the sink writes in their context.
    const ctx = await run.prepare();
    sink = sinkFor(format, io.stdout, ctx, palette, {
      at: ctx.at,
      generatedAt: Math.floor(clock.now() / 1000),
      livemode: run.keyMode === 'live',
      scope: auditScope(settings.filters, ctx),
    });
    if (format === 'html' && io.stdout.isTTY)
      await write(
        io.stderr,
        'promo-doctor: the HTML report goes to the terminal; give --output report.html to save it as a file.\n',
      );
    if (!(await guarded(() => sink!.start()))) outputClosed = true;
    if (!outputClosed) {
      for await (const page of run) {
        summary.pages++;
        for (const d of page.diagnoses) summary.add(d);
        summary.failed += page.failures.length;
        if (exitCode === EXIT.ok) exitCode = exitCodeFor(page.diagnoses, flags.strict ?? false);
        // On a terminal stdout and stderr share the screen: clear the progress line first.
        progress?.clear();
        for (const failure of page.failures)
          await write(
            io.stderr,
            `promo-doctor: promotion code ${quoteInput(displayText(failure.id))} could not be diagnosed: ${displayText(failure.message, SENTENCE_MAX)}\n`,
          );
        if (!(await guarded(() => sink!.page(page.diagnoses)))) {
          outputClosed = true;
          break;
        }
        progress?.update({ ...run.progress(), problems: summary.byVerdict.not_redeemable });
        if (outputClosed) break;
      }
    }
  } finally {
    unsubscribe?.();
    io.stdout.off('close', onClosed);
    io.stdout.off('error', onClosed);
    progress?.clear();
  }
  const end: AuditEnd = run.end ?? { kind: 'stopped' };
  const seconds = (clock.now() - started) / 1000;
  const facts = {
    seconds,
    requests: run.requests,
    throttled: run.progress().throttled,
    createdUpTo: run.plan.range.lte,
  };
  if (summary.failed > 0 && (exitCode === EXIT.ok || exitCode === EXIT.findings)) exitCode = EXIT.failure;
  return reportEnd({ end, outputClosed, signal, exitCode, summary, sink: sink!, run, flags, io, palette, facts });
}

/**
 * A sink's write; false when stdout is gone (the audit then ends quietly). A write that failed
 * for another reason (a full disk: WriteError, src/cli/io.ts) is no closed pipe: it ends the
 * run with its own sentence and exit 4 (issue 18, defect 2).
 */
async function guarded(write: () => Promise<void>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof WriteError) throw error;
    return false;
  }
}

interface AuditEndFacts {
  readonly end: AuditEnd;
  readonly outputClosed: boolean;
  readonly signal: keyof typeof SIGNAL_EXIT | null;
  readonly exitCode: number;
  readonly summary: AuditSummary;
  readonly sink: AuditSink;
  readonly run: AuditRun;
  readonly flags: AuditFlags;
  readonly io: Streams;
  readonly palette: Palette;
  readonly facts: AuditRunFacts;
}

/** The table, the summary and, if the audit stopped early, why and how to go on; the exit code. */
async function reportEnd({
  end,
  outputClosed,
  signal,
  exitCode,
  summary,
  sink,
  run,
  flags,
  io,
  palette,
  facts,
}: AuditEndFacts): Promise<number> {
  // `| head`: nobody reads any more; whatever we would say goes nowhere useful.
  if (outputClosed) return exitCode;
  if (end.kind === 'failed' && !(end.error instanceof DiagnosisError)) throw end.error;
  // Nothing read and nothing to resume: the reason alone is the answer, in one sentence.
  const nothingRead = end.kind === 'failed' && summary.pages === 0;
  if (!nothingRead) {
    await sink.finish(end.kind === 'complete');
    await write(io.stderr, renderAuditSummary(summary, palette, facts));
  }
  if (end.kind === 'complete') return exitCode;
  await write(io.stderr, `promo-doctor: ${stoppedMessage(end, signal, summary.scanned, run, flags)}\n`);
  return end.kind === 'failed' ? EXIT.failure : SIGNAL_EXIT[signal ?? 'SIGINT'];
}

/**
 * Why the audit stopped and how to go on: a token for every open window; when one window
 * over the whole range is left, after a cursor, --starting-after says the same.
 */
function stoppedMessage(
  end: AuditEnd,
  signal: string | null,
  scanned: number,
  run: AuditRun,
  flags: AuditFlags,
): string {
  const why = end.kind === 'failed' ? (end.error as DiagnosisError).message : `interrupted by ${signal ?? 'a signal'}.`;
  const plan = run.plan;
  const open = plan.open();
  const whole = open.length === 1 && open[0]!.gte === plan.range.gte && open[0]!.lte === plan.range.lte;
  if (whole && open[0]!.cursor === null && flags.resume === undefined && flags.startingAfter === undefined) {
    return `the audit stopped after ${count(scanned)} codes: ${why} No page was read; run it again.`;
  }
  const token = run.resumeToken();
  if (whole && open[0]!.cursor !== null) {
    return `the audit stopped after ${count(scanned)} codes: ${why} Resume with --starting-after ${open[0]!.cursor} (and the same flags), or with --resume ${token}`;
  }
  return `the audit stopped after ${count(scanned)} codes: ${why} Resume with the same flags and --resume ${token}`;
}
