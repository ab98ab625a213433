/**
 * `audit --format html`: one self-contained page, written while the audit streams.
 *
 * `open()` is the page's head and the start of the rows' data; `add()` turns each diagnosis
 * into its row's JSON at once (so the caller writes it out and nothing of the code is kept)
 * and feeds the aggregate; `close()` ends the data and draws every chart from the aggregate.
 * Memory is the aggregate: flat in the number of codes, as for NDJSON (at most
 * COUPONS_TRACKED coupons are summarised one by one, see ./aggregate.ts).
 */
import { createHash } from 'node:crypto';
import { CATALOGUE, REASON_CODES } from '../../rules/catalogue.js';
import type { Diagnosis } from '../../rules/diagnose.js';
import { isoTime } from '../../format/time.js';
import { dashboardBase } from '../dashboardLink.js';
import { ReportAggregate } from './aggregate.js';
import { REPORT_CSS, REPORT_SCRIPT } from './assets.js';
import { escapeHtml as h } from './escape.js';
import { reportRow, scriptSafeJson, VERDICT_ORDER } from './rows.js';
import {
  capSection,
  couponSection,
  legendSection,
  reasonSection,
  timelineSection,
  verdictSection,
} from './sections.js';

export interface ReportOptions {
  /** The evaluation time, unix seconds: the timeline's "now". */
  readonly at: number;
  /** When the report was made, unix seconds. */
  readonly generatedAt: number;
  /** Whether the key was a live-mode key: Dashboard links go to /test/ otherwise. */
  readonly livemode: boolean;
  /** What was audited, in words (the filters), for the header. */
  readonly scope?: string;
}

export interface ReportEnd {
  /** Set when the audit stopped before the last page: the report says so. */
  readonly incomplete?: string;
}

/** The shape every streaming output of the audit has: text out for each step, nothing kept but aggregates. */
export interface DiagnosisSink {
  open(): string;
  add(d: Diagnosis): string;
  close(end?: ReportEnd): string;
}

/** The CSP source that allows exactly this inline element's text (CSP 3, "hash-source"). */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * No network at all: styles and the script are inline, images only data: URLs
 * (https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy).
 * No 'unsafe-inline': the one script and the one style element are allowed by their hashes
 * (https://www.w3.org/TR/CSP3/#grammardef-hash-source), so markup injected into the page
 * could run no script of its own even if an escape were missed. The JSON data blocks
 * (`type="application/json"`) are not scripts and need no source.
 */
export const CSP = `default-src 'none'; style-src ${hashSource(REPORT_CSS)}; script-src ${hashSource(REPORT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

export { dashboardBase };

export function createReportSink(options: ReportOptions): DiagnosisSink {
  const aggregate = new ReportAggregate(options.at);
  const dashboard = dashboardBase(options.livemode);
  let rows = 0;
  return {
    open() {
      return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>promo-doctor audit ${h(isoTime(options.generatedAt).slice(0, 10))}</title>
<style>${REPORT_CSS}</style></head>
<body>
<header><h1>Promotion code audit</h1><p>${options.livemode ? 'Live' : 'Test'} mode · evaluated at ${h(isoTime(options.at))} · made by promo-doctor at ${h(isoTime(options.generatedAt))}${options.scope ? ` · ${h(options.scope)}` : ''}</p></header>
<script type="application/json" id="pd-rows">[`;
    },
    add(d) {
      aggregate.add(d);
      const row = reportRow(d);
      if (row === null) return '';
      return `${rows++ === 0 ? '\n' : ',\n'}${scriptSafeJson(row)}`;
    },
    close(end = {}) {
      const meta = {
        dashboard,
        verdicts: VERDICT_ORDER,
        reasons: REASON_CODES.map((code) => ({
          code,
          title: CATALOGUE[code].title,
          severity: CATALOGUE[code].severity,
          cause: CATALOGUE[code].cause,
          fix: CATALOGUE[code].fix,
        })),
        scanned: aggregate.scanned,
        rows,
      };
      const incomplete = end.incomplete ? `<p class="warn">${h(end.incomplete)}</p>` : '';
      return `\n]</script>
<main>${incomplete}
${verdictSection(aggregate)}
${reasonSection(aggregate)}
${legendSection(aggregate)}
${timelineSection(aggregate)}
${capSection(aggregate.closestToCap(), { codes: aggregate.codesAtCap, coupons: aggregate.couponsAtCap() }, dashboard)}
${couponSection(aggregate.coupons.values(), dashboard, aggregate.untracked)}
<section id="table"><h2>Codes with findings</h2><p class="note">Every code with at least one finding; each links to the Dashboard. Click a heading to sort.</p>
<div class="controls"><input id="pd-search" type="search" placeholder="Search code, id or coupon" aria-label="search" disabled>
<select id="pd-reason" aria-label="filter by reason" disabled><option value="">every reason</option></select>
<button id="pd-prev" type="button" disabled>Previous</button><button id="pd-next" type="button" disabled>Next</button><span id="pd-status" class="note">Loading ${rows.toLocaleString('en-US')} rows…</span></div>
<table id="codes"><thead><tr><th data-sort="code">Code</th><th data-sort="verdict">Verdict</th><th>Reasons</th><th data-sort="coupon">Coupon</th><th data-sort="redeemed" class="num">Redeemed</th><th data-sort="expires">Expires (UTC)</th></tr></thead><tbody></tbody></table></section>
</main>
<footer>Made by promo-doctor. Reason codes: <code>promo-doctor reasons &lt;code&gt;</code> explains each, with its fix.</footer>
<script type="application/json" id="pd-meta">${scriptSafeJson(meta)}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
    },
  };
}
