/**
 * The posture as JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines): one test
 * suite per agent, one test case per posture rule that applies to it. A finding to fix is a failure; a gap the plan
 * names is a skipped case with its reason, so the run is red only for what needs fixing, as --fail-on-findings is.
 */
import type { Finding, Posture } from './model';
import { POSTURE_RULES } from './rules';
import { controlsEvidence } from './controls';

function xml(s: string): string {
  // XML 1.0 cannot carry most control characters at all, escaped or not.
  return (
    s
      // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

export function renderJunit(p: Posture): string {
  const suites = p.agents.map((a) => {
    const rules = POSTURE_RULES.filter((r) => !r.platforms || r.platforms.includes(a.platform));
    const mine = p.findings.filter((f) => f.agent === a.agent);
    const extra = [...new Set(mine.map((f) => f.rule))].filter((id) => !rules.some((r) => r.id === id));
    const ids = [...rules.map((r) => r.id), ...extra];
    const cases = ids.map((id) => {
      const found = mine.filter((f) => f.rule === id);
      const fix = found.filter((f) => !f.planned);
      const known = found.filter((f) => f.planned);
      const body = (fs: readonly Finding[]) => fs.map((f) => `${f.resource}: ${f.message}`).join('\n');
      const inner =
        fix.length > 0
          ? `<failure type="${xml(fix.some((f) => f.severity === 'high') ? 'high' : 'medium')}" message="${xml(`${fix.length} finding${fix.length === 1 ? '' : 's'} to fix`)}">${xml(body(fix))}</failure>`
          : known.length > 0
            ? `<skipped message="${xml(`${known.length} gap${known.length === 1 ? '' : 's'} the plan names`)}">${xml(body(known))}</skipped>`
            : '';
      return `    <testcase classname="${xml(`convoguard.${a.agent}`)}" name="${xml(id)}">${inner}</testcase>`;
    });
    const failures = ids.filter((id) => mine.some((f) => f.rule === id && !f.planned)).length;
    const skipped = ids.filter(
      (id) => !mine.some((f) => f.rule === id && !f.planned) && mine.some((f) => f.rule === id),
    ).length;
    return [
      `  <testsuite name="${xml(`${a.agent} (${a.platform})`)}" tests="${ids.length}" failures="${failures}" skipped="${skipped}" errors="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="convoguard posture">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** The posture as versioned JSON: what a tool reads, with the version it can check before it trusts the fields. */
export const REPORT_SCHEMA_VERSION = 1;
export function reportJson(p: Posture): string {
  return JSON.stringify({ schemaVersion: REPORT_SCHEMA_VERSION, ...p, controls: controlsEvidence(p) }, null, 2) + '\n';
}
