/**
 * The posture findings as SARIF 2.1.0, for GitHub code scanning and the other tools that read it. One rule per
 * posture rule, with its description and severity (`security-severity`, tagged `security`). A finding to fix is
 * `error` (high) or `warning` (medium). Gaps the plan names are left out by default: GitHub code scanning ignores
 * SARIF suppressions (github/codeql-action#1230), so they would open as alerts; with `knownGaps` they are `note`s with
 * an external suppression, for tools that honour it. Each result points at the synthesized file that holds the
 * resource and names the resource and the agent as logical locations; a gap the plan names points at the agent's
 * entry in the policy instead (line and column), when the policy the synthesis was made from is at hand, since that
 * is where it is decided and acknowledged. Code scanning deduplicates by
 * `primaryLocationLineHash`, which it cannot compute for a file outside the repository, so the result carries its
 * own: a hash of the rule, agent, resource and message, stable across runs.
 */
import { createHash } from 'crypto';
import { packageVersion } from '../version';
import type { Finding, Posture } from './model';
import type { PolicyLocations } from './policy-locations';
import { POSTURE_RULES } from './rules';

/** The SARIF version written, and the schema tools validate it against. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub's severity scale for security results (0–10): high and medium as code scanning ranks them. */
const SECURITY_SEVERITY = { high: '8.0', medium: '5.0' } as const;

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
  readonly help: { readonly text: string };
  readonly properties: { readonly tags: readonly string[]; readonly 'security-severity': string };
}

/** The SARIF log of a posture: one run of convoguard. */
export function renderSarif(
  p: Posture,
  opts: { readonly knownGaps?: boolean; readonly policy?: PolicyLocations } = {},
): string {
  const known = new Map(POSTURE_RULES.map((r) => [r.id, r]));
  // A finding of a rule outside the list (none today) still gets a rule entry: SARIF results must name one.
  const ids = [...new Set([...POSTURE_RULES.map((r) => r.id), ...p.findings.map((f) => f.rule)])];
  const rules: SarifRule[] = ids.map((id) => {
    const r = known.get(id);
    const severity = r?.severity ?? (p.findings.find((f) => f.rule === id)?.severity as 'high' | 'medium');
    const description = r?.description ?? id;
    return {
      id,
      name: id
        .replace(/^CG-/, '')
        .toLowerCase()
        .replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: description },
      fullDescription: { text: description },
      defaultConfiguration: { level: severity === 'high' ? 'error' : 'warning' },
      help: { text: `${description} See the posture rules in convoguard's docs/code-review.md.` },
      properties: { tags: ['privacy', 'security', 'convoguard'], 'security-severity': SECURITY_SEVERITY[severity] },
    };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const sourceOf = (f: Finding) => p.agents.find((a) => a.agent === f.agent)?.source;
  const results = p.findings
    .filter((f) => opts.knownGaps || !f.planned)
    .map((f) => {
      const hash = createHash('sha256')
        .update(JSON.stringify([f.rule, f.agent, f.resource, f.message]))
        .digest('hex');
      const uri = f.resource.includes('/') && !f.resource.includes(' ') ? f.resource : (sourceOf(f) ?? f.resource);
      const synthesized = { artifactLocation: { uri: uri.replace(/\\/g, '/') } };
      const inPolicy = f.planned ? opts.policy?.agents.get(f.agent) : undefined;
      return {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule)!,
        level: f.planned ? 'note' : f.severity === 'high' ? 'error' : 'warning',
        message: { text: `${f.agent}: ${f.message}` },
        locations: [
          {
            physicalLocation: inPolicy
              ? {
                  artifactLocation: { uri: opts.policy!.uri },
                  region: { startLine: inPolicy.line, startColumn: inPolicy.column },
                }
              : synthesized,
            logicalLocations: [{ name: f.resource, fullyQualifiedName: `${f.agent}/${f.resource}`, kind: 'resource' }],
          },
        ],
        ...(inPolicy
          ? { relatedLocations: [{ id: 1, physicalLocation: synthesized, message: { text: 'the synthesized file' } }] }
          : {}),
        partialFingerprints: { primaryLocationLineHash: `${hash.slice(0, 16)}:1`, 'convoguardFinding/v1': hash },
        ...(f.planned
          ? {
              suppressions: [
                {
                  kind: 'external',
                  status: 'accepted',
                  justification:
                    'a gap the plan names: what the platform cannot do, reported in the plan and the report',
                },
              ],
            }
          : {}),
        properties: { agent: f.agent, severity: f.severity, planned: f.planned },
      };
    });
  const log = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { name: 'convoguard', version: packageVersion(), rules } },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
