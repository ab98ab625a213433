/**
 * `promo-doctor reasons [code]`: the catalogue of reason codes, with cause and fix.
 */
import { UsageError } from '../errors.js';
import { CATALOGUE, REASON_CODES } from '../rules/catalogue.js';
import type { ReasonCode } from '../rules/findings.js';
import { renderCatalogueEntry, renderCatalogueJson, renderCatalogueTable } from '../render/reasons.js';
import type { Palette } from '../render/palette.js';
import { write, type Streams } from './io.js';

function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(CATALOGUE, code);
}

export async function runReasons(
  code: string | undefined,
  flags: { json?: boolean },
  io: Streams,
  palette: Palette,
): Promise<number> {
  if (code !== undefined && !isReasonCode(code)) {
    const near = REASON_CODES.filter((c) => c.includes(code) || code.includes(c.split('_')[0]!)).slice(0, 3);
    throw new UsageError(
      `"${code}" is not a reason code${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; run promo-doctor reasons for the list.`,
    );
  }
  const out = flags.json
    ? renderCatalogueJson(code)
    : code === undefined
      ? renderCatalogueTable(palette)
      : renderCatalogueEntry(code, palette);
  await write(io.stdout, out);
  return 0;
}
