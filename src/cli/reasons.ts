/**
 * `promo-doctor reasons [code]`: the catalogue of reason codes, with cause and fix.
 */
import { UsageError } from '../errors.js';
import { CATALOGUE, REASON_CODES } from '../rules/catalogue.js';
import type { ReasonCode } from '../rules/findings.js';
import {
  renderCatalogueEntry,
  renderCatalogueJson,
  renderCatalogueTable,
  renderStripeErrorCode,
} from '../render/reasons.js';
import { reasonsForStripeErrorCode } from '../rules/sources.js';
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
  // Stripe's own error codes (coupon_expired, resource_missing, …) are looked up too.
  const stripeMeaning = code !== undefined && !isReasonCode(code) ? reasonsForStripeErrorCode(code) : [];
  if (code !== undefined && stripeMeaning.length > 0) {
    await write(
      io.stdout,
      flags.json ? renderCatalogueJson(stripeMeaning) : renderStripeErrorCode(code, stripeMeaning, palette),
    );
    return 0;
  }
  if (code !== undefined && !isReasonCode(code)) {
    const near = REASON_CODES.filter((c) => c.includes(code) || code.includes(c.split('_')[0]!)).slice(0, 3);
    throw new UsageError(
      `"${code}" is neither a reason code nor a Stripe error code promo-doctor knows${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; run promo-doctor reasons for the list.`,
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
