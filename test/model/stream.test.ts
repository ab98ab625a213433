/**
 * JsonValueSplitter: any sequence of JSON values, fed in arbitrary pieces, comes out value by
 * value as soon as each one closes; malformed stretches come out with their position and the
 * stream goes on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { JsonValueSplitter, excerpt, type StreamItem } from '../../src/model/stream.js';
import { SEED } from '../helpers/arbitraries.js';

function split(text: string, pieces = 1): StreamItem[] {
  const s = new JsonValueSplitter();
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const out: StreamItem[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  return [...out, ...s.end()];
}

const values = (items: StreamItem[]) =>
  items.map((i) => (i.kind === 'value' ? i.value : { malformed: i.reason, at: [i.position.line, i.position.column] }));

describe('JsonValueSplitter', () => {
  const a = { id: 'promo_1', object: 'promotion_code', code: 'A{"}' };
  const b = { id: 'promo_2', nested: [{ x: '\\"' }, []] };

  it.each([1, 3, 17, 1000])('one pretty document, NDJSON and concatenated values, in %i pieces', (pieces) => {
    expect(values(split(JSON.stringify(a, null, 2), pieces))).toEqual([a]);
    expect(values(split(`${JSON.stringify(a)}\n${JSON.stringify(b)}\n`, pieces))).toEqual([a, b]);
    expect(values(split(`${JSON.stringify(a)}${JSON.stringify(b)}  ${JSON.stringify(a, null, 1)}`, pieces))).toEqual([
      a,
      b,
      a,
    ]);
  });

  it('hands a value out as soon as it closes, before the next one arrives', () => {
    const s = new JsonValueSplitter();
    expect(s.push('{"id": "promo_1"')).toEqual([]);
    expect(values(s.push('}\n{"id"'))).toEqual([{ id: 'promo_1' }]);
    expect(values(s.push(': 2}'))).toEqual([{ id: 2 }]);
    expect(s.end()).toEqual([]);
  });

  it('positions: the n-th value, its line and column', () => {
    const items = split('{"a":1}\n\n  {"b":2} {"c":3}\n');
    expect(items.map((i) => i.position)).toEqual([
      { index: 1, line: 1, column: 1 },
      { index: 2, line: 3, column: 3 },
      { index: 3, line: 3, column: 11 },
    ]);
  });

  it('a balanced but invalid value is reported and the stream goes on', () => {
    expect(values(split('{"a":1}\n{"a": tru}\n{"c":3}\n'))).toEqual([
      { a: 1 },
      { malformed: expect.stringMatching(/^is not JSON \(Unexpected token/), at: [2, 1] },
      { c: 3 },
    ]);
  });

  it('a line cut short does not swallow the next lines (NDJSON)', () => {
    expect(values(split('{"a":1}\n{"b": {"x": 1\n{"c":3}\n'))).toEqual([
      { a: 1 },
      { malformed: 'is not JSON (cut short: a new value starts before it closes)', at: [2, 1] },
      { c: 3 },
    ]);
  });

  it('a compact line cut short after a colon does not swallow the next line either', () => {
    expect(values(split('{"a": {"x":\n{"c":3}\n'))).toEqual([
      { malformed: 'is not JSON (cut short: a new value starts before it closes)', at: [1, 1] },
      { c: 3 },
    ]);
  });

  it('a pretty document with objects at the start of lines inside arrays is one value', () => {
    const text = '[\n{\n"a": 1\n},\n{\n"b":\n{"c": 2}\n}\n]';
    expect(values(split(text))).toEqual([[{ a: 1 }, { b: { c: 2 } }]]);
  });

  it('text between values is reported once per line and skipped', () => {
    expect(values(split('{"a":1}\nnot json at all\n{"c":3}'))).toEqual([
      { a: 1 },
      { malformed: 'is not JSON', at: [2, 1] },
      { c: 3 },
    ]);
  });

  it('input that ends inside a value', () => {
    expect(values(split('{"a":1}\n{"b": [1, 2'))).toEqual([
      { a: 1 },
      { malformed: 'is not JSON (it ends before the value closes)', at: [2, 1] },
    ]);
  });

  it('a value over the size limit is refused, not buffered', () => {
    const s = new JsonValueSplitter({ source: 'standard input', maxValueLength: 100 });
    expect(() => s.push(`{"a": "${'x'.repeat(200)}"}`)).toThrow(InputError);
  });

  it('excerpts quote at most 60 characters, escaped', () => {
    expect(excerpt('a\u0000b\nc')).toBe('"a\\u0000b\\nc"');
    expect(excerpt('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
    const [item] = split(`{"k": ${'9'.repeat(200)}x}`);
    expect(item?.kind === 'malformed' && (JSON.parse(item.excerpt) as string).length).toBeLessThanOrEqual(61);
  });

  it('any sequence of objects and arrays, pretty or compact, cut anywhere, comes out value by value', () => {
    const value = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })),
      fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }),
    );
    const written = fc.record({
      value,
      indent: fc.constantFrom(0, 1, 2),
      gap: fc.constantFrom('', '\n', ' ', '\r\n', '\n\n'),
    });
    fc.assert(
      fc.property(
        fc.array(written, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (values, cuts) => {
          // Two compact values written back to back without a gap stay apart: { and [ always open a new one.
          const text = values.map((v) => JSON.stringify(v.value, null, v.indent) + v.gap).join('');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const s = new JsonValueSplitter();
          const out: StreamItem[] = [];
          let from = 0;
          for (const point of [...points, text.length]) {
            out.push(...s.push(text.slice(from, point)));
            from = point;
          }
          out.push(...s.end());
          expect(out.map((i) => (i.kind === 'value' ? i.value : i))).toEqual(
            values.map((v) => JSON.parse(JSON.stringify(v.value)) as unknown),
          );
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
