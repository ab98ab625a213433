/**
 * Writing diagnoses: human text, one JSON document, or NDJSON (one document per line).
 * Several diagnoses are written one at a time, so a long list never sits in memory as text.
 */
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import { renderDiagnosis } from '../render/human.js';
import { renderJson, renderNdjsonLine } from '../render/json.js';
import type { Palette } from '../render/palette.js';
import { write, type Streams } from './io.js';

interface OutputOptions {
  readonly json: boolean;
  /** Several diagnoses from one list: NDJSON with --json. */
  readonly many: boolean;
}

/** The text of the index-th diagnosis of a run. */
function renderOne(d: Diagnosis, index: number, ctx: RedemptionContext, options: OutputOptions, palette: Palette): string {
  if (options.json) return options.many ? renderNdjsonLine(d, ctx) : renderJson(d, ctx);
  return (index > 0 ? '\n' : '') + renderDiagnosis(d, palette);
}

export async function writeDiagnoses(diagnoses: Iterable<Diagnosis>, ctx: RedemptionContext, options: OutputOptions, io: Streams, palette: Palette): Promise<void> {
  let index = 0;
  for (const d of diagnoses) await write(io.stdout, renderOne(d, index++, ctx, options, palette));
  if (index === 0 && !options.json) await write(io.stdout, 'Nothing to diagnose: the list is empty.\n');
}

/** Every diagnosis as one string (for tests and small outputs). */
export function renderDiagnoses(diagnoses: readonly Diagnosis[], ctx: RedemptionContext, options: OutputOptions, palette: Palette): string {
  if (diagnoses.length === 0 && !options.json) return 'Nothing to diagnose: the list is empty.\n';
  return diagnoses.map((d, i) => renderOne(d, i, ctx, options, palette)).join('');
}
