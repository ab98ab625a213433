/**
 * A diagnosis as GitHub-flavoured Markdown, for a support ticket or an issue: the same
 * answer as the human output (src/render/answer.ts): a heading, the verdict, the reasons
 * with their fixes, and a small table of the facts. Never wrapped: the page wraps it.
 */
import { displaySafe } from '../format/display.js';
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import { linkIds, markdownLink, objectLinks } from './objectLinks.js';
import { answerOf, type AnswerEntry, type AnswerOptions, type Fact, type Tone } from './answer.js';

const MARKS: Record<Tone, string> = { blocking: '✗', conditional: '?', warning: '!', info: 'i', pass: '✓', none: '–' };

/**
 * Text from Stripe (names, codes, emails) must not turn into Markdown: escape what GFM
 * would read as markup. `_` inside a word (promo_1, minimum_amount) is no emphasis in GFM,
 * so only a leading one is escaped.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*[\]<>|~])/g, '\\$1').replace(/(^|\s)_/g, '$1\\_');
}

function entry(e: AnswerEntry, indent = ''): string[] {
  // A backslash at the end of a line is a hard line break in GFM: the fix gets its own line in the item.
  const lines = [`${indent}- ${MARKS[e.severity]} **${escapeMarkdown(e.title)}**: ${escapeMarkdown(e.message)}\\`];
  lines.push(`${indent}  Fix: ${escapeMarkdown(e.fix)}${e.hint ? ` *Tip: ${escapeMarkdown(e.hint)}*` : ''}`);
  return lines;
}

/**
 * A code span that holds any text (a command to copy): fenced with one backtick more than the
 * longest run inside it, and padded with spaces when it starts or ends with one (CommonMark,
 * "Code spans": https://spec.commonmark.org/0.31.2/#code-spans). Backslashes mean nothing
 * inside, so the text stays as it is to copy.
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function detail(f: Fact): string {
  // A command stays copyable: in code, where nothing is escaped.
  return `- ${escapeMarkdown(f.label)}: ${f.command ? codeSpan(f.value) : escapeMarkdown(f.value)}`;
}

function factsTable(facts: readonly Fact[]): string[] {
  if (facts.length === 0) return [];
  return [
    '',
    '| Fact | Value |',
    '| --- | --- |',
    ...facts.map((f) => `| ${escapeMarkdown(f.label)} | ${escapeMarkdown(f.value)} |`),
  ];
}

export function renderMarkdown(raw: Diagnosis, rawCtx: RedemptionContext, options: AnswerOptions): string {
  // The render edge: controls and line breaks escaped, fields capped (src/format/display.ts), so
  // no field can open a line of its own, and escapeMarkdown keeps it from turning into markup.
  const a = answerOf(displaySafe(raw), displaySafe(rawCtx), options);
  const who = [a.id, a.mode].filter((part): part is string => part !== null).map(escapeMarkdown);
  const lines = [`### ${escapeMarkdown(a.subject)}${who.length ? ` (${who.join(', ')})` : ''}`, ''];
  lines.push(`${a.context.map(escapeMarkdown).join(' · ')}`, '');
  if (a.details.length > 0) lines.push(...a.details.map(detail), '');
  const counts = a.verdict.tone === 'none' ? '' : ` (${a.verdict.counts})`;
  lines.push(`**${MARKS[a.verdict.tone]} ${escapeMarkdown(a.verdict.text)}**${counts}`);
  const entries = a.discounts && a.discounts.length > 0 ? [] : a.entries.filter((e) => e.code !== 'discount_stopped');
  if (entries.length > 0) lines.push('', ...entries.flatMap((e) => entry(e)));
  for (const note of a.notes) lines.push('', `> ${escapeMarkdown(note)}`);
  for (const discount of a.discounts ?? []) {
    lines.push(
      '',
      `#### ${escapeMarkdown(discount.heading)}: ${discount.applies ? '✓ still applies' : '✗ no longer applies'}`,
    );
    lines.push(...factsTable(discount.facts));
    if (discount.entries.length > 0) lines.push('', ...discount.entries.flatMap((e) => entry(e)));
    if (discount.couponEntries.length > 0) {
      lines.push('', "The coupon's own findings concern new redemptions, not this discount:", '');
      lines.push(
        ...discount.couponEntries.map(
          (e) => `- ${MARKS[e.severity]} **${escapeMarkdown(e.title)}**: ${escapeMarkdown(e.message)}`,
        ),
      );
    }
  }
  for (const stopped of a.stopped) {
    lines.push('', `#### ${escapeMarkdown(stopped.heading)}: – stopped`);
    lines.push(...factsTable(stopped.facts));
    if (stopped.entries.length > 0) lines.push('', ...stopped.entries.flatMap((e) => entry(e)));
  }
  if (a.history) {
    lines.push('', `#### ${escapeMarkdown(a.history.heading)}`, '');
    lines.push(...a.history.lines.map((line) => `- ${escapeMarkdown(line)}`));
  }
  lines.push(...factsTable(a.facts));
  // Each object links to its Dashboard page where it first appears; a line with a command to copy stays as it is.
  const links = objectLinks(raw);
  const once = new Set<string>();
  const linked = lines.map((line) =>
    line.includes('`') ? line : linkIds(line, links, markdownLink, escapeMarkdown, once),
  );
  return `${linked.join('\n')}\n`;
}
