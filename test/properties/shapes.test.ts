/**
 * Property 6: shape independence (docs/architecture.md, API versions and normalisation). The same promotion code in the current shape
 * (`promotion: { type: 'coupon', coupon }`, API 2025-09-30 and later) and in the old one
 * (`coupon` at the top), and the same discount with `source.coupon` or `coupon`, normalise to
 * the same model (but for the promotion code's `shape` marker) and get the same diagnosis:
 * reasons, verdict, checks, rendered output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/usecases/explain.js';
import { normalizeDiagnosable } from '../../src/model/diagnosable.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import { diagnosisDocument } from '../../src/render/json.js';
import { renderHuman } from '../../src/render/human.js';
import { createPalette } from '../../src/render/palette.js';
import {
  SEED,
  rawCustomer,
  rawDiagnosable,
  rawDiscount,
  rawPromotionCode,
  redemptionContext,
  toLegacyShapes,
  toNewShapes,
  type Raw,
} from '../helpers/arbitraries.js';

const RUNS = { seed: SEED, numRuns: 300 };
const plain = createPalette(false);

/** The document with the `shape` markers removed: the one field that says which shape came in. */
function withoutShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutShape);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Raw)
      .filter(([k]) => k !== 'shape')
      .map(([k, v]) => [k, withoutShape(v)]),
  );
}

function both(raw: Raw, ctx: RedemptionContext): [Diagnosis, Diagnosis] {
  return [
    diagnose(normalizeDiagnosable(toNewShapes(raw)), ctx),
    diagnose(normalizeDiagnosable(toLegacyShapes(raw)), ctx),
  ];
}

function expectSameDiagnosis([current, legacy]: [Diagnosis, Diagnosis], ctx: RedemptionContext): void {
  expect(legacy.reasons).toEqual(current.reasons);
  expect(legacy.verdict).toBe(current.verdict);
  expect(legacy.checks).toEqual(current.checks);
  expect(withoutShape(diagnosisDocument(legacy, ctx))).toEqual(withoutShape(diagnosisDocument(current, ctx)));
  const options = { width: 80, verbose: true, offline: true };
  expect(renderHuman(legacy, ctx, plain, options)).toBe(renderHuman(current, ctx, plain, options));
}

describe('promotion.coupon and coupon give the same diagnosis', () => {
  it('promotion codes', () => {
    fc.assert(
      fc.property(rawPromotionCode, redemptionContext(), (raw, ctx) => {
        const pair = both(raw, ctx);
        expectSameDiagnosis(pair, ctx);
        // The marker says which shape came in.
        expect(pair.map((d) => d.promotion_code?.shape)).toEqual(['promotion', 'legacy_coupon']);
      }),
      RUNS,
    );
  });
});

describe('source.coupon and coupon give the same diagnosis', () => {
  it('discounts on their own', () => {
    fc.assert(
      fc.property(rawDiscount, redemptionContext(), (raw, ctx) => expectSameDiagnosis(both(raw, ctx), ctx)),
      RUNS,
    );
  });

  it('customers with a discount and subscriptions (with promotion codes expanded inside discounts)', () => {
    fc.assert(
      fc.property(rawCustomer, redemptionContext(), (raw, ctx) => expectSameDiagnosis(both(raw, ctx), ctx)),
      RUNS,
    );
  });

  it('anything, shapes mixed within one tree or not', () => {
    fc.assert(
      fc.property(rawDiagnosable, redemptionContext(), (raw, ctx) => {
        // The generated tree may mix shapes; each conversion makes it uniform.
        const mixed = diagnose(normalizeDiagnosable(raw), ctx);
        const [current] = both(raw, ctx);
        expect(mixed.reasons).toEqual(current.reasons);
        expect(mixed.verdict).toBe(current.verdict);
      }),
      RUNS,
    );
  });
});

describe('the shape conversions of the generators', () => {
  it('toLegacyShapes and toNewShapes undo each other on the coupon', () => {
    fc.assert(
      fc.property(rawDiagnosable, (raw) => {
        expect(toLegacyShapes(toNewShapes(raw))).toEqual(toLegacyShapes(raw));
        expect(JSON.stringify(toLegacyShapes(raw))).not.toMatch(/"(promotion|source)":\{"type":"coupon"/);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
