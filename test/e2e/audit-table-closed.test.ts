/**
 * Issue 19: a table-format audit stops when its stdout closes, as the streaming formats do,
 * not only when it has read every page and writes the table. In process: stdout is a stream
 * the test destroys after a few list requests.
 */
import { Readable, Writable } from 'node:stream';
import { afterAll, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateAccount } from '../helpers/auditAccount.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { VirtualClock } from '../helpers/clock.js';
import { KEY } from '../helpers/keys.js';
import { startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_ISO } from '../helpers/time.js';

afterAll(stopFakes);

function sink(): Writable & { isTTY: boolean } {
  return Object.assign(new Writable({ write: (_chunk, _encoding, callback) => callback() }), { isTTY: false });
}

it.each([['table'], ['csv']])('--format %s: a stdout closed mid-audit stops the requests at once', async (format) => {
  const account = generateAccount({ size: 5_000, seed: 19 });
  const fake = await startFake(account.scenario);
  const stdout = sink();
  let lists = 0;
  fake.observe((request) => {
    if (request.path === '/v1/promotion_codes' && ++lists === 3) stdout.destroy();
  });
  const code = await main(['audit', '--at', AT_ISO, '--format', format, '--concurrency', '1'], {
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    stdout,
    stderr: sink(),
    env: { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url, NO_COLOR: '1' },
    clock: new VirtualClock(),
    cwd: REPO_ROOT,
  });
  // 50 pages to read; it stops within a page or two of the close.
  expect(lists).toBeLessThanOrEqual(5);
  expect([0, 1]).toContain(code);
});
