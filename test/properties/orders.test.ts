/**
 * The real-shaped Checkout Sessions, invoices, invoice preview and subscription of
 * test/fixtures/explain/orders, each mutated 1 to 4 times (fields of the wrong type, removed,
 * null, nested in garbage), into `explain` in process: a schema-valid document, or a
 * InputError with one sentence; never another exception.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/usecases/explain.js';
import { InputError } from '../../src/errors.js';
import { parseStripeText } from '../../src/model/input.js';
import { diagnosisDocument } from '../../src/render/json.js';
import { renderHuman } from '../../src/render/human.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { createPalette } from '../../src/render/palette.js';
import { bareContext } from '../../src/rules/context.js';
import { SEED, applyMutations, mutation, wildGarbage } from '../helpers/arbitraries.js';
import { FIXTURES } from '../helpers/cli.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';

const DIR = `${FIXTURES}explain/orders/`;
const orders = readdirSync(DIR).map((name) => JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as unknown);
const plain = createPalette(false);

describe('mutated orders into explain', () => {
  it('a schema-valid document, or one clear sentence of bad input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...orders),
        fc.array(mutation(wildGarbage), { minLength: 1, maxLength: 4 }),
        (order, mutations) => {
          const text = JSON.stringify(applyMutations(order, mutations));
          let parsed: ReturnType<typeof parseStripeText>;
          try {
            parsed = parseStripeText(text, 'input');
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
            expect((error as Error).message).toMatch(/^[^\n]+[.!?)]$/);
            return;
          }
          const ctx = bareContext(Date.UTC(2026, 2, 3) / 1000);
          for (const item of parsed.items) {
            const d = diagnose(item, ctx);
            assertDiagnosisDocument(JSON.parse(JSON.stringify(diagnosisDocument(d, ctx))));
            for (const rendered of [
              renderHuman(d, ctx, plain, { offline: true, width: 80, verbose: true }),
              renderMarkdown(d, ctx, { offline: true }),
            ]) {
              expect(rendered).not.toMatch(/undefined|\[object |NaN/);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });
});
