/**
 * The pieces of the answer-first layout, one by one: wrapping (src/format/wrap.ts), input
 * quoted in errors (src/format/text.ts), the colour decision (src/render/palette.ts), the
 * output width (src/cli/terminal.ts), money in every currency and counts that agree in
 * number (src/render/describe.ts, src/render/answer.ts), and Markdown escaping.
 */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { outputWidth } from '../../src/cli/terminal.js';
import { quoteInput } from '../../src/format/text.js';
import { displayWidth } from '../../src/format/width.js';
import { wrap } from '../../src/format/wrap.js';
import { countsText } from '../../src/render/answer.js';
import { couponAmount } from '../../src/render/describe.js';
import { escapeMarkdown } from '../../src/render/markdown.js';
import { colourAllowed, createPalette } from '../../src/render/palette.js';
import { diagnoseCoupon } from '../../src/rules/diagnose.js';
import { renderHuman } from '../../src/render/human.js';
import { coupon, ctx } from '../helpers/model.js';

describe('wrap: a hanging indent, never inside a word or an id', () => {
  const text = 'The promotion code promo_1MiM6KLkdIwHu7ixrIaX4wgn was redeemed 5 of 5 allowed times.';

  it('breaks between words only, and indents the lines that go on', () => {
    const lines = wrap(text, 40, '✗ ', '  ');
    expect(lines).toEqual([
      '✗ The promotion code',
      '  promo_1MiM6KLkdIwHu7ixrIaX4wgn was',
      '  redeemed 5 of 5 allowed times.',
    ]);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(
      lines
        .map((l) => l.trim())
        .join(' ')
        .replace('✗ ', ''),
    ).toBe(text);
  });

  it('a word longer than the line stays whole, on a line of its own', () => {
    expect(wrap(`see ${'x'.repeat(50)} here`, 20, '', '  ')).toEqual(['see', `  ${'x'.repeat(50)}`, '  here']);
  });

  it('width null: one line', () => {
    expect(wrap(text, null, '> ')).toEqual([`> ${text}`]);
  });

  it('colour codes do not count towards the width', () => {
    const red = createPalette(true).red('word');
    expect(displayWidth(red)).toBe(4);
    expect(wrap(`${red} ${red} ${red}`, 14)).toHaveLength(1);
  });
});

describe('display width: terminal columns, not characters', () => {
  it('counts two columns for a CJK character or an emoji, none for a combining mark or a colour code', () => {
    expect(displayWidth('SUMMER20')).toBe(8);
    expect(displayWidth('夏のセール')).toBe(10);
    expect(displayWidth('🎉')).toBe(2);
    expect(displayWidth('👩‍💻')).toBe(2);
    expect(displayWidth('cafe\u0301')).toBe(4);
    expect(displayWidth(createPalette(true).red('割引'))).toBe(4);
  });

  it('wraps CJK and emoji words by columns: no line is wider than the terminal', () => {
    const text = '夏のセール 二十パーセント 割引 🎉🎉 新規のお客様 限定';
    const lines = wrap(text, 16, '✗ ', '  ');
    expect(lines).toEqual(['✗ 夏のセール', '  二十パーセント', '  割引 🎉🎉', '  新規のお客様', '  限定']);
    // Measured by string-width itself, not by the function under test.
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(16);
  });

  it.each([
    ['CJK', '夏のセール 二十パーセント割引 新規のお客様 限定 クーポン'],
    ['emoji', 'Summer 🎉🎉🎉 sale 🏖️ twenty 🔥 percent 👩‍💻 off for 🎁 new 🎁 customers'],
  ])('a coupon named in %s: every line of the human answer fits 40 columns', (_kind, name) => {
    const c = coupon({ id: 'SUMMER', name, valid: false, max_redemptions: 5, times_redeemed: 5 });
    const text = renderHuman(diagnoseCoupon(c, ctx()), ctx(), createPalette(false), {
      width: 40,
      verbose: false,
      offline: true,
    });
    expect(text).toContain(name.split(' ')[0]);
    const wide = text.split('\n').filter((line) => stringWidth(line) > 40 && / /.test(line.trim()));
    expect(wide).toEqual([]);
  });
});

