/** The posture report as Markdown for a pull-request comment: summary, findings first, a table and a flowchart per agent. */
import { formatBound, Reader, STORE_LABEL } from '../policy/posture';
import type { AgentPosture, Posture, StorePosture } from './model';
import { code, mermaidLabel, text } from './md';

/** Named principals first, then what the platform lets through ("also: …"). */
export function formatReaders(readers: readonly Reader[]): string {
  const named = [...new Set(readers.filter((r) => r.named).map((r) => code(r.who)))];
  const also = [...new Set(readers.filter((r) => !r.named).map((r) => text(r.who)))];
  return [named.join(', ') || 'no named principal', ...(also.length > 0 ? [`also: ${also.join('; ')}`] : [])].join('; ');
}

export function summaryLine(p: Posture): string {
  const high = p.findings.filter((f) => f.severity === 'high').length;
  const medium = p.findings.length - high;
  const verdict = high > 0 ? '🔴' : medium > 0 ? '🟡' : '🟢';
  return `${verdict} convoguard posture: ${p.agents.length} agent${p.agents.length === 1 ? '' : 's'}, ${high} high and ${medium} medium finding${p.findings.length === 1 ? '' : 's'}`;
}

export function renderMarkdown(p: Posture): string {
  const out: string[] = [`## ${summaryLine(p)}`, ''];
  if (p.findings.length > 0) {
    out.push('### Findings', '', '| severity | rule | agent | resource | finding |', '|---|---|---|---|---|');
    for (const f of p.findings) out.push(`| ${f.severity}${f.planned ? ' (known gap)' : ''} | ${text(f.rule)} | ${text(f.agent)} | ${code(f.resource)} | ${text(f.message, 1000)} |`);
    out.push('');
  }
  for (const a of p.agents) out.push(...agentSection(a));
  return out.join('\n');
}

