/**
 * The one-way imports of docs/architecture.md, "Layers and imports", for the layers a library
 * user loads: the pure core, the use cases and the library entries. A use case that reached
 * back into src/cli would drag commander and the flags' wording into the library.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';

const SRC = join(REPO_ROOT, 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every import of a file, with whether it is erased at build time (`import type`). */
function importsOf(file: string): Array<{ specifier: string; typeOnly: boolean }> {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm)].map(
    (m) => ({ specifier: (m[2] ?? m[3])!, typeOnly: m[1] !== undefined }),
  );
}

const RULES: Array<{ layer: string; files: string[]; forbidden: RegExp; typesAllowed?: RegExp }> = [
  {
    layer: 'src/format',
    files: filesUnder(join(SRC, 'format')),
    forbidden: /^(\.\.\/(cli|stripe|usecases|model|rules|render)\/|stripe$|commander$)/,
  },
  {
    layer: 'src/model',
    files: filesUnder(join(SRC, 'model')),
    forbidden: /^(\.\.\/(cli|stripe|usecases|rules|render)\/|stripe$|commander$)/,
  },
  {
    layer: 'src/rules',
    files: filesUnder(join(SRC, 'rules')),
    forbidden: /^(\.\.\/(cli|stripe|usecases|render)\/|stripe$|commander$)/,
  },
  {
    layer: 'src/usecases',
    files: filesUnder(join(SRC, 'usecases')),
    forbidden: /^(\.\.\/cli\/|\.\.\/render\/|stripe$|commander$|chalk$|cli-table3$)/,
  },
  {
    layer: 'the library entries',
    files: [join(SRC, 'index.ts'), join(SRC, 'live.ts')],
    forbidden: /^(\.\/cli\/|stripe$|commander$|chalk$|cli-table3$)/,
  },
];

describe('layers', () => {
  it.each(RULES.map((r) => [r.layer, r] as const))('%s imports only what sits below it', (_layer, rule) => {
    expect(rule.files.length).toBeGreaterThan(0);
    const wrong = rule.files.flatMap((file) =>
      importsOf(file)
        .filter((i) => rule.forbidden.test(i.specifier))
        .map((i) => `${relative(REPO_ROOT, file)}: ${i.specifier}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the use cases and the library entries never touch the process', () => {
    const files = [...filesUnder(join(SRC, 'usecases')), join(SRC, 'index.ts'), join(SRC, 'live.ts')];
    expect(
      files.filter((file) => /\bprocess\./.test(readFileSync(file, 'utf8'))).map((f) => relative(REPO_ROOT, f)),
    ).toEqual([]);
  });
});
