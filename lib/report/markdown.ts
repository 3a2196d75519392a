/**
 * The posture report as Markdown for a pull-request comment. The verdict is what needs fixing (findings the plan
 * does not already name); known gaps are listed once, folded. Each agent is one folded section whose tables have at
 * most five columns, with stores and keys by their real names (the resource id beside them). The whole comment
 * stays within COMMENT_BUDGET characters for any fleet: GitHub refuses a comment over 65,536, so a large fleet's
 * sections are shortened (diagrams first, then agents with nothing to fix) and the comment says where the full
 * report is.
 */
import { formatBound, Reader, STORE_LABEL } from '../policy/posture';
import type { AgentPosture, Finding, Posture, StorePosture } from './model';
import { code, COMMENT_BUDGET, cutToBudget, mermaidLabel, text } from './md';
import { controlsEvidence, CROSSWALK_NOTE, FRAMEWORKS } from './controls';

export { COMMENT_BUDGET };

/** Named principals first, then what the platform lets through ("also: …"). */
export function formatReaders(readers: readonly Reader[]): string {
  const named = [...new Set(readers.filter((r) => r.named).map((r) => code(r.who)))];
  const also = [...new Set(readers.filter((r) => !r.named).map((r) => text(r.who)))];
  return [named.join(', ') || 'no named principal', ...(also.length > 0 ? [`also: ${also.join('; ')}`] : [])].join(
    '; ',
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Findings the output has and the plan does not name: what a reviewer must act on. */
export function findingsToFix(p: Posture): Finding[] {
  return p.findings.filter((f) => !f.planned);
}

/** A finding's place across two syntheses: its rule, agent and resource (the message carries values that change). */
const findingKey = (f: Finding) => JSON.stringify([f.rule, f.agent, f.resource]);

/** What a head's findings are against its base's: what a pull request adds, keeps and fixes. */
export interface AgainstBase {
  /**
   * Findings to fix beyond what the base has at their rule, agent and resource: a new one, one more of a rule that
   * reports several per resource (a second unnamed reader of a key), or one that went from medium to high.
   */
  readonly added: readonly Finding[];
  /** Findings to fix the base already has (as many, at the same or a higher severity). */
  readonly kept: number;
  /** The base's findings to fix that the head no longer has, neither to fix nor as a known gap. */
  readonly fixed: number;
  /** Known gaps beyond the base's (an agent added, moved to a platform that cannot do as much, or a finding the
   * policy now accepts as a gap). */
  readonly newGaps: number;
}

/** Findings grouped by rule, agent and resource. */
function byKey(fs: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of fs) {
    const k = findingKey(f);
    const list = m.get(k);
    if (list) list.push(f);
    else m.set(k, [f]);
  }
  return m;
}

/**
 * The head's findings against the base's, place by place (rule, agent, resource), by count and severity: a place
 * the base has once and the head twice adds one, so a second finding cannot hide behind the first.
 */
export function againstBase(head: Posture, base: Posture): AgainstBase {
  const baseFix = byKey(findingsToFix(base));
  const headFix = byKey(findingsToFix(head));
  const added: Finding[] = [];
  let kept = 0;
  let fixed = 0;
  const headGaps = new Set(head.findings.filter((f) => f.planned).map(findingKey));
  for (const key of new Set([...baseFix.keys(), ...headFix.keys()])) {
    const was = baseFix.get(key) ?? [];
    const now = headFix.get(key) ?? [];
    let high = was.filter((f) => f.severity === 'high').length;
    let medium = was.length - high;
    // Highs first: each matches a high of the base; a medium matches a medium, or a high the base had (improved).
    for (const f of [...now].sort((a, b) => Number(b.severity === 'high') - Number(a.severity === 'high'))) {
      if (f.severity === 'high' && high > 0) high--;
      else if (f.severity === 'medium' && medium > 0) medium--;
      else if (f.severity === 'medium' && high > 0) high--;
      else {
        // Worse than the base (a medium there, a high here) or beyond its count: added. A worsened one uses up the
        // medium it replaced, which is then not counted as fixed.
        if (f.severity === 'high' && medium > 0) medium--;
        added.push(f);
        continue;
      }
      kept++;
    }
    // What the base had and the head matched with nothing is fixed, unless the head accepts it as a known gap.
    if (!headGaps.has(key)) fixed += high + medium;
  }
  const baseGaps = byKey(base.findings.filter((f) => f.planned));
  let newGaps = 0;
  for (const [key, gaps] of byKey(head.findings.filter((f) => f.planned)))
    newGaps += Math.max(0, gaps.length - (baseGaps.get(key)?.length ?? 0));
  // In the head's order, so the comment lists them as the report does.
  const order = new Map(findingsToFix(head).map((f, i) => [f, i]));
  added.sort((a, b) => order.get(a)! - order.get(b)!);
  return { added, kept, fixed, newGaps };
}

/**
 * 🔴 a high finding to fix, 🟡 a medium one, 🟢 nothing to fix; known gaps are counted, never the verdict. Against
 * a base, the verdict is what the pull request adds (new or worsened findings), and what it keeps and fixes is
 * counted.
 */
export function summaryLine(p: Posture, vs?: AgainstBase): string {
  if (vs) return summaryAgainstBase(p, vs);
  const fix = findingsToFix(p);
  const high = fix.filter((f) => f.severity === 'high').length;
  const known = p.findings.filter((f) => f.planned);
  const knownHigh = known.filter((f) => f.severity === 'high').length;
  const verdict = high > 0 ? '🔴' : fix.length > 0 ? '🟡' : '🟢';
  const what =
    fix.length === 0
      ? 'nothing to fix'
      : `${high} high and ${fix.length - high} medium ${fix.length === 1 ? 'finding' : 'findings'} to fix`;
  // A high known gap is still named in the verdict line: the plan accepting it does not make the data safe.
  return `${verdict} convoguard posture: ${plural(p.agents.length, 'agent')}, ${what}; ${plural(known.length, 'known gap')} the plan names${knownHigh > 0 ? ` (${knownHigh} high)` : ''}`;
}

function summaryAgainstBase(p: Posture, vs: AgainstBase): string {
  const high = vs.added.filter((f) => f.severity === 'high').length;
  const verdict = high > 0 ? '🔴' : vs.added.length > 0 ? '🟡' : '🟢';
  const what =
    vs.added.length === 0
      ? 'nothing new to fix'
      : `${high} high and ${vs.added.length - high} medium ${vs.added.length === 1 ? 'finding' : 'findings'} to fix that the base does not have`;
  const known = p.findings.filter((f) => f.planned);
  const knownHigh = known.filter((f) => f.severity === 'high').length;
  const notes = [
    ...(knownHigh > 0 ? [`${knownHigh} high`] : []),
    ...(vs.newGaps > 0 ? [`${vs.newGaps} new against the base`] : []),
  ];
  return `${verdict} convoguard posture against the base: ${what}; ${plural(p.agents.length, 'agent')}, ${vs.kept} to fix already on the base, ${vs.fixed} fixed; ${plural(known.length, 'known gap')} the plan names${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/**
 * The report, within `budget` characters (COMMENT_BUDGET by default). With `base` (the posture of the pull
 * request's base), the verdict line is what the head adds against it, and the findings it adds are marked new.
 */
export function renderMarkdown(p: Posture, budget = COMMENT_BUDGET, base?: Posture): string {
  const vs = base ? againstBase(p, base) : undefined;
  const render = (q: Posture, level: Level) => renderAt(q, level, vs);
  // Each level gives up detail where it matters least: diagrams, then agents with nothing to fix, then all agents.
  for (const level of LEVELS) {
    const md = render(p, level);
    if (md.length <= budget) return md;
  }
  // Too many findings to fix even in one line each: cut at a line, and say how many of them the comment still lists.
  const last = render(p, LEVELS[LEVELS.length - 1]);
  const fix = findingsToFix(p).length;
  const rowsIn = (md: string) => {
    const lines = md.split('\n');
    const start = lines.indexOf('### To fix');
    if (start < 0) return 0;
    let n = 0;
    for (let i = start + 4; i < lines.length && lines[i].startsWith('| '); i++) n++;
    return n;
  };
  let cut = cutToBudget(last, budget, TRIMMED('cut at the size GitHub accepts'));
  // The note's own length moves the cut: settle on a count the comment really lists.
  for (let i = 0; i < 3 && rowsIn(cut) < fix; i++) {
    const listed = rowsIn(cut);
    const next = cutToBudget(
      last,
      budget,
      TRIMMED(
        `cut at the size GitHub accepts: ${listed} of the ${fix} findings to fix are listed, all of them in the full report`,
      ),
    );
    if (rowsIn(next) === listed) return next;
    cut = next;
  }
  return cut;
}

interface Level {
  readonly diagrams: boolean;
  /** How an agent with nothing to fix is shown, and one with findings to fix. */
  readonly quiet: 'full' | 'compact' | 'line';
  readonly busy: 'full' | 'compact' | 'line';
  readonly knownGaps: 'table' | 'counts';
  /** The findings to fix with their messages, or rule, agent and place only (the shortest form). */
  readonly fixMessages: boolean;
}
const LEVELS: readonly Level[] = [
  { diagrams: true, quiet: 'full', busy: 'full', knownGaps: 'table', fixMessages: true },
  { diagrams: false, quiet: 'full', busy: 'full', knownGaps: 'table', fixMessages: true },
  { diagrams: false, quiet: 'compact', busy: 'full', knownGaps: 'table', fixMessages: true },
  { diagrams: false, quiet: 'line', busy: 'compact', knownGaps: 'table', fixMessages: true },
  { diagrams: false, quiet: 'line', busy: 'line', knownGaps: 'counts', fixMessages: true },
  { diagrams: false, quiet: 'line', busy: 'line', knownGaps: 'counts', fixMessages: false },
];
const TRIMMED = (what: string) =>
  `> Shortened to fit a pull-request comment (${what}). The full report: \`convoguard report --dir DIR --out report.md\` (the CI job writes it to its summary), or \`--format json\`.`;

function renderAt(p: Posture, level: Level, vs: AgainstBase | undefined): string {
  // New findings first, each marked: what the pull request adds is what its reviewer acts on.
  const added = new Set(vs?.added ?? []);
  const fix = [...findingsToFix(p)].sort((a, b) => Number(added.has(b)) - Number(added.has(a)));
  const mark = (f: Finding) => (added.has(f) ? `${f.severity}, **new**` : f.severity);
  const known = p.findings.filter((f) => f.planned);
  const out: string[] = [`## ${summaryLine(p, vs)}`, ''];
  if (level !== LEVELS[0])
    out.push(
      TRIMMED(
        level.busy === 'line'
          ? 'agents in one line each'
          : level.quiet !== 'full'
            ? 'agents with nothing to fix in short'
            : 'no diagrams',
      ),
      '',
    );
  if (fix.length > 0)
    out.push('### To fix', '', ...(level.fixMessages ? findingTable(p, fix, mark) : findingList(p, fix, mark)), '');
  if (known.length > 0) {
    out.push(
      `<details><summary>${plural(known.length, 'known gap')}: what the platforms cannot do, as the plan says</summary>`,
      '',
    );
    if (level.knownGaps === 'table') out.push(...findingTable(p, known));
    else {
      const byRule = new Map<string, number>();
      for (const f of known) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      out.push(...[...byRule].map(([rule, n]) => `- ${text(rule)}: ${n}`));
    }
    out.push('', '</details>', '');
  }
  const lines: string[] = [];
  for (const a of p.agents) {
    const toFix = fix.filter((f) => f.agent === a.agent).length;
    const shape = toFix > 0 ? level.busy : level.quiet;
    if (shape === 'line') lines.push(`- ${agentSummary(a, p)}`);
    else out.push(...agentSection(a, p, shape === 'full', level.diagrams));
  }
  if (lines.length > 0) out.push('### Agents', '', ...lines, '');
  out.push(...crosswalk(p));
  return out.join('\n');
}

/** The controls this report gives evidence for, collapsed: what each asks, the rules, and what they found. */
function crosswalk(p: Posture): string[] {
  const rows = controlsEvidence(p);
  const frameworks = [...new Set(rows.map((c) => FRAMEWORKS[c.framework]))];
  return [
    `<details><summary>Controls this report gives evidence for (${frameworks.join(', ')})</summary>`,
    '',
    `> ${CROSSWALK_NOTE}`,
    '',
    '| control | asks | evidence | to fix | known gaps |',
    '|---|---|---|---|---|',
    ...rows.map(
      (c) =>
        `| ${text(`${c.framework} ${c.reference}`)} | ${text(c.asks)}${c.limits ? ` (limit: ${text(c.limits)})` : ''} | ${plural(c.checks, 'check')} of ${text(c.rules.join(', '))} | ${c.toFix > 0 ? `**${c.toFix}**` : '0'} | ${c.knownGaps} |`,
    ),
    '',
    '</details>',
    '',
  ];
}

/**
 * The name a reviewer knows a resource id of an agent by: the store's (`logs: /convoguard/…`) or the key's, and
 * whether the platform keeps it (no synthesized resource); undefined when nothing names it. The report's tables and
 * the diff's use it.
 */
export function resourceName(
  p: Posture | undefined,
  agent: string,
  resource: string,
): { readonly name: string; readonly fromPlan: boolean } | undefined {
  const a = p?.agents.find((x) => x.agent === agent);
  const store = a?.stores.find((s) => s.resource === resource);
  if (store)
    return { name: `${STORE_LABEL[store.kind] ?? store.kind}: ${store.name}`, fromPlan: store.fromPlan === true };
  const key = a?.keys.find((k) => k.resource === resource);
  return key ? { name: `key ${key.name}`, fromPlan: false } : undefined;
}

/** A store's or key's real name for a resource id, with the id beside it; the id alone when nothing names it. */
function where(p: Posture, f: Finding): string {
  const n = resourceName(p, f.agent, f.resource);
  if (!n) return code(f.resource, 120);
  return `${text(n.name, 120)} ${n.fromPlan ? '(kept by the platform)' : code(f.resource, 80)}`;
}

/** The findings to fix in the fewest characters: what, where, whose; the messages are in the full report. */
function findingList(
  p: Posture,
  findings: readonly Finding[],
  severity: (f: Finding) => string = (f) => f.severity,
): string[] {
  return [
    '| severity | rule | agent | where |',
    '|---|---|---|---|',
    ...findings.map((f) => `| ${severity(f)} | ${text(f.rule)} | ${text(f.agent)} | ${where(p, f)} |`),
  ];
}

function findingTable(
  p: Posture,
  findings: readonly Finding[],
  severity: (f: Finding) => string = (f) => f.severity,
): string[] {
  return [
    '| severity | rule | agent | where | finding |',
    '|---|---|---|---|---|',
    ...findings.map(
      (f) => `| ${severity(f)} | ${text(f.rule)} | ${text(f.agent)} | ${where(p, f)} | ${text(f.message, 600)} |`,
    ),
  ];
}

/** One line per agent; `html` inside a <summary>, where GitHub does not render Markdown emphasis. */
function agentSummary(a: AgentPosture, p: Posture, html = false): string {
  const b = (s: string) => (html ? `<b>${s}</b>` : `**${s}**`);
  const fix = p.findings.filter((f) => f.agent === a.agent && !f.planned).length;
  const known = p.findings.filter((f) => f.agent === a.agent && f.planned).length;
  return `${b(text(a.agent, 120))} (${text(a.platform)}): protection ${a.attached ? 'attached' : b('not attached')}, ${plural(a.stores.length, 'store')}, ${fix > 0 ? b(`${plural(fix, 'finding')} to fix`) : 'nothing to fix'}, ${plural(known, 'known gap')}`;
}

function agentSection(a: AgentPosture, p: Posture, full: boolean, diagram: boolean): string[] {
  const out = [`<details><summary>${agentSummary(a, p, true)}</summary>`, '', `Read from ${code(a.source)}.`, ''];
  if (full) {
    out.push(`- Detected: ${a.detectors.length > 0 ? a.detectors.map((d) => code(d)).join(', ') : 'none'}`);
    out.push(
      `- Custom patterns: ${a.customPatterns.length > 0 ? a.customPatterns.map((d) => code(d)).join(', ') : 'none'}`,
    );
    out.push(`- Redaction: ${a.redaction.length > 0 ? a.redaction.map((r) => text(r)).join('; ') : 'none'}`);
    const d = a.detection;
    if (d && (d.threshold !== undefined || d.exclusions || d.findingsCap !== undefined)) {
      out.push(
        `- Detection threshold: ${d.threshold !== undefined ? text(String(d.threshold)) : 'the service default'}; exclusion rules: ${d.exclusions ?? 0}${d.findingsCap !== undefined ? `; **findings capped at ${d.findingsCap}**` : ''}`,
      );
    }
    if (d && d.rules.length > 0)
      out.push(
        `- De-identified: ${d.rules.map((r) => `${text(r.subject)} (${text(r.method)}${r.keeps > 0 ? `, keeps ${r.keeps}` : ''})`).join(', ')}`,
      );
    if (a.generative && a.generative.length > 0) {
      out.push('- Generative paths:');
      for (const g of a.generative)
        out.push(
          `  - ${text(g.path)}: ${g.guardrail ? `guardrail ${code(g.guardrail)}` : '**none**'}${g.note ? ` (${text(g.note)})` : ''}`,
        );
    }
    if (a.scans && a.scans.length > 0) {
      out.push('- Scans of your exports:');
      for (const sc of a.scans)
        out.push(
          `  - ${code(sc.target)}: ${text(sc.by)} ${text(sc.schedule)}, results to ${sc.findingsTo.map((f) => code(f)).join(', ') || '**nowhere**'}`,
        );
    }
    if (a.expected?.exceptionReason)
      out.push(
        `- Retention exception: sensitive data is kept longer than 24h because: ${text(a.expected.exceptionReason)}`,
      );
    out.push('');
  }
  if (a.stores.length > 0) {
    out.push('| store | kept at most | encryption | redacted | who can read |', '|---|---|---|---|---|');
    for (const s of a.stores) {
      const enc =
        s.encryption.kind === 'customer'
          ? s.encryption.key
            ? `customer key ${code(s.encryption.key, 80)}`
            : "customer-managed key (the hosting agent's)"
          : s.encryption.kind === 'unknown'
            ? 'not visible (yours)'
            : s.encryption.kind;
      const name = `${STORE_STATE[state(s)]} ${text(`${STORE_LABEL[s.kind]}: ${s.name}`, 160)}${s.public ? ' **public**' : ''}<br>${s.fromPlan ? 'kept by the platform' : code(s.resource, 80)}`;
      out.push(
        `| ${name} | ${text(formatBound(s.retention))} | ${enc} | ${s.redactedBy.map((r) => text(r)).join(', ') || (s.sensitive ? '**no (raw)**' : '—')} | ${formatReaders(s.readers)} |`,
      );
    }
    out.push('', 'Verified:', '', ...a.stores.map((s) => `- ${text(s.name, 160)}: ${verified(s)}`), '');
  }
  if (full && a.keys.length > 0) {
    out.push('| key | rotation | deletion protected | may decrypt |', '|---|---|---|---|');
    for (const k of a.keys) {
      const direct =
        [
          ...k.decrypters.map((d) => code(d)),
          ...(k.accountAdmins ? ['account administrators via the key policy'] : []),
        ].join(', ') || 'nobody';
      // The decrypter list limits direct decryption; the services decrypt for whoever they let read the store.
      const who = `directly: ${direct}${k.throughServices && k.throughServices.length > 0 ? `; through ${k.throughServices.map((v) => text(v)).join(', ')}: whoever the store lets read` : ''}`;
      out.push(
        `| ${text(k.name, 120)}<br>${code(k.resource, 80)} | ${k.rotationDays === undefined ? '**off**' : `${k.rotationDays}d`} | ${k.deletionProtected ? 'yes' : '**no**'} | ${who} |`,
      );
    }
    out.push('');
  }
  if (full) {
    const caveats = a.expected?.caveats ?? [];
    if (caveats.length > 0)
      out.push('What the platform cannot do:', '', ...caveats.map((c) => `- ${text(c, 1000)}`), '');
    const needs = a.expected?.deployerNeeds ?? [];
    if (needs.length > 0) out.push('Deploying it needs:', '', ...needs.map((n) => `- ${text(n, 1000)}`), '');
  }
  if (diagram && a.stores.length > 0) out.push('```mermaid', ...flowchart(a), '```', '');
  out.push('</details>', '');
  return out;
}

/** What verifies a store, or why nothing does (a sensitive store only: an anonymized one says what it is). */
function verified(s: StorePosture): string {
  if ((s.verifiedBy ?? []).length > 0) return s.verifiedBy!.map((v) => text(v)).join('; ');
  // A trend check (the Lex findings alarm) is named as what it is, never as a verification.
  const trend = (s.watchedBy ?? []).length > 0 ? ` (trend only: ${s.watchedBy!.map((v) => text(v)).join('; ')})` : '';
  return s.sensitive
    ? `**no**${s.unverifiedReason ? `: ${text(s.unverifiedReason)}` : ''}${trend}`
    : `no${s.unverifiedReason ? `: ${text(s.unverifiedReason)}` : ''}${trend}`;
}

type StoreState = 'anonymized' | 'redacted' | 'raw, unencrypted' | 'raw' | 'raw, encrypted';
function state(s: StorePosture): StoreState {
  return !s.sensitive
    ? 'anonymized'
    : s.redactedBy.length > 0
      ? 'redacted'
      : s.encryption.kind === 'none'
        ? 'raw, unencrypted'
        : s.encryption.kind === 'unknown'
          ? 'raw'
          : 'raw, encrypted';
}
/** A mark a reader sees without reading the columns: raw stores stand out. */
const STORE_STATE: Readonly<Record<StoreState, string>> = {
  anonymized: '🟢',
  redacted: '🟢',
  'raw, encrypted': '🟠',
  raw: '🔴',
  'raw, unencrypted': '🔴',
};

/**
 * Where conversation data goes: agent → each store, marked redacted or raw, with retention on the edge; raw stores
 * in red. `changed` marks the stores a diff weakened (a thick red border) or strengthened (green), by resource.
 */
export function flowchart(
  a: AgentPosture,
  changed: ReadonlyMap<string, 'weakening' | 'strengthening'> = new Map(),
): string[] {
  const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const agentNode = `agent_${id(a.agent)}`;
  const lines = ['flowchart LR', `  ${agentNode}(["${mermaidLabel(`${a.agent} (${a.platform})`)}"])`];
  const raw: string[] = [];
  const weaker: string[] = [];
  const stronger: string[] = [];
  a.stores.forEach((s, i) => {
    const node = `${agentNode}_${i}`;
    const st = state(s);
    if (st.startsWith('raw')) raw.push(node);
    if (changed.get(s.resource) === 'weakening') weaker.push(node);
    else if (changed.get(s.resource) === 'strengthening') stronger.push(node);
    lines.push(`  ${node}[("${mermaidLabel(`${STORE_LABEL[s.kind]}: ${s.name}`)}")]`);
    lines.push(`  ${agentNode} -- "${mermaidLabel(`${st}, ${formatBound(s.retention)}`)}" --> ${node}`);
  });
  if (raw.length > 0)
    lines.push('  classDef raw fill:#fde2e2,stroke:#c0392b,stroke-width:2px', `  class ${raw.join(',')} raw`);
  if (weaker.length > 0)
    lines.push(
      '  classDef weakened stroke:#c0392b,stroke-width:5px,stroke-dasharray:6 3',
      `  class ${weaker.join(',')} weakened`,
    );
  if (stronger.length > 0)
    lines.push('  classDef strengthened stroke:#1e8449,stroke-width:4px', `  class ${stronger.join(',')} strengthened`);
  return lines;
}
