/**
 * A diagnosis as text for a person, answer first: the headline (the object and the
 * question), the verdict, one entry per finding (title, sentence, fix), then the facts.
 * `verbose` adds the checks table and every finding's raw evidence (unix seconds beside
 * ISO). Wrapped to `width` with a hanging indent, never inside a word or an id; `width`
 * null leaves every paragraph on one line. Pure: returns a string; the CLI writes it.
 */
import { displaySafe } from '../format/display.js';
import { wrap } from '../format/wrap.js';
import { priorTransactionText } from '../rules/catalogue.js';
import type { RedemptionContext } from '../rules/context.js';
import type { RuleResult, RuleStatus, Diagnosis } from '../rules/diagnose.js';
import type { Finding, PriorTransaction } from '../rules/findings.js';
import { answerOf, type Answer, type AnswerEntry, type AnswerOptions } from './answer.js';
import { paintStatus, type Palette } from './palette.js';
import { plainTable } from './table.js';

interface HumanOptions extends AnswerOptions {
  /** Columns to wrap to; null: do not wrap. */
  readonly width: number | null;
  readonly verbose: boolean;
}

const MARKS: Record<RuleStatus | 'none', string> = {
  pass: '✓',
  not_applicable: '–',
  none: '–',
  blocking: '✗',
  conditional: '?',
  warning: '!',
  info: 'i',
};

/** Paragraphs wrapped with a hanging indent: `lead` on the first line, spaces under it after. */
function paragraph(text: string, width: number | null, lead: string, leadWidth: number, indent: number): string[] {
  // The lead may carry colour codes: wrap with spaces of its visible width in its place, then put it back.
  const plainLead = ' '.repeat(leadWidth);
  return wrap(text, width, plainLead, ' '.repeat(indent)).map((line, i) =>
    i === 0 ? lead + line.slice(leadWidth) : line,
  );
}

function entryLines(e: AnswerEntry, p: Palette, width: number | null, indent: number, withFix = true): string[] {
  const pad = ' '.repeat(indent);
  const lines = paragraph(
    `${e.title}: ${e.message}`,
    width,
    `${pad}${paintStatus(p, e.severity, MARKS[e.severity])} `,
    indent + 2,
    indent + 2,
  );
  // Bold the title where the first line holds it whole (a title wrapped on a narrow screen stays plain).
  lines[0] = lines[0]!.replace(`${e.title}:`, `${p.bold(e.title)}:`);
  if (withFix) {
    const fix = e.hint ? `${e.fix} Tip: ${e.hint}` : e.fix;
    lines.push(...paragraph(fix, width, `${pad}  ${p.dim('fix:')} `, indent + 7, indent + 7));
  }
  return lines;
}

const NBSP = '\u00a0';

function headline(a: Answer, p: Palette, width: number | null): string[] {
  // Each part ("at 2026-11-22", "test mode") stays whole on a line: its spaces do not break.
  const rest = [a.id, a.mode, ...a.context]
    .filter((part): part is string => part !== null)
    .map((part) => part.replaceAll(' ', NBSP));
  const text = [a.subject, ...rest].join(' · ');
  const lines = wrap(text, width, '', '  ').map((line) => line.replaceAll(NBSP, ' '));
  lines[0] = lines[0]!.replace(a.subject, p.bold(a.subject));
  return lines;
}

function verdictLines(a: Answer, p: Palette, width: number | null): string[] {
  const text = a.verdict.tone === 'none' ? a.verdict.text : `${a.verdict.text}: ${a.verdict.counts}`;
  const lines = paragraph(text, width, `${paintStatus(p, a.verdict.tone, MARKS[a.verdict.tone])} `, 2, 2);
  lines[0] = lines[0]!.replace(a.verdict.text, paintStatus(p, a.verdict.tone, p.bold(a.verdict.text)));
  return lines;
}

/** How many facts the default output shows: the coupon and the minimum carry most answers. */
const DEFAULT_FACTS = new Set(['Coupon', 'Minimum order']);

function factLines(facts: Answer['facts'], p: Palette, width: number | null, indent: number, all: boolean): string[] {
  return facts
    .filter((f) => all || DEFAULT_FACTS.has(f.label))
    .flatMap((f) =>
      paragraph(
        f.value,
        width,
        `${' '.repeat(indent)}${p.dim(`${f.label}:`)} `,
        indent + f.label.length + 2,
        indent + 2,
      ),
    );
}

