/**
 * The wordings people paste (issue 20, item 9): every Stripe refusal message of the corpus in
 * test/fixtures/stripe-wordings/corpus.json, quoted verbatim by public sources, is read as the
 * reason codes listed next to it, and the share recognised is the one docs/reasons-sources.md
 * reports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseStripeError } from '../../src/rules/diagnose.js';
import { FIXTURES } from '../helpers/cli.js';
import { ctx } from '../helpers/model.js';

interface Wording {
  message: string;
  code: string | null;
  source: string;
  means: string[];
}

const CORPUS = JSON.parse(readFileSync(`${FIXTURES}stripe-wordings/corpus.json`, 'utf8')) as { wordings: Wording[] };

const read = (w: Wording) =>
  diagnoseStripeError(
    {
      kind: 'stripe_error',
      error: { message: w.message, type: 'invalid_request_error', code: w.code, param: null, request_log_url: null },
      request_id: 'req_corpus',
    },
    ctx(),
  ).reasons.map((f) => f.code);

describe('the corpus of pasted wordings', () => {
  it('has a source for every wording', () => {
    expect(CORPUS.wordings.length).toBeGreaterThanOrEqual(20);
    for (const w of CORPUS.wordings) expect(w.source.length, w.message).toBeGreaterThan(10);
  });

  it.each(CORPUS.wordings.map((w) => [w.message, w] as const))('%s', (_message, w) => {
    expect(read(w)).toEqual(w.means);
  });

  it('the share recognised is the one the docs report', () => {
    const recognised = CORPUS.wordings.filter((w) => !read(w).includes('stripe_refusal_unrecognised')).length;
    const share = `${recognised} of ${CORPUS.wordings.length}`;
    const docs = readFileSync(new URL('../../docs/reasons-sources.md', import.meta.url), 'utf8');
    expect(docs).toContain(`recognised: ${share}`);
  });
});
