/**
 * The fault matrix (issue item 2, docs/architecture.md, The JSON document and exit codes exit 3, docs/architecture.md, Requests, cost and start-up retries, docs/architecture.md, Read-only, secrets and failures): every way the Stripe
 * API or the network can misbehave, against each command that reads through it (check,
 * customer, audit), in-process against the loopback fake.
 *
 * For each fault, two cases:
 * - transient (the fault once, then normal answers): the retry absorbs it, the command ends
 *   as it would without the fault (exit 0 or 1) with a complete, schema-valid document;
 * - permanent (the fault every time): exit 3 with one sentence on stderr that says what
 *   happened; check and customer leave stdout empty (no half-written document); audit keeps
 *   the pages it printed before the lost one, as complete NDJSON lines only, and names the
 *   `--starting-after` cursor to resume from.
 * Connection refused has the permanent case only (a closed port does not come back).
 *
 * Fast: --max-retries 1, Retry-After: 0 where the fault carries it, --timeout 0.4 for hangs.
 * One fake per test, so the cases run concurrently.
 */
import { describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { FakeStripe, Fault, RecordedRequest, Scenario } from '../support/fakeStripe.js';
import { generateAccount, type GeneratedAccount } from '../helpers/auditAccount.js';
import { injectAtRequest } from '../helpers/injectAt.js';
import { customerScenario, firstTimeScenario } from '../helpers/scenarios.js';
import {
  closedPortUrl,
  expectFailure,
  expectOnlyGets,
  jsonDoc,
  ndjsonDocs,
  runAgainst,
  startFake,
} from '../helpers/liveStripe.js';
import { AT_ISO } from '../helpers/time.js';

const LIST_PATH = '/v1/promotion_codes';
/** Codes in the audited account: two pages of 100 and 50. */
const AUDIT_SIZE = 150;

interface FaultCase {
  readonly name: string;
  readonly fault: Omit<Fault, 'path' | 'times'>;
  /** The sentence a permanent fault ends in (after "promo-doctor: "), for a fake at `url`. */
  readonly says: (url: string) => RegExp;
  /** Stripe's request id is quoted (the fault answers with a Request-Id header and a status or body). */
  readonly requestId: boolean;
  /** Extra flags (the hang needs a short --timeout). */
  readonly flags: readonly string[];
}

const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const FAULTS: readonly FaultCase[] = [
  {
    name: '429 with Retry-After: 0',
    fault: { kind: 'status', status: 429, retryAfter: 0 },
    says: () =>
      /Stripe kept rate-limiting the requests \(429\) after 2 attempts \(request req_\w+\): Request rate limit exceeded/,
    requestId: true,
    flags: [],
  },
  {
    name: '500',
    fault: { kind: 'status', status: 500 },
    says: () => /Stripe answered 500 after 2 attempts \(request req_\w+\): An unknown error occurred/,
    requestId: true,
    flags: [],
  },
  {
    name: '502 with an HTML body (a gateway page, no request id)',
    fault: { kind: 'html', status: 502 },
    says: (url) => new RegExp(`Stripe at ${esc(url)} sent a response that is not valid JSON after 2 attempts`),
    requestId: false,
    flags: [],
  },
  {
    name: '503',
    fault: { kind: 'status', status: 503 },
    says: () => /Stripe answered 503 after 2 attempts \(request req_\w+\): An unknown error occurred/,
    requestId: true,
    flags: [],
  },
  {
    name: 'a server that hangs past --timeout 0.4',
    fault: { kind: 'hang' },
    says: (url) => new RegExp(`Stripe at ${esc(url)} did not answer within 0.4 s \\(--timeout\\), 2 attempts`),
    requestId: false,
    flags: ['--timeout', '0.4'],
  },
  {
    name: 'a connection reset in the middle of a body',
    fault: { kind: 'reset' },
    says: (url) => new RegExp(`Could not reach Stripe at ${esc(url)} after 2 attempts \\(connection reset\\)`),
    requestId: false,
    flags: [],
  },
  {
    name: 'a malformed JSON body',
    fault: { kind: 'malformed_json' },
    says: (url) =>
      new RegExp(
        `Stripe at ${esc(url)} sent a response that is not valid JSON after 2 attempts \\(request req_\\w+\\)`,
      ),
    requestId: true,
    flags: [],
  },
  {
    name: 'an empty body',
    fault: { kind: 'empty_body' },
    says: (url) =>
      new RegExp(
        `Stripe at ${esc(url)} sent a response that is not valid JSON after 2 attempts \\(request req_\\w+\\)`,
      ),
    requestId: true,
    flags: [],
  },
];

/** How each command meets a fault: the path it hits (transient and permanent), and what a clean run gives. */
interface CommandCase {
  readonly command: 'check' | 'customer' | 'audit';
  readonly args: readonly string[];
  readonly scenario: () => Scenario;
  /** The request the transient fault hits once. */
  readonly transientPath: string;
  /** The request the permanent fault hits every time. */
  readonly permanentPath: string;
  /** Exit code of a clean run. */
  readonly exit: 0 | 1;
}

/** check: round trip 1 reads the code and the customer, round trip 2 the history (the code is first-time only). */
const CHECK: CommandCase = {
  command: 'check',
  args: ['check', 'promo_new', '--customer', 'cus_h', '--at', AT_ISO, '--json', '--max-retries', '1'],
  scenario: () => {
    build.resetBuilderIds();
    return firstTimeScenario();
  },
  transientPath: '/v1/promotion_codes/promo_new',
  // Round trip 2: the code and the customer were read fine, so a document could have been started.
  permanentPath: '/v1/invoices',
  exit: 0,
};

/** customer: the customer and its subscriptions, in parallel. */
const CUSTOMER: CommandCase = {
  command: 'customer',
  args: ['customer', 'cus_1', '--at', AT_ISO, '--json', '--max-retries', '1'],
  scenario: () => {
    build.resetBuilderIds();
    return customerScenario();
  },
  transientPath: '/v1/subscriptions',
  permanentPath: '/v1/customers/cus_1',
  exit: 0,
};

function auditAccount(): GeneratedAccount {
  return generateAccount({ size: AUDIT_SIZE, seed: 7, prefix: 'F' });
}

/** audit: the fault hits page 2 (the first page is printed by then). */
const AUDIT: CommandCase = {
  command: 'audit',
  args: ['audit', '--at', AT_ISO, '--json', '--max-retries', '1'],
  scenario: () => auditAccount().scenario,
  transientPath: LIST_PATH,
  permanentPath: LIST_PATH,
  exit: 1,
};

const COMMANDS: readonly CommandCase[] = [CHECK, CUSTOMER, AUDIT];

/** Requests to a path, in order. */
const to = (fake: FakeStripe, path: string): RecordedRequest[] => fake.requests.filter((r) => r.path === path);

/** Arms the fault: on its path for check and customer; on page 2 of the list for audit. */
function arm(fake: FakeStripe, c: CommandCase, f: FaultCase, times: number): void {
  const path = times === 1 ? c.transientPath : c.permanentPath;
  if (c.command === 'audit') injectAtRequest(fake, 2, { ...f.fault, path, times });
  else fake.inject({ ...f.fault, path, times });
}

/** A clean run's complete output, checked as the command's own contract requires. */
function expectComplete(c: CommandCase, stdout: string): void {
  if (c.command === 'audit') {
    const docs = ndjsonDocs(stdout);
    expect(docs.map((d) => d.target.id)).toEqual(auditAccount().codes.map((code) => code.id));
    return;
  }
  const doc = jsonDoc({ stdout, stderr: '' });
  if (c.command === 'check') {
    expect(doc.target).toMatchObject({ type: 'promotion_code', id: 'promo_new' });
    expect(doc.verdict).toBe('redeemable');
  } else {
    expect(doc.target).toMatchObject({ type: 'customer', id: 'cus_1' });
    expect(doc.redeemable).toBe(true);
  }
}

describe.concurrent('transient faults: retried, then a complete document and the usual exit code', () => {
  for (const f of FAULTS) {
    for (const c of COMMANDS) {
      it(`${c.command} · ${f.name} once`, async ({ onTestFinished }) => {
        const fake = await startFake(c.scenario(), { until: { onTestFinished } });
        arm(fake, c, f, 1);
        const result = await runAgainst(fake, [...c.args, ...f.flags]);
        expect(result.code, result.stderr).toBe(c.exit);
        expectComplete(c, result.stdout);
        // The faulted request was tried twice: once faulted, once answered.
        const hit = to(fake, c.transientPath);
        expect(hit.length, 'one faulted attempt and one retry').toBe(c.command === 'audit' ? 3 : 2);
        expect(hit.at(-1)!.status).toBe(200);
        expectOnlyGets(fake);
        if (c.command === 'audit') {
          expect(result.stderr).toMatch(new RegExp(`^Audited ${AUDIT_SIZE} promotion codes in 2 pages`));
          expect(result.stderr).not.toContain('promo-doctor:');
        } else {
          expect(result.stderr, 'a recovered run says nothing on stderr').toBe('');
        }
      });
    }
  }
});

describe.concurrent('permanent faults: exit 3 with one clear sentence, nothing half-written on stdout', () => {
  for (const f of FAULTS) {
    for (const c of COMMANDS.filter((command) => command.command !== 'audit')) {
      it(`${c.command} · ${f.name} every time`, async ({ onTestFinished }) => {
        const fake = await startFake(c.scenario(), { until: { onTestFinished } });
        arm(fake, c, f, Infinity);
        const result = await runAgainst(fake, [...c.args, ...f.flags]);
        expectFailure(result, 3, f.says(fake.url));
        const hit = to(fake, c.permanentPath);
        expect(hit.length, '1 + --max-retries attempts').toBe(2);
        if (f.requestId) expect(result.stderr).toContain(`(request ${hit.at(-1)!.requestId})`);
        expectOnlyGets(fake);
      });
    }

    it(`audit · ${f.name} every time from page 2: the first page stays, complete lines only, and the cursor`, async ({
      onTestFinished,
    }) => {
      const account = auditAccount();
      const fake = await startFake(account.scenario, { until: { onTestFinished } });
      arm(fake, AUDIT, f, Infinity);
      const result = await runAgainst(fake, [...AUDIT.args, ...f.flags]);
      expect(result.code, result.stderr).toBe(3);
      // stdout: the first page, every line a complete document, nothing after it.
      expect(result.stdout.endsWith('\n'), 'stdout ends at a line end').toBe(true);
      const docs = ndjsonDocs(result.stdout);
      expect(docs.map((d) => d.target.id)).toEqual(account.codes.slice(0, 100).map((code) => code.id));
      // stderr: the summary of what was read, then one sentence with the fault, where it
      // stopped, and the resume cursor.
      const cursor = account.codes[99]!.id;
      expect(result.stderr).toMatch(/^Audited 100 promotion codes in 1 page/);
      expect(result.stderr).toMatch(/\npromo-doctor: the audit stopped after 100 codes: [^\n]+\n$/);
      expect(result.stderr).toMatch(f.says(fake.url));
      expect(result.stderr).toContain(`Resume with --starting-after ${cursor}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const pages = to(fake, LIST_PATH);
      expect(pages, 'page 1, then page 2 and its one retry').toHaveLength(3);
      expect(pages.slice(1).map((r) => r.query.starting_after)).toEqual([cursor, cursor]);
      if (f.requestId) expect(result.stderr).toContain(`(request ${pages.at(-1)!.requestId})`);
    });
  }
});

describe.concurrent('connection refused (nothing listens at --api-base): exit 3 after the retries', () => {
  for (const c of COMMANDS) {
    it(`${c.command}`, async () => {
      const url = await closedPortUrl();
      const result = await runAgainst(url, [...c.args, '--api-base', url]);
      const says = new RegExp(
        `Could not reach Stripe at ${esc(url)} after 2 attempts \\(connection refused\\); check the network, or --api-base\\.`,
      );
      if (c.command === 'audit') {
        expectFailure(result, 3, says);
        expect(result.stderr).toMatch(/the audit stopped after 0 codes/);
        expect(result.stderr).not.toContain('--starting-after promo_');
      } else {
        expectFailure(result, 3, says);
      }
    });
  }
});
