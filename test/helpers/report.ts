/**
 * Reading an `audit --format html` report without a browser: its embedded data and the
 * data attributes its charts carry. Regular expressions over the page, which the report
 * writes in one known shape; the browser test reads the drawn page instead.
 */
export interface ReportMeta {
  dashboard: string;
  verdicts: string[];
  reasons: { code: string; title: string; severity: string; cause: string; fix: string }[];
  scanned: number;
  rows: number;
}

export interface ReportRowRead {
  id: string;
  code: string;
  verdict: string;
  reasons: string[];
  coupon: string | null;
}

export interface ParsedReport {
  meta: ReportMeta;
  rows: ReportRowRead[];
  verdictCounts: Record<string, number>;
  /** Reason code -> count, from each bar's data-count. */
  reasonBars: Record<string, number>;
  weeks: { week: number; codes: number; coupons: number }[];
  /** Ids in the "closest to the cap" table, in order. */
  capIds: string[];
}

function scriptData(html: string, id: string): unknown {
  const match = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(html);
  if (!match) throw new Error(`no <script id="${id}"> in the report`);
  return JSON.parse(match[1]!);
}

export function readReport(html: string): ParsedReport {
  const meta = scriptData(html, 'pd-meta') as ReportMeta;
  const raw = scriptData(html, 'pd-rows') as [string, string, number, number[], string | null][];
  const rows = raw.map(([id, code, verdict, reasons, coupon]) => ({
    id,
    code,
    verdict: meta.verdicts[verdict]!,
    reasons: reasons.map((i) => meta.reasons[i]!.code),
    coupon,
  }));
  const verdictCounts = Object.fromEntries(
    [...html.matchAll(/<div class="tile v-\w+" data-verdict="(\w+)" data-count="(\d+)">/g)].map((m) => [
      m[1]!,
      Number(m[2]),
    ]),
  );
  const reasonBars = Object.fromEntries(
    [...html.matchAll(/<g class="reason-bar" data-code="(\w+)" data-count="(\d+)"/g)].map((m) => [m[1]!, Number(m[2])]),
  );
  const weeks = [
    ...html.matchAll(/<g class="week[^"]*" data-week="(-?\d+)" data-codes="(\d+)" data-coupons="(\d+)">/g),
  ].map((m) => ({ week: Number(m[1]), codes: Number(m[2]), coupons: Number(m[3]) }));
  const caps = /<section id="caps">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  const capIds = [...caps.matchAll(/<tr data-id="([^"]+)">/g)].map((m) => m[1]!);
  return { meta, rows, verdictCounts, reasonBars, weeks, capIds };
}
