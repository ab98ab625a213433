/**
 * The generated pages of docs/ are what `npm run docs` writes from the code: a reason code added
 * to the catalogue without regenerating the page fails here, before a reader meets the drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/rules/catalogue.js';
import { renderReasonsPage } from '../../src/render/reasonsPage.js';
import { REPO_ROOT } from '../helpers/cli.js';

describe('docs/reasons.md', () => {
  const onDisk = readFileSync(join(REPO_ROOT, 'docs', 'reasons.md'), 'utf8');

  it('is what npm run docs writes from the catalogue', () => {
    if (onDisk !== renderReasonsPage())
      throw new Error('docs/reasons.md is out of date with the catalogue: run npm run docs');
  });

  it('has a row and a section for every reason code', () => {
    for (const code of REASON_CODES) {
      expect(onDisk).toContain(`| [\`${code}\`](#${code}) |`);
      expect(onDisk).toContain(`### \`${code}\``);
    }
  });
});
