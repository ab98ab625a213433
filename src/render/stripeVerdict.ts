/**
 * Stripe's answer beside ours (`check --ask-stripe`), as text for a person and as Markdown.
 * A disagreement comes first and loud: it is the most valuable output the tool can give.
 */
import { displaySafe } from '../format/display.js';
import type { StripeVerdict } from '../rules/stripeVerdict.js';
import { codeSpan, escapeMarkdown } from './markdown.js';
import type { Palette } from './palette.js';

const answerText = (v: StripeVerdict): string =>
  v.accepted === true
    ? 'accepted the code'
    : v.accepted === false
      ? `refused the code: "${v.message ?? ''}"`
      : 'gave no verdict on the code';

/** Lines for the human output, to stand before the diagnosis. */
export function renderStripeVerdict(raw: StripeVerdict, p: Palette): string {
  const v = displaySafe(raw);
  const request = v.request_id ? p.dim(` (request ${v.request_id})`) : '';
  const lines: string[] = [];
  if (v.comparison === 'disagreement') {
    lines.push(p.bold.red('⚠ DISAGREEMENT WITH STRIPE'));
    lines.push(`  ${v.summary}`);
    lines.push(`  Stripe ${answerText(v)}${request}.`);
  } else if (v.comparison === 'agreement') {
    lines.push(`${p.green('✓')} Stripe agrees: ${v.summary.replace(/^Agreement: /, '')}${request}`);
  } else {
    lines.push(`${p.dim('–')} Stripe's verdict not compared: ${v.summary}${request}`);
  }
  lines.push(p.dim(`  previewed: ${v.previewed} (POST /v1/invoices/create_preview, creates nothing)`));
  return `${lines.join('\n')}\n\n`;
}

/** A Markdown section for tickets (`--format markdown`). */
export function renderStripeVerdictMarkdown(raw: StripeVerdict): string {
  const v = displaySafe(raw);
  const heading =
    v.comparison === 'disagreement'
      ? '> **⚠ Disagreement with Stripe**'
      : v.comparison === 'agreement'
        ? '> **Stripe agrees**'
        : "> **Stripe's verdict not compared**";
  const request = v.request_id ? ` (request ${codeSpan(v.request_id)})` : '';
  // Stripe's message is Stripe's text: it must not turn into Markdown (backticks, underscores).
  return `${[
    heading,
    `> ${escapeMarkdown(v.summary)}`,
    `> Stripe ${escapeMarkdown(answerText(v))}${request}.`,
    `> Previewed: ${escapeMarkdown(v.previewed)}.`,
    '',
  ].join('\n')}\n`;
}
