/**
 * The table of Stripe's refusal messages (src/rules/stripeMessages.ts) as text, for
 * `promo-doctor reasons`: each message as Stripe words it, the codes it means, its source.
 */
import type { ReasonCode } from '../rules/findings.js';
import { messagesMeaning, STRIPE_MESSAGES, type StripeMessage } from '../rules/stripeMessages.js';
import type { Palette } from './palette.js';

function entryLines(m: StripeMessage, p: Palette): string[] {
  return [
    `  "${m.example}"${m.stripe_code ? p.dim(` (${m.stripe_code})`) : ''}`,
    `      means: ${m.means.join(' or ')}`,
    ...m.variants.map((v) => `      ${p.dim(`also: "${v}"`)}`),
    ...(m.note ? [`      ${p.dim(`note: ${m.note}`)}`] : []),
    `      ${p.dim(`source: ${m.source} (${m.source_confidence})`)}`,
  ];
}

export function renderStripeMessages(p: Palette): string {
  const lines = [
    p.bold("Stripe's refusal messages"),
    p.dim('explain matches an error body, or the response of a failed request, against these:'),
    '',
  ];
  for (const m of STRIPE_MESSAGES) lines.push(...entryLines(m, p));
  lines.push('', p.dim('Any other message is reported as stripe_refusal_unrecognised, quoting it.'));
  return `${lines.join('\n')}\n`;
}

/** The messages that mean one code, or nothing when Stripe has no words for it. */
export function renderMessagesMeaning(code: ReasonCode, p: Palette): string {
  const meaning = messagesMeaning(code);
  if (meaning.length === 0) return '';
  return (
    [`  ${p.bold('Stripe says')}`, ...meaning.flatMap((m) => entryLines(m, p).map((l) => `  ${l}`)), ''].join('\n') +
    '\n'
  );
}
