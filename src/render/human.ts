/**
 * A diagnosis as text for a person: a header naming the object, the verdict, a table of
 * every check with its mark, then the findings grouped by severity with message, fix and
 * evidence. Pure: returns a string; the CLI writes it.
 */
import { isoTime, relativeTime } from '../format/time.js';
import { priorTransactionText } from '../rules/catalogue.js';
import type { CheckOutcome, CheckStatus, Diagnosis, DiscountDiagnosis, Verdict } from '../rules/diagnose.js';
import { SEVERITIES, type Finding, type PriorTransaction, type Severity } from '../rules/findings.js';
import { couponSummary, modeText, promotionCodeSummary } from './describe.js';
import type { Palette } from './palette.js';
import { contextFromLines } from './contextFrom.js';
import { failedRequestHeader } from './failedRequest.js';
import { orderHeader } from './order.js';
import { plainTable } from './table.js';

const MARKS: Record<CheckStatus, string> = {
  pass: '✓',
  not_applicable: '–',
  blocking: '✗',
  conditional: '?',
  warning: '!',
  info: 'i',
};

const SEVERITY_HEADINGS: Record<Severity, string> = {
  blocking: 'Blocking',
  conditional: 'Conditional (depends on context not given)',
  warning: 'Warnings',
  info: 'Good to know',
};

function paint(p: Palette, status: CheckStatus, text: string): string {
  switch (status) {
    case 'blocking':
      return p.red(text);
    case 'conditional':
      return p.yellow(text);
    case 'warning':
      return p.yellow(text);
    case 'info':
      return p.cyan(text);
    case 'pass':
      return p.green(text);
    case 'not_applicable':
      return p.dim(text);
  }
}

const VERDICT_TEXT: Record<Verdict, { mark: string; status: CheckStatus; text: string }> = {
  redeemable: { mark: '✓', status: 'pass', text: 'Redeemable' },
  conditional: { mark: '?', status: 'conditional', text: 'Redeemable, depending on the redemption' },
  not_redeemable: { mark: '✗', status: 'blocking', text: 'Not redeemable' },
};

const DISCOUNT_VERDICT_TEXT: Record<Verdict, { mark: string; status: CheckStatus; text: string }> = {
  redeemable: { mark: '✓', status: 'pass', text: 'Every discount still applies' },
  conditional: { mark: '?', status: 'conditional', text: 'Every discount still applies' },
  not_redeemable: { mark: '✗', status: 'blocking', text: 'A discount has ended' },
};

