/**
 * docs/reasons.md, written from the catalogue (npm run docs), so the page cannot drift from
 * what `promo-doctor reasons` prints: test/docs/generated.test.ts compares the file with this.
 */
import { CATALOGUE, REASON_CODES } from '../rules/catalogue.js';
import type { ReasonCode, Severity } from '../rules/findings.js';
import { SOURCE_CONFIDENCE } from '../rules/sources.js';

const SEVERITIES: ReadonlyArray<[Severity, string]> = [
  ['blocking', 'this redemption fails'],
  ['conditional', 'a restriction applies that could not be evaluated, because the context was not given'],
  ['warning', 'redeemable now, but at risk'],
  ['info', 'worth knowing, not a problem'],
];

/** A table cell: pipes and newlines would break the row. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function section(code: ReasonCode): string {
  const { title, severity, object, cause, fix, docs_url } = CATALOGUE[code];
  return [
    `### \`${code}\``,
    '',
    `**${title}** · ${severity} · about the ${object.replaceAll('_', ' ')}`,
    '',
    `- Cause: ${cause}`,
    `- Fix: ${fix}`,
    `- Stripe: <${docs_url}>`,
    `- Source: ${SOURCE_CONFIDENCE[code]} (docs/reasons-sources.md)`,
    '',
  ].join('\n');
}

export function renderReasonsPage(): string {
  const table = [
    '| code | severity | object | title |',
    '|---|---|---|---|',
    ...REASON_CODES.map((code) => {
      const { severity, object, title } = CATALOGUE[code];
      return `| [\`${code}\`](#${code}) | ${severity} | ${object} | ${cell(title)} |`;
    }),
  ];
  return [
    '# Reason codes',
    '',
    '<!-- Generated from src/rules/catalogue.ts by `npm run docs`: edit the catalogue, not this file. -->',
    '',
    `promo-doctor knows ${REASON_CODES.length} reason codes. \`promo-doctor reasons\` prints this table,`,
    '`promo-doctor reasons <code>` one entry, and `promo-doctor reasons --json` all of them as data',
    '(schema/reasons.schema.json). Codes are stable interface: scripts may match on them.',
    '',
    'Severity:',
    '',
    ...SEVERITIES.map(([severity, meaning]) => `- **${severity}**: ${meaning}.`),
    '',
    ...table,
    '',
    '## Each code',
    '',
    ...REASON_CODES.map(section),
  ].join('\n');
}
