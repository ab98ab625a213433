/**
 * Where the audit's diagnoses go, one sink per format. NDJSON and CSV write each page as it
 * arrives, in the order pages are read (with parallel windows that is not newest first);
 * the table keeps one short row per code with findings and prints them sorted at the end,
 * or at an interruption, what it has.
 */
import type { Writable } from 'node:stream';
import { auditRow, csvHeader, csvLine, renderAuditTable, type AuditRow } from '../render/audit.js';
import { renderNdjsonLine } from '../render/json.js';
import { createReportSink, type ReportOptions } from '../render/report/sink.js';
import type { Palette } from '../render/palette.js';
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import { write } from './io.js';

export type AuditFormat = 'table' | 'json' | 'csv' | 'html';

export interface AuditSink {
  /** Before the first page. */
  start(): Promise<void>;
  /** One page, written whole (every line complete) before the promise resolves. */
  page(diagnoses: readonly Diagnosis[]): Promise<void>;
  /** After the last page (`complete`), or when the audit stops early. */
  finish(complete: boolean): Promise<void>;
}

/** `report` describes the audit for the HTML report's header and links; other formats ignore it. */
export function sinkFor(
  format: AuditFormat,
  stdout: Writable,
  ctx: RedemptionContext,
  palette: Palette,
  report: ReportOptions,
): AuditSink {
  switch (format) {
    case 'html':
      return htmlSink(stdout, report);
    case 'json':
      return linesSink(stdout, (d) => renderNdjsonLine(d, ctx), null);
    case 'csv':
      return linesSink(stdout, csvLine, csvHeader());
    case 'table':
      return tableSink(stdout, palette);
  }
}

function linesSink(stdout: Writable, line: (d: Diagnosis) => string, header: string | null): AuditSink {
  return {
    start: () => (header === null ? Promise.resolve() : write(stdout, header)),
    page: (diagnoses) => (diagnoses.length === 0 ? Promise.resolve() : write(stdout, diagnoses.map(line).join(''))),
    finish: () => Promise.resolve(),
  };
}

function tableSink(stdout: Writable, palette: Palette): AuditSink {
  const rows: AuditRow[] = [];
  let scanned = 0;
  return {
    start: () => Promise.resolve(),
    page: async (diagnoses) => {
      scanned += diagnoses.length;
      for (const d of diagnoses) {
        const row = auditRow(d);
        if (row) rows.push(row);
      }
    },
    // Stopped before any finding: "No promotion code has a finding" would claim too much.
    finish: (complete) =>
      complete || rows.length > 0 ? write(stdout, renderAuditTable(rows, palette, scanned)) : Promise.resolve(),
  };
}

/**
 * The HTML report (src/render/report/sink.ts): each page's rows are written as the page
 * arrives and only aggregates are kept, so memory stays flat as for NDJSON; the charts are
 * written at the end. A stopped audit still closes the page, saying it is incomplete.
 */
function htmlSink(stdout: Writable, options: ReportOptions): AuditSink {
  const report = createReportSink(options);
  return {
    start: () => write(stdout, report.open()),
    page: async (diagnoses) => {
      const rows = diagnoses.map((d) => report.add(d)).join('');
      if (rows !== '') await write(stdout, rows);
    },
    finish: (complete) =>
      write(
        stdout,
        report.close(
          complete
            ? {}
            : {
                incomplete:
                  'This audit stopped before it read every page: it shows the codes read until then. Resume it with the token it printed, and the same flags.',
              },
        ),
      ),
  };
}
