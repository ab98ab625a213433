/**
 * The report's sections that are drawn once, from the aggregate, as HTML and inline SVG:
 * nothing in them needs the page's script, so they show even before it runs.
 */
import { CATALOGUE } from '../../rules/catalogue.js';
import type { Verdict } from '../../rules/diagnose.js';
import type { ReasonCode, Severity } from '../../rules/findings.js';
import { isoTime } from '../../format/time.js';
import { COUPONS_TRACKED, WEEKS_BACK, type CapEntry, type CouponSummary, type ReportAggregate } from './aggregate.js';
import { escapeHtml as h } from './escape.js';
import { VERDICT_ORDER } from './rows.js';
import { dashboardUrl } from '../dashboardLink.js';

/** A link to the Dashboard, or the label alone when the id cannot be one path segment. */
function link(url: string | null, label: string): string {
  return url === null ? h(label) : `<a href="${h(url)}">${h(label)}</a>`;
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const pct = (part: number, whole: number): string =>
  whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)}%`;

const VERDICT_LABEL: Record<Verdict, string> = {
  not_redeemable: 'Not redeemable',
  conditional: 'Conditional',
  redeemable: 'Redeemable',
};

export function verdictSection(a: ReportAggregate): string {
  const tiles = VERDICT_ORDER.map(
    (v) =>
      `<div class="tile v-${v}" data-verdict="${v}" data-count="${a.byVerdict[v]}"><div class="n">${fmt(a.byVerdict[v])}</div><div class="l">${VERDICT_LABEL[v]}</div><div class="p">${pct(a.byVerdict[v], a.scanned)}</div></div>`,
  ).join('');
  let x = 0;
  const segments = VERDICT_ORDER.map((v) => {
    const width = a.scanned === 0 ? 0 : (1000 * a.byVerdict[v]) / a.scanned;
    const rect = `<rect class="f-${v}" x="${x.toFixed(2)}" y="0" width="${width.toFixed(2)}" height="24"><title>${VERDICT_LABEL[v]}: ${fmt(a.byVerdict[v])}</title></rect>`;
    x += width;
    return rect;
  }).join('');
  return `<section id="totals"><h2>Totals by verdict</h2><div class="tiles">${tiles}</div>
<svg class="stack" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img" aria-label="codes by verdict">${segments}</svg>
<p class="note">${fmt(a.scanned)} promotion codes audited; ${fmt(a.withFindings)} have at least one finding. Redeemable and conditional codes can be used; conditional ones only for some customers, amounts or products.</p></section>`;
}

const SEVERITY_OF = (code: ReasonCode): Severity => CATALOGUE[code].severity;

/** A reason's tooltip: its code, cause and fix (the page's script writes the same for the table). */
const reasonTooltip = (code: ReasonCode): string => `${code}: ${CATALOGUE[code].cause} Fix: ${CATALOGUE[code].fix}`;

/**
 * The legend: every reason found, by title, with its code, cause and fix, for readers in
 * marketing and finance who meet the titles in the charts and tables; most frequent first.
 */
export function legendSection(a: ReportAggregate): string {
  const reasons = [...a.byReason.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  if (reasons.length === 0) return '';
  const rows = reasons
    .map(([code]) => {
      const e = CATALOGUE[code];
      return `<tr data-code="${code}"><td class="reason"><span class="sev s-${e.severity}"></span>${h(e.title)}<code>${code}</code></td><td>${e.severity}</td><td>${h(e.cause)}</td><td>${h(e.fix)}</td></tr>`;
    })
    .join('');
  return `<section id="legend"><h2>What the reasons mean</h2><p class="note">Each reason found in this audit: its title as the charts and tables show it, its code (as in the JSON and CSV output, and in <code>promo-doctor reasons</code>), why it happens and what fixes it.</p>
