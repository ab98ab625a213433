/**
 * The README stays short, and every relative link of the README and docs/ opens: the file
 * exists and, for `#anchor`, a heading of that page has that slug (as GitHub makes them).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const PAGES = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((file) => join('docs', file))].filter((f) =>
  f.endsWith('.md'),
);

const read = (page: string): string => readFileSync(join(REPO_ROOT, page), 'utf8');

/** GitHub's heading slug: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a page: its headings outside code blocks. */
function anchors(page: string): Set<string> {
  const text = read(page).replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('the README and docs/', () => {
  it('keep the README within 400 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(400);
  });

  it.each(PAGES)('%s: every relative link opens', (page) => {
    const text = read(page).replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:)/.test(target!)) continue;
      const [path, anchor] = target!.split('#');
      const file = path === '' ? page : normalize(join(dirname(page), path!));
      expect(existsSync(join(REPO_ROOT, file)), `${page} links to ${target}`).toBe(true);
      if (anchor !== undefined && file.endsWith('.md'))
        expect(anchors(file).has(anchor), `${page} links to ${target}`).toBe(true);
    }
  });
});
