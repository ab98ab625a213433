/**
 * `npm run docs`: writes the generated pages of docs/ (today docs/reasons.md) from the code.
 * test/docs/generated.test.ts fails when a page on disk differs from what this would write.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The page renderers, from the source, bundled in memory (Node cannot import TypeScript). */
async function loadRenderers() {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [join(ROOT, 'src/render/reasonsPage.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'error',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const { renderReasonsPage } = await loadRenderers();
writeFileSync(join(ROOT, 'docs', 'reasons.md'), renderReasonsPage());
console.log('wrote docs/reasons.md');
