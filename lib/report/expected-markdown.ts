/**
 * What a plan promises, per agent, in the report's own words: every store with its real bound, encryption,
 * redaction and readers, then the caveats. The README's "What each platform really does" section is this text for
 * the example policy (`npm run docs`; a test fails when it is stale), so the documentation and the report agree.
 */
import type { ProtectionPlan } from '../policy/plan-types';
import { expectedPosture } from '../policy/platforms';
import { formatBound, STORE_LABEL } from '../policy/posture';
import { formatReaders } from './markdown';
import { text } from './md';
import { POSTURE_RULES } from './rules';

const ENCRYPTION = {
  customer: 'customer-managed key',
  provider: 'provider-managed key',
  unknown: 'yours: convoguard cannot see it',
} as const;

export function renderExpectedPosture(plan: ProtectionPlan, heading = '###'): string {
  const out: string[] = [];
  for (const agent of plan.agents) {
    const e = expectedPosture(agent);
    out.push(`${heading} ${agent.platform} (agent \`${agent.name}\` of the example)`, '');
    out.push('| store | kept at most | encryption | redacted by | who can read |', '|---|---|---|---|---|');
    for (const s of e.stores) {
      const name =
        s.kind === 'anonymized-topic' ? `${STORE_LABEL[s.kind]} \`${s.name}\`` : `${STORE_LABEL[s.kind]}: ${s.name}`;
      const managed = s.managed ? '' : ' (kept by the platform; convoguard does not configure it)';
      out.push(
        `| ${name}${managed} | ${cell(formatBound(s.retention))} | ${ENCRYPTION[s.encryption]} | ${cell(s.redactedBy.join(', ') || (s.sensitive ? 'nothing (raw)' : '—'))} | ${formatReaders(s.readers)} |`,
      );
    }
    if (e.generative && e.generative.length > 0) {
      out.push(
        '',
        '| generative path | guardrail |',
        '|---|---|',
        ...e.generative.map(
          (g) => `| ${g.path} | ${g.guardrail ? `\`${g.guardrail}\`` : '**none**'}${g.note ? ` (${g.note})` : ''} |`,
        ),
      );
    }
    // Plan text goes through the report's escaping: a path such as out/aws/<agent>/ would otherwise render as HTML.
    out.push('', ...e.caveats.map((c) => `- ${text(c, 2000)}`), '');
    if (e.deployerNeeds.length > 0)
      out.push('Deploying it needs:', '', ...e.deployerNeeds.map((n) => `- ${text(n, 2000)}`), '');
  }
  return out.join('\n');
}

/** The posture rules as a table: id, severity, what each checks. */
export function renderRules(): string {
  return [
    '| rule | severity | checks |',
    '|---|---|---|',
    ...POSTURE_RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${cell(r.description)} |`),
    '',
  ].join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}