function agentSection(a: AgentPosture): string[] {
  const out = [`### ${text(a.agent)} (${text(a.platform)})`, '', `Source: ${code(a.source)}. Protection attached: **${a.attached ? 'yes' : 'no'}**.`, ''];
  out.push(`- Detected: ${a.detectors.length > 0 ? a.detectors.map((d) => code(d)).join(', ') : 'none'}`);
  out.push(`- Custom patterns: ${a.customPatterns.length > 0 ? a.customPatterns.map((d) => code(d)).join(', ') : 'none'}`);
  out.push(`- Redaction: ${a.redaction.length > 0 ? a.redaction.map((r) => text(r)).join('; ') : 'none'}`);
  const d = a.detection;
  if (d && (d.threshold !== undefined || d.exclusions || d.findingsCap !== undefined)) {
    out.push(`- Detection threshold: ${d.threshold !== undefined ? text(String(d.threshold)) : 'the service default'}; exclusion rules: ${d.exclusions ?? 0}${d.findingsCap !== undefined ? `; **findings capped at ${d.findingsCap}**` : ''}`);
  }
  if (d && d.rules.length > 0) out.push(`- De-identified: ${d.rules.map((r) => `${text(r.subject)} (${text(r.method)}${r.keeps > 0 ? `, keeps ${r.keeps}` : ''})`).join(', ')}`);
  if (a.generative && a.generative.length > 0) {
    out.push('- Generative paths:');
    for (const g of a.generative) out.push(`  - ${text(g.path)}: ${g.guardrail ? `guardrail ${code(g.guardrail)}` : '**none**'}${g.note ? ` (${text(g.note)})` : ''}`);
  }
  if (a.scans && a.scans.length > 0) {
    out.push('- Scans of your exports:');
    for (const sc of a.scans) out.push(`  - ${code(sc.target)}: ${text(sc.by)} ${text(sc.schedule)}, results to ${sc.findingsTo.map((f) => code(f)).join(', ') || '**nowhere**'}`);
  }
  if (a.expected?.exceptionReason) out.push(`- Retention exception: sensitive data is kept longer than 24h because: ${text(a.expected.exceptionReason)}`);
  out.push('');
  if (a.stores.length > 0) {
    out.push('| store | name | resource | kept at most | encryption | redacted | who can read | public | verified |', '|---|---|---|---|---|---|---|---|---|');
    for (const s of a.stores) {
      const enc = s.encryption.kind === 'customer' ? (s.encryption.key ? `customer key ${code(s.encryption.key)}` : "customer-managed key (the hosting agent's)") : s.encryption.kind === 'unknown' ? 'not visible (your database)' : s.encryption.kind;
      const resource = s.fromPlan ? 'kept by the platform (from the plan)' : code(s.resource);
      out.push(
        `| ${text(s.kind)} | ${text(s.name)} | ${resource} | ${text(formatBound(s.retention))} | ${enc} | ${s.redactedBy.map((r) => text(r)).join(', ') || (s.sensitive ? 'no (raw)' : '—')} | ${formatReaders(s.readers)} | ${s.public ? '**yes**' : 'no'} | ${verified(s)} |`,
      );
    }
    out.push('');
  }
  if (a.keys.length > 0) {
    out.push('| key | rotation | deletion protected | may decrypt |', '|---|---|---|---|');
    for (const k of a.keys) {
      const who = [...k.decrypters.map((d) => code(d)), ...(k.accountAdmins ? ['also: account administrators via the key policy'] : [])].join(', ') || 'service agents only';
      out.push(`| ${code(k.resource)} | ${k.rotationDays === undefined ? '**off**' : `${k.rotationDays}d`} | ${k.deletionProtected ? 'yes' : '**no**'} | ${who} |`);
    }
    out.push('');
  }
  const caveats = a.expected?.caveats ?? [];
  if (caveats.length > 0) out.push('What the platform cannot do:', '', ...caveats.map((c) => `- ${text(c, 1000)}`), '');
  const needs = a.expected?.deployerNeeds ?? [];
  if (needs.length > 0) out.push('Deploying it needs:', '', ...needs.map((n) => `- ${text(n, 1000)}`), '');
  if (a.stores.length > 0) out.push('```mermaid', ...flowchart(a), '```', '');
  return out;
}

/** What verifies a store, or why nothing does (a sensitive store only: an anonymized one says what it is). */
function verified(s: StorePosture): string {
  if ((s.verifiedBy ?? []).length > 0) return s.verifiedBy!.map((v) => text(v)).join('; ');
  // A trend check (the Lex findings alarm) is named as what it is, never as a verification.
  const trend = (s.watchedBy ?? []).length > 0 ? ` (trend only: ${s.watchedBy!.map((v) => text(v)).join('; ')})` : '';
  return s.sensitive ? `**no**${s.unverifiedReason ? `: ${text(s.unverifiedReason)}` : ''}${trend}` : `no${s.unverifiedReason ? `: ${text(s.unverifiedReason)}` : ''}${trend}`;
}

/** Where conversation data goes: agent → each store, marked redacted or raw, with retention on the edge. */
export function flowchart(a: AgentPosture): string[] {
  const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const agentNode = `agent_${id(a.agent)}`;
  const lines = ['flowchart LR', `  ${agentNode}(["${mermaidLabel(`${a.agent} (${a.platform})`)}"])`];
  a.stores.forEach((s, i) => {
    const node = `${agentNode}_${i}`;
    const state = !s.sensitive ? 'anonymized' : s.redactedBy.length > 0 ? 'redacted' : s.encryption.kind === 'none' ? 'raw, unencrypted' : s.encryption.kind === 'unknown' ? 'raw' : 'raw, encrypted';
    lines.push(`  ${node}[("${mermaidLabel(`${STORE_LABEL[s.kind]}: ${s.name}`)}")]`);
    lines.push(`  ${agentNode} -- "${mermaidLabel(`${state}, ${formatBound(s.retention)}`)}" --> ${node}`);
  });
  return lines;
}