function discountLines(a: Answer, p: Palette, options: HumanOptions): string[] {
  const lines: string[] = [];
  for (const d of a.discounts ?? []) {
    const state = d.applies
      ? paintStatus(p, 'pass', '✓ still applies')
      : paintStatus(p, 'blocking', '✗ no longer applies');
    lines.push('', `${p.bold(d.heading)}: ${state}`);
    lines.push(...factLines(d.facts, p, options.width, 2, true));
    for (const e of d.entries) lines.push(...entryLines(e, p, options.width, 2));
    if (d.couponEntries.length > 0) {
      lines.push(
        ...wrap("The coupon's own findings concern new redemptions, not this discount:", options.width, '  ', '  ').map(
          (l) => p.dim(l),
        ),
      );
      for (const e of d.couponEntries) lines.push(...entryLines(e, p, options.width, 4, options.verbose));
    }
  }
  for (const d of a.stopped) {
    lines.push('', `${p.bold(d.heading)}: ${paintStatus(p, 'info', '– stopped')}`);
    lines.push(...factLines(d.facts, p, options.width, 2, true));
    for (const e of d.entries) lines.push(...entryLines(e, p, options.width, 2));
  }
  if (a.history) {
    lines.push('', p.bold(a.history.heading));
    for (const line of a.history.lines) lines.push(...paragraph(line, options.width, '  ', 2, 4));
  }
  return lines;
}

function ruleResultsTable(checks: readonly RuleResult[], p: Palette): string {
  const rows = checks.map((check) => [
    paintStatus(p, check.status, MARKS[check.status]),
    check.title,
    check.status === 'pass' ? check.detail : paintStatus(p, check.status, check.detail),
  ]);
  return plainTable(['', p.bold('Check'), p.bold('Result')], rows, 2);
}

/** Evidence as `key: value` lines: unix times with their ISO beside them, lists item by item. */
function evidenceLines(evidence: object): string[] {
  const entries = Object.entries(evidence) as [string, unknown][];
  const lines: string[] = [];
  for (const [key, value] of entries) {
    if (key.endsWith('_iso')) continue;
    const iso = (evidence as Record<string, unknown>)[`${key}_iso`];
    if (key === 'transactions' && Array.isArray(value)) {
      lines.push(`${key}:`);
      for (const t of value as PriorTransaction[])
        lines.push(`  - ${priorTransactionText(t)}${t.created_iso ? `, created ${t.created_iso}` : ''}`);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // Stripe's error body: its set fields, one per line.
      for (const [sub, v] of Object.entries(value)) if (v !== null) lines.push(`${key}.${sub}: ${String(v)}`);
    } else if (Array.isArray(value)) {
      lines.push(
        `${key}: ${value.map((v) => (typeof v === 'object' && v !== null ? Object.values(v).join(' ') : String(v))).join(', ') || '(none)'}`,
      );
    } else {
      lines.push(`${key}: ${value === null ? 'null' : String(value)}${typeof iso === 'string' ? ` (${iso})` : ''}`);
    }
  }
  return lines;
}

function evidenceBlock(findings: readonly Finding[], p: Palette): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`  ${paintStatus(p, f.severity, MARKS[f.severity])} ${p.bold(f.code)} ${p.dim(f.id)}`);
    for (const line of evidenceLines(f.evidence)) lines.push(`      ${line}`);
  }
  return lines;
}

/** Everything behind --verbose: every check, and the raw evidence of every finding. */
function verboseLines(d: Diagnosis, p: Palette): string[] {
  const lines: string[] = [];
  if (d.checks.length > 0) lines.push('', p.bold('Checks'), ruleResultsTable(d.checks, p));
  const findings = [...d.reasons, ...(d.discounts ?? []).flatMap((dd) => dd.coupon_reasons)];
  if (findings.length > 0) lines.push('', p.bold('Evidence'), ...evidenceBlock(findings, p));
  return lines;
}

export function renderHuman(raw: Diagnosis, rawCtx: RedemptionContext, p: Palette, options: HumanOptions): string {
  // The render edge: every field from outside is shown escaped and capped (src/format/display.ts).
  const d = displaySafe(raw);
  const ctx = displaySafe(rawCtx);
  const a = answerOf(d, ctx, options);
  const details = a.details.flatMap((f) =>
    paragraph(f.value, options.width, `  ${p.dim(`${f.label}:`)} `, f.label.length + 4, 4),
  );
  const lines = [...headline(a, p, options.width), ...details, ...verdictLines(a, p, options.width)];
  // A customer's discount findings sit under their discount; the top level shows only those with none to sit under.
  const entries = a.discounts && a.discounts.length > 0 ? [] : a.entries.filter((e) => e.code !== 'discount_stopped');
  for (const e of entries) lines.push(...entryLines(e, p, options.width, 0));
  for (const note of a.notes) lines.push(...paragraph(note, options.width, '', 0, 2).map((l) => p.dim(l)));
  lines.push(...discountLines(a, p, options));
  const facts = factLines(a.facts, p, options.width, 0, options.verbose);
  if (facts.length > 0) lines.push('', ...facts);
  if (options.verbose) {
    lines.push(...verboseLines(d, p));
    for (const match of d.matches ?? []) {
      if (match.target.id === d.selected) continue;
      lines.push(
        '',
        p.dim('─'.repeat(Math.min(options.width ?? 40, 40))),
        '',
        ...renderHuman(match, ctx, p, options).trimEnd().split('\n'),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
