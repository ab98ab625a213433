/**
 * Writing diagnoses: human text, Markdown, one JSON document, or NDJSON (one document per
 * line). Several diagnoses are written one at a time, so a long list never sits in memory
 * as text; between two of them a separator, and after the last a count per verdict on
 * stderr (stdout stays the documents alone).
 */
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis, Verdict } from '../rules/diagnose.js';
import { plural } from '../render/answer.js';
import { renderHuman } from '../render/human.js';
import { renderJson, renderNdjsonLine } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderReply } from '../render/reply.js';
import { linkIds, objectLinks, osc8Link, renderDashboardUrls } from '../render/objectLinks.js';
import { displayText } from '../format/display.js';
import { hyperlinksAllowed } from './hyperlinks.js';
import type { Palette } from '../render/palette.js';
import { renderStripeVerdict, renderStripeVerdictMarkdown } from '../render/stripeVerdict.js';
import { write, type Streams } from './io.js';
import { chosenFormat, DIAGNOSIS_FORMAT } from './outputOptions.js';

type DiagnosisFormat = (typeof DIAGNOSIS_FORMAT.formats)[number];

interface OutputOptions {
  readonly format: DiagnosisFormat;
  /** Several diagnoses from one list: NDJSON in JSON, separators otherwise. */
  readonly many: boolean;
  readonly verbose: boolean;
  /** Columns to wrap human text to; null: no wrapping. */
  readonly width: number | null;
  /** explain: no API behind the answer. */
  readonly offline: boolean;
}

function separator(options: OutputOptions): string {
  if (options.format === 'markdown') return '\n---\n\n';
  if (options.format === 'reply') return '\n';
  return `\n${'─'.repeat(Math.min(options.width ?? 40, 40))}\n\n`;
}

/** The text of the index-th diagnosis of a run. */
function renderOne(
  d: Diagnosis,
  index: number,
  ctx: RedemptionContext,
  options: OutputOptions,
  palette: Palette,
  hyperlinks = false,
): string {
  if (options.format === 'json') return options.many ? renderNdjsonLine(d, ctx) : renderJson(d, ctx);
  const before = index > 0 ? (options.many ? separator(options) : '\n') : '';
  // For the customer: Stripe's verdict beside ours is a note for the merchant, so it stays out.
  if (options.format === 'reply') return before + renderReply(d);
  // Stripe's own verdict (--ask-stripe) stands first, so a disagreement cannot be missed.
  const v = d.stripe_verdict;
  if (options.format === 'markdown')
    return before + (v ? renderStripeVerdictMarkdown(v) : '') + renderMarkdown(d, ctx, options);
  const human = renderHuman(d, ctx, palette, options);
  // Ids become OSC 8 links after wrapping, so the invisible URLs never count as width.
  const links = hyperlinks || options.verbose ? objectLinks(d) : [];
  const linked = hyperlinks ? linkIds(human, links, osc8Link, displayText) : human;
  const urls = options.verbose ? renderDashboardUrls(links, palette.dim) : '';
  return before + (v ? renderStripeVerdict(v, palette) : '') + linked + urls;
}

const VERDICT_ORDER: readonly Verdict[] = ['not_redeemable', 'conditional', 'redeemable'];

/** "Explained 3 documents: 1 not redeemable, 1 conditional, 1 redeemable." */
function listSummary(counts: Record<Verdict, number>): string {
  const total = VERDICT_ORDER.reduce((sum, v) => sum + counts[v], 0);
  const parts = VERDICT_ORDER.filter((v) => counts[v] > 0).map((v) => `${counts[v]} ${v.replace('_', ' ')}`);
  return `Explained ${plural(total, 'document')}${parts.length ? `: ${parts.join(', ')}` : ''}.\n`;
}

/** A diagnosis with the context it was made in (explain: a failed request brings its own). */
interface InContext {
  readonly diagnosis: Diagnosis;
  readonly ctx: RedemptionContext;
}

/** What a run says besides the documents (explain of a stream decides as it goes). */
interface RunNotes {
  /** Whether to say the run was empty (not when errors or skipped values were reported instead). */
  readonly saysEmpty?: () => boolean;
  /** Whether to tally the verdicts of `count` documents on stderr; default: when `many`. */
  readonly tally?: (count: number) => boolean;
}

/** Writes each diagnosis as it comes: a live stream is diagnosed value by value. */
export async function writeInContext(
  items: Iterable<InContext> | AsyncIterable<InContext>,
  options: OutputOptions,
  io: Streams,
  palette: Palette,
  notes: RunNotes = {},
): Promise<void> {
  let index = 0;
  const counts: Record<Verdict, number> = { not_redeemable: 0, conditional: 0, redeemable: 0 };
  const hyperlinks = options.format === 'human' && (await hyperlinksAllowed(io.stdout, palette.level > 0));
  for await (const { diagnosis: d, ctx } of items) {
    counts[d.verdict]++;
    await write(io.stdout, renderOne(d, index++, ctx, options, palette, hyperlinks));
  }
  if (index === 0 && options.format !== 'json' && (notes.saysEmpty?.() ?? true))
    await write(io.stdout, 'Nothing to diagnose: the list is empty.\n');
  // JSON readers count for themselves (jq); people get the tally, where it does not mix with the documents.
  if (options.many && options.format !== 'json' && (notes.tally?.(index) ?? true))
    await write(io.stderr, listSummary(counts));
}

export async function writeDiagnoses(
  diagnoses: Iterable<Diagnosis>,
  ctx: RedemptionContext,
  options: OutputOptions,
  io: Streams,
  palette: Palette,
): Promise<void> {
  function* inContext(): Generator<InContext> {
    for (const diagnosis of diagnoses) yield { diagnosis, ctx };
  }
  await writeInContext(inContext(), options, io, palette);
}

/** What the output flags ask for; `json` is `--json`, the rest default to plain human text. */
export interface OutputFlags {
  json?: boolean;
  format?: DiagnosisFormat;
  verbose?: boolean;
  /** Set by the CLI from the terminal (src/cli/terminal.ts); undefined: no wrapping. */
  width?: number | null;
}

export function outputOptions(flags: OutputFlags, many: boolean, offline: boolean): OutputOptions {
  return {
    format: chosenFormat(DIAGNOSIS_FORMAT, flags),
    many,
    verbose: flags.verbose ?? false,
    width: flags.width ?? null,
    offline,
  };
}

/** Every diagnosis as one string (for tests and small outputs). */
export function renderDiagnoses(
  diagnoses: readonly Diagnosis[],
  ctx: RedemptionContext,
  flags: OutputFlags & { many: boolean; offline?: boolean },
  palette: Palette,
): string {
  const options = outputOptions(flags, flags.many, flags.offline ?? true);
  if (diagnoses.length === 0 && options.format !== 'json') return 'Nothing to diagnose: the list is empty.\n';
  return diagnoses.map((d, i) => renderOne(d, i, ctx, options, palette)).join('');
}