<table class="plain"><thead><tr><th>Reason</th><th>Severity</th><th>Cause</th><th>Fix</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function reasonSection(a: ReportAggregate): string {
  const reasons = [...a.byReason.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  if (reasons.length === 0)
    return `<section id="reasons"><h2>Codes per reason</h2><p class="note">No code has a finding.</p></section>`;
  const max = reasons[0]![1];
  const row = 26;
  const barArea = 560;
  const bars = reasons
    .map(([code, n], i) => {
      const width = (barArea * n) / max;
      const y = i * row;
      return (
        `<g class="reason-bar" data-code="${code}" data-count="${n}" transform="translate(0 ${y})"><title>${h(CATALOGUE[code].title)} (${code}): ${fmt(n)} code${n === 1 ? '' : 's'}. ${h(CATALOGUE[code].cause)} Fix: ${h(CATALOGUE[code].fix)}</title>` +
        `<text class="label" x="330" y="17" text-anchor="end">${h(CATALOGUE[code].title)}</text>` +
        `<rect class="s-${SEVERITY_OF(code)}" x="340" y="4" width="${width.toFixed(2)}" height="18" rx="2"></rect>` +
        `<text class="count" x="${(346 + width).toFixed(2)}" y="17">${fmt(n)}</text></g>`
      );
    })
    .join('');
  const legend = (['blocking', 'conditional', 'warning', 'info'] as const)
    .map((s) => `<span class="key s-${s}"></span>${s}`)
    .join(' ');
  return `<section id="reasons"><h2>Codes per reason</h2><p class="note">How many codes each reason was found on (a code can have several); point at a bar for its cause and fix, or see what the reasons mean below. ${legend}</p>
<svg class="bars" viewBox="0 0 1000 ${reasons.length * row}" role="img" aria-label="codes per reason code">${bars}</svg></section>`;
}

export function timelineSection(a: ReportAggregate): string {
  const col = 60;
  const height = 180;
  const top = 32;
  const max = Math.max(1, ...a.weeks.map((w) => w.codes + w.coupons));
  const bars = a.weeks
    .map((w, i) => {
      const x = i * col;
      const hCodes = (height * w.codes) / max;
      const hCoupons = (height * w.coupons) / max;
      const past = w.week < 0;
      const date = isoTime(w.start).slice(5, 10);
      return (
        `<g class="week${past ? ' past' : ''}" data-week="${w.week}" data-codes="${w.codes}" data-coupons="${w.coupons}">` +
        `<title>week of ${isoTime(w.start).slice(0, 10)}: ${fmt(w.codes)} code${w.codes === 1 ? '' : 's'}, ${fmt(w.coupons)} coupon${w.coupons === 1 ? '' : 's'} ${past ? 'expired' : 'expiring'}</title>` +
        (past ? `<rect class="shade" x="${x}" y="0" width="${col}" height="${top + height}"></rect>` : '') +
        `<rect class="codes" x="${x + 10}" y="${(top + height - hCodes).toFixed(2)}" width="${col - 20}" height="${hCodes.toFixed(2)}"></rect>` +
        `<rect class="coupons" x="${x + 10}" y="${(top + height - hCodes - hCoupons).toFixed(2)}" width="${col - 20}" height="${hCoupons.toFixed(2)}"></rect>` +
        (w.codes + w.coupons > 0
          ? `<text class="count" x="${x + col / 2}" y="${(top + height - hCodes - hCoupons - 4).toFixed(2)}" text-anchor="middle">${fmt(w.codes + w.coupons)}</text>`
          : '') +
        `<text class="axis" x="${x + col / 2}" y="${top + height + 16}" text-anchor="middle">${date}</text></g>`
      );
    })
    .join('');
  const nowX = WEEKS_BACK * col;
  return `<section id="timeline"><h2>Expiry timeline</h2><p class="note">Promotion codes (<code>expires_at</code>) <span class="key codes"></span> and coupons (<code>redeem_by</code>) <span class="key coupons"></span> per week: the 4 weeks before the evaluation time (shaded: already expired) and the 12 after.</p>
<svg class="timeline" viewBox="0 0 ${a.weeks.length * col} ${top + height + 24}" role="img" aria-label="expiries per week">${bars}<line class="now" x1="${nowX}" x2="${nowX}" y1="0" y2="${top + height}"></line><text class="axis" x="${nowX + 4}" y="12">now</text></svg></section>`;
}

export function capSection(
  entries: readonly CapEntry[],
  atCap: { codes: number; coupons: number },
  dashboard: string,
): string {
  const reached = `<p class="note" data-codes-at-cap="${atCap.codes}" data-coupons-at-cap="${atCap.coupons}">Already at the cap, so Stripe refuses them: ${fmt(atCap.codes)} promotion code${atCap.codes === 1 ? '' : 's'} and ${fmt(atCap.coupons)} coupon${atCap.coupons === 1 ? '' : 's'}.</p>`;
  if (entries.length === 0)
    return `<section id="caps"><h2>Redemptions against caps</h2><p class="note">No other code or coupon has <code>max_redemptions</code>.</p>${reached}</section>`;
  const rows = entries
    .map((e) => {
      const share = Math.min(1, e.times_redeemed / e.max_redemptions);
      const name = link(
        dashboardUrl(dashboard, e.kind === 'promotion_code' ? 'promotion_codes' : 'coupons', e.id),
        e.label,
      );
      return (
        `<tr data-id="${h(e.id)}"><td>${e.kind === 'coupon' ? 'coupon' : 'code'}</td><td>${name}</td><td class="num">${fmt(e.times_redeemed)} / ${fmt(e.max_redemptions)}</td>` +
        `<td><svg class="meter" viewBox="0 0 100 10" preserveAspectRatio="none"><rect class="track" width="100" height="10"></rect><rect class="${share >= 1 ? 'full' : 'used'}" width="${(100 * share).toFixed(2)}" height="10"></rect></svg></td><td class="num">${pct(e.times_redeemed, e.max_redemptions)}</td></tr>`
      );
    })
    .join('');
  return `<section id="caps"><h2>Redemptions against caps</h2><p class="note">The promotion codes and coupons closest to <code>max_redemptions</code> that can still be redeemed.</p>
<table class="plain"><thead><tr><th>Kind</th><th>Code or coupon</th><th class="num">Redeemed</th><th>Of the cap</th><th class="num"></th></tr></thead><tbody>${rows}</tbody></table>${reached}</section>`;
}

/** Coupons shown in the per-coupon table: the ones with the most dead codes first. */
const COUPON_ROWS = 100;

/** Codes of the coupons met after the first COUPONS_TRACKED: counted together (./aggregate.ts). */
export interface UntrackedCoupons {
  readonly codes: number;
  readonly working: number;
  readonly dead: number;
}

/** What the report says when it met more coupons than it summarises one by one. */
export function untrackedNote(untracked: UntrackedCoupons): string {
  if (untracked.codes === 0) return '';
  return `<p class="warn" data-untracked-codes="${untracked.codes}">This audit met more than ${fmt(COUPONS_TRACKED)} coupons: the first ${fmt(COUPONS_TRACKED)} met are summarised one by one (here, on the expiry timeline and among the caps); the ${fmt(untracked.codes)} codes of the others (${fmt(untracked.working)} work, ${fmt(untracked.dead)} dead) are counted in every total and in the table of codes, but not per coupon.</p>`;
}

export function couponSection(
  coupons: Iterable<CouponSummary>,
  dashboard: string,
  untracked: UntrackedCoupons = { codes: 0, working: 0, dead: 0 },
): string {
  const all = [...coupons].sort((a, b) => b.dead - a.dead || b.codes - a.codes || a.id.localeCompare(b.id));
  if (all.length === 0)
    return `<section id="coupons"><h2>Per coupon</h2><p class="note">No code names a coupon.</p></section>`;
  const rows = all
    .slice(0, COUPON_ROWS)
    .map((c) => {
      const why = [...c.why.entries()]
        .sort((x, y) => y[1] - x[1])
        .map(
          ([code, n]) =>
            `<span class="chip" data-code="${code}" title="${h(reasonTooltip(code))}">${h(CATALOGUE[code].title)} ×${fmt(n)}</span>`,
        )
        .join(' ');
      return `<tr data-coupon="${h(c.id)}"><td>${link(dashboardUrl(dashboard, 'coupons', c.id), c.id)}${c.name ? `<div class="sub">${h(c.name)}</div>` : ''}</td><td class="num">${fmt(c.codes)}</td><td class="num ok">${fmt(c.working)}</td><td class="num bad">${fmt(c.dead)}</td><td>${why}</td></tr>`;
    })
    .join('');
  const more =
    all.length > COUPON_ROWS
      ? `<p class="note">And ${fmt(all.length - COUPON_ROWS)} more coupons, with fewer dead codes.</p>`
      : '';
  return `<section id="coupons"><h2>Per coupon</h2><p class="note">Each coupon's promotion codes: how many can be redeemed, how many cannot, and the blocking reasons of those.</p>
${untrackedNote(untracked)}
<table class="plain"><thead><tr><th>Coupon</th><th class="num">Codes</th><th class="num">Work</th><th class="num">Dead</th><th>Why dead</th></tr></thead><tbody>${rows}</tbody></table>${more}</section>`;
}
