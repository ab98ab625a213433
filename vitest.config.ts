import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Vitest runs the longest files first, by the durations of the last run. A fresh clone (CI) has
 * none, and vitest then orders by file size: in such a run the packed-install test, about 16 s
 * of one worker (npm, tsc and the CLI in child processes), started 21 s in and ended at 40 s,
 * leaving less to balance the workers after it. So it goes first, as it does anyway once
 * durations are known (it then ended at 23 s).
 */
class PackedInstallFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (spec: TestSpecification) => spec.moduleId.endsWith('/test/package/package.test.ts');
    return [...sorted.filter(first), ...sorted.filter((spec) => !first(spec))];
  }
}

export default defineConfig({
  // What scripts/build.mjs defines, so the in-process CLI reports the same version as the binary.
  define: { __PROMO_DOCTOR_VERSION__: JSON.stringify(pkg.version) },
  test: {
    // Vitest leaves one core free by default, which on a 2-core machine is one worker: the
    // suite's 2 workers took 47 s where 1 took 73 s (same machine, same load).
    maxWorkers: Math.max(2, availableParallelism()),
    // Concurrent tests (describe.concurrent) mostly wait on the fake's latency (roundTripFake):
    // ten at a time rather than vitest's five took the three round-trip files from 3.5 s to 2.1 s.
    maxConcurrency: 10,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    include: ['test/**/*.test.ts'],
    // Test files share one module registry per worker: importing src/, the stripe SDK and
    // vitest again for each of 38 files cost more CPU than the tests themselves (measured
    // with bench/suite.mjs). Safe because the CLI keeps no module-level state: main() builds
    // its program, palette and clock per run. No test mocks a module (vi.mock would need a
    // registry of its own): what a test must observe is a parameter (e.g. openInput's openFile).
    isolate: false,
    sequence: { sequencer: PackedInstallFirst },
  },
});
