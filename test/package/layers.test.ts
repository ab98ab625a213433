/**
 * The one-way imports of docs/architecture.md, "Layers and imports", for the layers a library
 * user loads: the pure core, the use cases and the library entries. A use case that reached
 * back into src/cli would drag commander and the flags' wording into the library. Also: no
 * import cycle anywhere in src/ (type imports count: a cycle of types is still two files that
 * cannot be understood apart), no layer below src/cli throws the CLI's UsageError, and the
 * rules import no model function that speaks the command line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

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
    layer: 'src/stripe',
    files: filesUnder(join(SRC, 'stripe')),
    forbidden: /^(\.\.\/(cli|usecases|rules|render)\/|commander$|chalk$|cli-table3$)/,
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

  it('no import cycle in src/', () => {
    const cycles = importCycles(filesUnder(SRC)).map((cycle) => cycle.map((f) => relative(SRC, f)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('the cycle check finds a cycle (positive control)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(importCycles([...graph.keys()], (f) => graph.get(f) ?? [])).toEqual([['a', 'b', 'c']]);
  });

  it("only src/cli throws the CLI's UsageError: the other layers throw their own errors", () => {
    const outside = filesUnder(SRC).filter((f) => !f.startsWith(join(SRC, 'cli')) && f !== join(SRC, 'errors.ts'));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((f) => /\bUsageError\b/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f))).toEqual(
      [],
    );
  });

  it('src/rules and src/render use only the types of src/model', () => {
    const files = [...filesUnder(join(SRC, 'rules')), ...filesUnder(join(SRC, 'render'))];
    const wrong = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^(import|export)\s+(type\s+)?([^;]*?)from\s+'([^']+)'/gms)]
        .filter(([, , typeOnly, names, specifier]) => {
          if (typeOnly || !/(^|\/)model\//.test(specifier!)) return false;
          // `import { type A, type B } from …` is erased too.
          const list = /^\{([^}]*)\}\s*$/.exec(names!.trim())?.[1];
          return list === undefined || list.split(',').some((n) => n.trim() !== '' && !n.trim().startsWith('type '));
        })
        .map(([, , , , specifier]) => `${relative(SRC, file)}: ${specifier}`),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it('the rules import no model function that speaks the command line', () => {
    const speaking = cliSpeakingModelFunctions();
    // Positive control: the model does build a command line (the failed request's check_command).
    expect(speaking.map((s) => s.name)).toContain('checkCommandFor');
    const wrong = filesUnder(join(SRC, 'rules')).flatMap((file) => {
      const code = readFileSync(file, 'utf8');
      return speaking
        .filter((s) =>
          [...code.matchAll(/^import\s+(?!type\s)\{([^}]*)\}\s+from\s+'([^']+)'/gm)].some(
            (m) =>
              resolve(dirname(file), m[2]!.replace(/\.js$/, '.ts')) === s.file &&
              m[1]!.split(',').some((name) => name.trim() === s.name),
          ),
        )
        .map((s) => `${relative(SRC, file)}: ${s.name}`);
    });
    expect(wrong).toEqual([]);
  });
});

/** The relative imports of a file (type imports too), as absolute paths of .ts files. */
function localImports(file: string): string[] {
  return importsOf(file)
    .filter((i) => i.specifier.startsWith('.'))
    .map((i) => resolve(dirname(file), i.specifier.replace(/\.js$/, '.ts')));
}

/** Every strongly connected group of more than one file (Tarjan), each sorted, in a stable order. */
function importCycles(files: readonly string[], edges: (file: string) => string[] = localImports): string[][] {
  const known = new Set(files);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v).filter((f) => known.has(f))) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/**
 * The exported functions of src/model whose body writes a command line: the program's name or a
 * flag ('--customer') as a string literal.
 */
function cliSpeakingModelFunctions(): Array<{ file: string; name: string }> {
  return filesUnder(join(SRC, 'model')).flatMap((file) => {
    const code = readFileSync(file, 'utf8');
    const starts = [...code.matchAll(/^export (?:async )?function (\w+)/gm)];
    return starts
      .map((m, i) => ({ name: m[1]!, body: code.slice(m.index, starts[i + 1]?.index ?? code.length) }))
      .filter(({ body }) => /'promo-doctor'|'--[a-z]/.test(body))
      .map(({ name }) => ({ file, name }));
  });
}
