/**
 * `npm run bench:suite` (or `BENCH_SUITE=1 npm run bench`): how long `npm test` takes, step
 * by step (build, typecheck, vitest), and how many tests vitest ran. The target is under
 * 60 s on a quiet 2-core machine. Timing lives here, never in a test.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const REPORT = join(ROOT, '.bench', 'vitest.json');

function step(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started }));
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
mkdirSync(join(ROOT, '.bench'), { recursive: true });

console.log('\nTest suite (npm test: build, typecheck, vitest):\n');
const build = await step(process.execPath, ['scripts/build.mjs']);
const typecheck = await step(npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']);
const vitest = await step(npx, ['vitest', 'run', '--reporter=json', `--outputFile=${REPORT}`]);
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const total = build.ms + typecheck.ms + vitest.ms;
console.log(`  build      ${seconds(build.ms).padStart(8)}${build.code === 0 ? '' : `  (exit ${build.code})`}`);
console.log(
  `  typecheck  ${seconds(typecheck.ms).padStart(8)}${typecheck.code === 0 ? '' : `  (exit ${typecheck.code})`}`,
);
console.log(
  `  vitest     ${seconds(vitest.ms).padStart(8)}  ${report.numTotalTests} tests in ${report.testResults.length} files: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
);
console.log(`  total      ${seconds(total).padStart(8)}  (target: under 60 s on 2 quiet cores)`);
if (build.code !== 0 || typecheck.code !== 0 || vitest.code !== 0) process.exitCode = 1;