function counts(findings: readonly Finding[]): string {
  const parts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

function header(d: Diagnosis, p: Palette): string[] {
  const lines: string[] = [];
  const mode = (livemode: boolean | null | undefined) => (livemode === null || livemode === undefined ? '' : p.dim(` · ${modeText(livemode)}`));
  if (d.promotion_code) {
    const code = d.promotion_code;
    lines.push(`${p.bold(`Promotion code ${code.code}`)} ${p.dim(code.id)}${mode(code.livemode)}`);
    lines.push(`  ${couponSummary(code.coupon)}`);
  } else if (d.target.type === 'promotion_code') {
    lines.push(p.bold(`Promotion code ${d.target.code ?? d.target.id}`));
  } else if (d.target.type === 'coupon' && d.coupon?.kind === 'reference') {
    lines.push(p.bold(`Coupon ${d.coupon.id}`));
  } else if (d.target.type === 'coupon' && d.coupon) {
    lines.push(`${p.bold(couponSummary(d.coupon).replace(/^coupon/, 'Coupon'))}${mode(d.coupon.kind === 'coupon' ? d.coupon.livemode : null)}`);
  } else if (d.customer && d.customer.kind !== 'customer') {
    lines.push(p.bold(`Customer ${d.customer.id}${d.customer.kind === 'deleted' ? ' (deleted)' : ''}`));
  } else if (d.customer) {
    const who = [d.customer.name, d.customer.email ? `<${d.customer.email}>` : null].filter(Boolean).join(' ');
    lines.push(`${p.bold(`Customer ${d.customer.id}`)}${who ? ` ${who}` : ''}${mode(d.customer.livemode)}`);
  } else if (d.subscription) {
    lines.push(`${p.bold(`Subscription ${d.subscription.id}`)} ${p.dim(`status ${d.subscription.status}`)}`);
  } else if (d.checkout_session || d.invoice) {
    lines.push(...orderHeader((d.checkout_session ?? d.invoice)!, p));
  } else if (d.failed_request) {
    lines.push(...failedRequestHeader(d.failed_request, p));
  } else if (d.stripe_error) {
    const what = [d.stripe_error.type, d.stripe_error.code].filter(Boolean).join(' · ');
    lines.push(`${p.bold(`Stripe error${d.target.id === 'stripe_error' ? '' : ` ${d.target.id}`}`)}${what ? p.dim(` · ${what}`) : ''}`);
  } else {
    lines.push(p.bold(`${d.target.type.replace('_', ' ')} ${d.target.id}`));
  }
  lines.push(p.dim(`  evaluated at ${isoTime(d.evaluated_at)}`));
  return lines;
}

function verdictLine(d: Diagnosis, p: Palette): string {
  const discountsTarget = d.discounts !== undefined;
  const v = (discountsTarget ? DISCOUNT_VERDICT_TEXT : VERDICT_TEXT)[d.verdict];
  if (discountsTarget && d.discounts!.length === 0 && d.reasons.length === 0) return `${p.dim('–')} No discounts to explain`;
  return `${paint(p, v.status, `${v.mark} ${v.text}`)} ${p.dim(`(${counts(d.reasons)})`)}`;
}

function checksTable(checks: readonly CheckOutcome[], p: Palette): string {
  const rows = checks.map((check) => [
    paint(p, check.status, MARKS[check.status]),
    check.title,
    check.status === 'pass' ? check.detail : paint(p, check.status, check.detail),
  ]);
  return plainTable(['', p.bold('Check'), p.bold('Result')], rows, 2);
}

/** Evidence as `key: value` lines: unix times with their ISO beside them, lists item by item. */
export function evidenceLines(evidence: object): string[] {
  const entries = Object.entries(evidence) as [string, unknown][];
  const lines: string[] = [];
  for (const [key, value] of entries) {
    if (key.endsWith('_iso')) continue;
    const iso = (evidence as Record<string, unknown>)[`${key}_iso`];
    if (key === 'transactions' && Array.isArray(value)) {
      lines.push(`${key}:`);
      for (const t of value as PriorTransaction[]) lines.push(`  - ${priorTransactionText(t)}${t.created_iso ? `, created ${t.created_iso}` : ''}`);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // Stripe's error body: its set fields, one per line.
      for (const [sub, v] of Object.entries(value)) if (v !== null) lines.push(`${key}.${sub}: ${String(v)}`);
    } else if (Array.isArray(value)) {
      lines.push(`${key}: ${value.map((v) => (typeof v === 'object' && v !== null ? Object.values(v).join(' ') : String(v))).join(', ') || '(none)'}`);
    } else {
      lines.push(`${key}: ${value === null ? 'null' : String(value)}${typeof iso === 'string' ? ` (${iso})` : ''}`);
    }
  }
  return lines;
}

function findingBlock(f: Finding, p: Palette, indent: string): string[] {
  return [
    `${indent}${paint(p, f.severity, MARKS[f.severity])} ${p.bold(f.code)}  ${f.message}`,
    `${indent}    ${p.dim('fix:')} ${f.fix}`,
    ...evidenceLines(f.evidence).map((line, i) => `${indent}    ${p.dim(i === 0 ? 'evidence:' : '         ')} ${line}`),
  ];
}

function findingsBySeverity(findings: readonly Finding[], p: Palette, indent = ''): string[] {
  const lines: string[] = [];
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${indent}${paint(p, severity, SEVERITY_HEADINGS[severity])}`);
    for (const f of group) lines.push(...findingBlock(f, p, `${indent}  `));
  }
  return lines;
}

const ATTACHED_NAMES: Record<DiscountDiagnosis['attached_to']['type'], string> = {
  customer: 'customer',
  subscription: 'subscription',
  checkout_session: 'Checkout Session',
  invoice: 'invoice',
};

function discountBlock(dd: DiscountDiagnosis, at: number, p: Palette): string[] {
  const d = dd.discount;
  const on = `on ${ATTACHED_NAMES[dd.attached_to.type]} ${dd.attached_to.id ?? ''}`;
  const lines = [
    '',
    `${p.bold(`Discount ${d.id ?? ''}`.trim())} ${p.dim(on.trim())}`,
    `  ${couponSummary(d.coupon)}`,
  ];
  const promo = promotionCodeSummary(d.promotion_code);
  if (promo) lines.push(`  from ${promo}`);
  if (d.start !== null) lines.push(`  started ${isoTime(d.start)} (${relativeTime(d.start, at)})`);
  lines.push(`  ${d.end === null ? 'no end date' : `${d.end <= at ? 'ended' : 'ends'} ${isoTime(d.end)} (${relativeTime(d.end, at)})`}`);
  lines.push(`  ${dd.applies ? p.green('✓ still applies') : p.red('✗ no longer applies')}`);
  lines.push(...findingsBySeverity(dd.reasons, p, '  '));
  if (dd.coupon_reasons.length > 0) {
    lines.push('', `  ${p.dim(`The coupon's own findings (they concern new redemptions, not this discount):`)}`);
    for (const f of dd.coupon_reasons) lines.push(...findingBlock(f, p, '    '));
  }
  return lines;
}

export function renderDiagnosis(d: Diagnosis, p: Palette): string {
  const lines = [...header(d, p), ...(d.context_from ? contextFromLines(d.context_from, p) : []), '', verdictLine(d, p)];
  if (d.matches && d.matches.length > 1) {
    lines.push(p.dim(`  ${d.matches.length} promotion codes share this code; the verdict is that of ${d.selected}.`));
  }
  if (d.discounts) {
    for (const dd of d.discounts) lines.push(...discountBlock(dd, d.evaluated_at, p));
    return lines.join('\n') + '\n';
  }
  if (d.checks.length > 0) lines.push('', checksTable(d.checks, p));
  lines.push(...findingsBySeverity(d.reasons, p));
  if (d.matches && d.matches.length > 1) {
    for (const match of d.matches) {
      if (match.target.id === d.selected) continue;
      lines.push('', p.dim('─'.repeat(40)), '', ...renderDiagnosis(match, p).trimEnd().split('\n'));
    }
  }
  return lines.join('\n') + '\n';
}
