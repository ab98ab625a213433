/**
 * Issue 18, defect 10 and the stream half of the fuzz suite: an NDJSON line cut inside a
 * string does not swallow the next line (a raw line break cannot be inside a JSON string, so
 * the break is where the damaged value ends), and any cut or garbage between values loses at
 * most the damaged value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonValueSplitter, type StreamItem } from '../../src/model/stream.js';
import { runCli } from '../helpers/cli.js';
import { SEED } from '../helpers/arbitraries.js';

function split(text: string, pieces: readonly number[] = []): StreamItem[] {
  const s = new JsonValueSplitter();
  const out: StreamItem[] = [];
  let from = 0;
  for (const point of [...pieces, text.length]) {
    out.push(...s.push(text.slice(from, point)));
    from = point;
  }
  return [...out, ...s.end()];
}

const valuesOf = (items: StreamItem[]): unknown[] => items.flatMap((i) => (i.kind === 'value' ? [i.value] : []));

describe('a line cut inside a string', () => {
  it('ends at the line break: the next line is the next value', () => {
    const text = '{"id":"promo_1","code":"SPRI\n{"id":"promo_2","code":"B"}\n{"id":"promo_3"}\n';
    const items = split(text);
    expect(valuesOf(items)).toEqual([{ id: 'promo_2', code: 'B' }, { id: 'promo_3' }]);
    expect(items[0]).toMatchObject({ kind: 'malformed', reason: expect.stringMatching(/line ends inside a string/) });
    expect(items[0]!.position).toMatchObject({ line: 1, column: 1 });
    expect(items[1]!.position).toMatchObject({ line: 2, column: 1 });
  });

  it('also after a backslash, and in pieces', () => {
    const text = '{"a":"x\\\n{"b":1}\n';
    for (const pieces of [[], [3], [7, 8, 9]]) expect(valuesOf(split(text, pieces))).toEqual([{ b: 1 }]);
  });

  it('explain - of such a stream diagnoses the codes after the cut line', async () => {
    const code = (id: string, text: string) =>
      JSON.stringify({
        id,
        object: 'promotion_code',
        active: true,
        code: text,
        created: 1767225600,
        customer: null,
        expires_at: null,
        livemode: false,
        max_redemptions: null,
        metadata: {},
        promotion: { type: 'coupon', coupon: 'C1' },
        restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
        times_redeemed: 0,
      });
    const first = code('promo_1', 'FIRST');
    const stdin = `${first.slice(0, first.indexOf('FIRST') + 3)}\n${code('promo_2', 'SECOND')}\n`;
    const r = await runCli(['explain', '-', '--json'], { stdin });
    expect(r.stderr).toMatch(/line ends inside a string/);
    expect(r.stdout).toContain('"promo_2"');
    expect(r.code).toBe(2);
  });
});

describe('fuzz: any cut or garbage between values loses at most the damaged value', () => {
  // NDJSON of objects, as `stripe listen` or `jq -c` write it.
  const object = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
  /** A damage to one line: cut short at some point, or a line of garbage inserted before it. */
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('garbage' as const),
      // Any text on one line, but a lone opening bracket, which may open a pretty document.
      text: fc
        .string({ maxLength: 30, unit: 'binary' })
        .map((t) => t.replace(/[\r\n]/g, ' '))
        .filter((t) => !/^\s*\[\s*$/.test(t)),
    }),
  );

  it('every undamaged line comes out as its value, in order, whatever the pieces', () => {
    fc.assert(
      fc.property(
        fc.array(object, { minLength: 1, maxLength: 6 }),
        fc.array(fc.option(damage, { freq: 2 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (objects, damages, cuts) => {
          const lines: string[] = [];
          const expected: unknown[] = [];
          objects.forEach((o, i) => {
            const line = JSON.stringify(o);
            const d = damages[i];
            if (d?.kind === 'garbage') {
              lines.push(d.text);
              lines.push(line);
              expected.push(JSON.parse(line));
            } else if (d?.kind === 'cut' && d.at % line.length !== 0) {
              lines.push(line.slice(0, d.at % line.length));
            } else {
              lines.push(line);
              expected.push(JSON.parse(line));
            }
          });
          const text = `${lines.join('\n')}\n`;
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const got = valuesOf(split(text, points));
          // A garbage line may itself be JSON (e.g. "{}" or "1"): it is then a value of its own.
          const isSubsequence = (() => {
            let j = 0;
            for (const value of got)
              if (j < expected.length && JSON.stringify(value) === JSON.stringify(expected[j])) j++;
            return j === expected.length;
          })();
          expect(isSubsequence, JSON.stringify({ text, got, expected })).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });
});
