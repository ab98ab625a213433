/**
 * Build the CLI as one ESM bundle with split chunks (dist/entry.js + dist/chunks/).
 *
 * Why a bundle: measured side by side in a clean environment (median of 21 runs, node -e 0
 * at 19 ms), resolving ~30 separate modules costs more than the work: `reasons` 77 ms
 * unbundled, 61 ms bundled; `explain` of an example 94 ms and 79 ms. (`--version` is answered
 * by src/cli/entry.ts before anything else loads: ~1.4x node -e 0 either way.)
 * Why chunks: each command's module is a dynamic import, so `--version`, `--help`,
 * `reasons` and `explain` load only their own code.
 * Why the stripe SDK is bundled too: its ESM build is ~220 files, and resolving them cost
 * every live command more than the rest of its start-up (`check` against a closed port: 111 ms
 * external, 69 ms bundled, node -e 0 at 19 ms; median of 41 runs). src/stripe/client.ts imports
 * it dynamically, so esbuild gives it a chunk of its own (chunks/stripe.esm.node-*.js) that only
 * the live commands load; test/e2e/sdk-loading.test.ts holds the others to that. esbuild picks
 * the "default" > "import" entry of stripe's package.json exports (esm/stripe.esm.node.js) for
 * platform node; it has no dynamic require and no file read relative to the package.
 * `stripe` stays a runtime dependency all the same: its types, and library users, need it.
 *
 * The library entries ('promo-doctor', 'promo-doctor/stripe') are built by tsc into dist/lib/
 * (tsconfig.build.json): one ES module per source file with its declaration file, so an
 * application's bundler keeps only what it imports, and its type checker reads our types.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Built beside dist/ and swapped in at the end: a build running while the tests or the bench
// spawn the binary (npm test beside npm run bench) must never leave them a half-empty dist/.
// Chunk names are content hashes, so a process that started on the old dist/ finds the same
// chunks in the new one.
const dist = new URL('../dist', import.meta.url);
const fresh = new URL(`../dist.build-${process.pid}`, import.meta.url);
const stale = new URL(`../dist.old-${process.pid}`, import.meta.url);
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/entry.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: fileURLToPath(fresh),
  chunkNames: 'chunks/[name]-[hash]',
  define: { __PROMO_DOCTOR_VERSION__: JSON.stringify(pkg.version) },
  // cli-table3 and its dependencies are CommonJS: give the ESM bundle a require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(
  process.execPath,
  [
    tsc,
    '-p',
    fileURLToPath(new URL('../tsconfig.build.json', import.meta.url)),
    '--outDir',
    fileURLToPath(new URL('lib', `${fresh.href}/`)),
  ],
  { stdio: 'inherit' },
);

/** Move dist/ aside and the fresh build in; another build may be swapping at the same moment. */
for (let attempt = 1; ; attempt++) {
  try {
    renameSync(dist, stale);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(fresh, dist);
    break;
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt === 5) throw error;
  }
}
rmSync(stale, { recursive: true, force: true });
