/**
 * Writing diagnoses: human text, one JSON document, or NDJSON (one document per line).
 */
import type { RedemptionContext } from '../rules/context.js';
import type { Diagnosis } from '../rules/diagnose.js';
import { renderDiagnosis } from '../render/human.js';
import { renderJson, renderNdjsonLine } from '../render/json.js';
import type { Palette } from '../render/palette.js';
import { write, type Streams } from './io.js';

export interface OutputOptions {
  readonly json: boolean;
  /** Several diagnoses from one list: NDJSON with --json. */
  readonly many: boolean;
}

export function renderDiagnoses(diagnoses: readonly Diagnosis[], ctx: RedemptionContext, options: OutputOptions, palette: Palette): string {
  if (options.json) return options.many ? diagnoses.map((d) => renderNdjsonLine(d, ctx)).join('') : renderJson(diagnoses[0]!, ctx);
  if (diagnoses.length === 0) return 'Nothing to diagnose: the list is empty.\n';
  return diagnoses.map((d) => renderDiagnosis(d, palette)).join('\n');
}

export function writeDiagnoses(diagnoses: readonly Diagnosis[], ctx: RedemptionContext, options: OutputOptions, io: Streams, palette: Palette): Promise<void> {
  return write(io.stdout, renderDiagnoses(diagnoses, ctx, options, palette));
}