describe('quoteInput: at most 60 characters, escaped', () => {
  it('cuts with an ellipsis', () => expect(quoteInput('A'.repeat(5000))).toBe(`"${'A'.repeat(60)}…"`));
  it('escapes control characters, quotes and replacement characters', () => {
    expect(quoteInput('a\u001b[2J"\\\ufffd\n')).toBe('"a\\x1b[2J\\"\\\\\\ufffd\\x0a"');
  });
});

describe('colour, decided once', () => {
  const tty = (env: Record<string, string | undefined>, flag = true) => colourAllowed({ flag, env, isTTY: true });
  const pipe = (env: Record<string, string | undefined>, flag = true) => colourAllowed({ flag, env, isTTY: false });

  it('a terminal gets colour, a pipe none', () => {
    expect(tty({})).toBe(true);
    expect(pipe({})).toBe(false);
  });
  it('FORCE_COLOR and CLICOLOR_FORCE force it into a pipe', () => {
    expect(pipe({ FORCE_COLOR: '1' })).toBe(true);
    expect(pipe({ FORCE_COLOR: '' })).toBe(true);
    expect(pipe({ CLICOLOR_FORCE: '1' })).toBe(true);
  });
  it('--no-color, NO_COLOR, CLICOLOR=0 and FORCE_COLOR=0 turn it off', () => {
    expect(tty({}, false)).toBe(false);
    expect(pipe({ FORCE_COLOR: '1' }, false)).toBe(false);
    expect(tty({ NO_COLOR: '1' })).toBe(false);
    expect(pipe({ NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(tty({ CLICOLOR: '0' })).toBe(false);
    expect(tty({ FORCE_COLOR: '0' })).toBe(false);
    expect(tty({ CLICOLOR_FORCE: '0' })).toBe(true);
  });
  it('an empty NO_COLOR is no request (https://no-color.org)', () => expect(tty({ NO_COLOR: '' })).toBe(true));
});

describe('outputWidth', () => {
  it('a terminal: its columns (at least 40; 80 when it does not say)', () => {
    expect(outputWidth({ isTTY: true, columns: 132 }, {})).toBe(132);
    expect(outputWidth({ isTTY: true, columns: 20 }, {})).toBe(40);
    expect(outputWidth({ isTTY: true }, {})).toBe(80);
  });
  it('not a terminal: no wrapping, unless COLUMNS asks for a width', () => {
    expect(outputWidth({ isTTY: false }, {})).toBeNull();
    expect(outputWidth({}, { COLUMNS: '100' })).toBe(100);
    expect(outputWidth({}, { COLUMNS: 'wide' })).toBeNull();
  });
});

describe("people's units", () => {
  it('a fixed amount off in every currency the coupon has', () => {
    const c = coupon({
      percent_off: null,
      amount_off: 1000,
      currency: 'usd',
      currency_options: { cad: { amount_off: 1300 }, eur: { amount_off: 900 } },
    });
    expect(couponAmount(c)).toBe('$10.00 off in USD, CA$13.00 in CAD, €9.00 in EUR');
    expect(couponAmount(coupon({ percent_off: null, amount_off: 1000, currency: 'usd', currency_options: null }))).toBe(
      '$10.00 off',
    );
  });

  it('counts agree in number', () => {
    expect(countsText([{ severity: 'warning' }, { severity: 'warning' }])).toBe('2 warnings');
    expect(
      countsText([{ severity: 'blocking' }, { severity: 'conditional' }, { severity: 'info' }, { severity: 'info' }]),
    ).toBe('1 blocking reason, 1 condition, 2 notes');
    expect(countsText([])).toBe('no findings');
  });
});

describe('escapeMarkdown', () => {
  it('Stripe text does not turn into markup; ids with underscores stay readable', () => {
    expect(escapeMarkdown('Jane <jane@example.com> | *VIP* promo_1 _x')).toBe(
      'Jane \\<jane@example.com\\> \\| \\*VIP\\* promo_1 \\_x',
    );
  });
});
