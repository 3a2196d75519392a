/** The gate's result as Markdown for a pull-request comment, and as versioned JSON for tools. */
import type { PostureChange } from '../diff';
import type { OutputChange } from './change';
import type { GateResult } from './gate';
import { code as mdCode, COMMENT_BUDGET, cutToBudget, text } from '../md';
import { flowchart, resourceName } from '../markdown';

const cell = (s: string | undefined, max = 200) => text(s, max);
const code = (s: string) => mdCode(s, 160);

export function verdictLine(r: GateResult): string {
  const inPosture = r.posture.filter((p) => p.class === 'weakening').length;
  const inOutput = r.output.filter((c) => c.class === 'weakening').length;
  const weak = inPosture + inOutput;
  const unclassified = r.output.filter((c) => c.class === 'unverified' && !c.acknowledged).length;
  const acknowledged = r.output.filter((c) => c.acknowledged).length;
  const changed = r.posture.length + r.output.filter((c) => c.class !== 'neutral').length;
  if (weak > 0 || unclassified > 0) {
    const parts = [
      ...(weak > 0
        ? [
            `${weak} change${weak === 1 ? ' weakens' : 's weaken'} privacy posture (${inPosture} in the posture, ${inOutput} in the deployed output)`,
          ]
        : []),
      ...(unclassified > 0
        ? [`${unclassified} the gate cannot classify (a weakening until acknowledged with a reason)`]
        : []),
    ];
    return `🔴 ${parts.join('; ')}`;
  }
  if (acknowledged > 0)
    return `🟡 no change weakens privacy posture; ${acknowledged} change${acknowledged === 1 ? '' : 's'} the gate cannot classify ${acknowledged === 1 ? 'is' : 'are'} acknowledged in this pull request: read the reasons`;
  return changed > 0 ? '🟢 no change weakens privacy posture' : '🟢 no posture change';
}

function postureTable(r: Pick<GateResult, 'posture' | 'basePosture' | 'headPosture'>): string[] {
  const changes = r.posture;
  if (changes.length === 0) return [];
  const order = ['weakening', 'strengthening', 'neutral'];
  return [
    '### Posture, per agent',
    '',
    '| class | agent | resource | change |',
    '|---|---|---|---|',
    ...[...changes]
      .sort((x, y) => order.indexOf(x.class) - order.indexOf(y.class))
      .map((c) => `| ${c.class} | ${cell(c.agent)} | ${named(r, c)} | ${cell(c.message, 400)} |`),
    '',
  ];
}

/**
 * A changed resource by the name a reviewer knows, with the logical id or address beside it for the template; the id
 * alone when nothing names it. The base's name comes first: the head's is the pull request's to choose, so a renamed
 * store shows both.
 */
function named(r: Pick<GateResult, 'basePosture' | 'headPosture'>, c: PostureChange): string {
  const base = resourceName(r.basePosture, c.agent, c.resource);
  const head = resourceName(r.headPosture, c.agent, c.resource);
  const first = base ?? head;
  if (!first) return code(c.resource);
  const renamed = base && head && head.name !== base.name ? ` (now ${cell(head.name, 120)})` : '';
  return `${cell(first.name, 120)}${renamed}${first.fromPlan ? '' : ` ${code(c.resource)}`}`;
}

/**
 * Per agent whose posture changed, where its data goes in the head, with the stores this change weakened (red,
 * dashed) or strengthened (green) marked and raw stores in red: the change seen, not only listed. Omitted when the
 * comment must be shortened.
 */
function changeDiagrams(r: GateResult, include: boolean): string[] {
  if (!include) return [];
  const out: string[] = [];
  for (const agent of [...new Set(r.posture.filter((c) => c.class !== 'neutral').map((c) => c.agent))]) {
    const a = r.headPosture.agents.find((x) => x.agent === agent);
    if (!a || a.stores.length === 0) continue;
    const marks = new Map<string, 'weakening' | 'strengthening'>();
    for (const c of r.posture.filter((x) => x.agent === agent)) {
      if (c.class === 'weakening') marks.set(c.resource, 'weakening');
      else if (c.class === 'strengthening' && !marks.has(c.resource)) marks.set(c.resource, 'strengthening');
    }
    out.push(
      `<details><summary>Where ${text(agent, 120)}'s data goes with this change</summary>`,
      '',
      '```mermaid',
      ...flowchart(a, marks),
      '```',
      '',
      '</details>',
      '',
    );
  }
  return out;
}

function outputTable(changes: readonly OutputChange[]): string[] {
  return [
    '| class | resource | path | before → after | why |',
    '|---|---|---|---|---|',
    ...changes.map(
      (c) =>
        `| ${c.class}${c.acknowledged ? ` (acknowledged in ${c.acknowledged.by}: ${cell(c.acknowledged.reason, 200)})` : ''} | ${code(c.resource)}${c.resource !== c.file ? ` in ${code(c.file)}` : ''} | ${code(c.path)} | ${cell(c.before, 80)} → ${cell(c.after, 80)} | ${cell(c.why, 300)} |`,
    ),
  ];
}

/**
 * The gate's comment, within `budget` characters (GitHub refuses a comment over 65,536): the strengthening and
 * neutral changes are counted instead of listed first, then the rest is cut at a line, and the comment says so.
 */
export function renderGateMarkdown(r: GateResult, budget = COMMENT_BUDGET): string {
  const full = gateMarkdown(r, true);
  if (full.length <= budget) return full;
  const short = gateMarkdown(r, false);
  const note =
    '> Shortened to fit a pull-request comment. Every change: `convoguard diff --base DIR --head DIR --out diff.md` (the CI job writes it to its summary), or `--format json`.';
  return short.length + note.length + 2 <= budget ? `${short}\n${note}\n` : cutToBudget(short, budget, note);
}

function gateMarkdown(r: GateResult, listRest: boolean): string {
  const count = (cls: OutputChange['class']) => r.output.filter((c) => c.class === cls).length;
  const out = [
    `## ${verdictLine(r)}`,
    '',
    `Posture: ${r.posture.filter((p) => p.class === 'weakening').length} weakening, ${r.posture.filter((p) => p.class === 'strengthening').length} strengthening, ${r.posture.filter((p) => p.class === 'neutral').length} neutral. Deployed output: ${count('weakening')} weakening, ${count('unverified')} unclassified (${r.output.filter((c) => c.acknowledged).length} acknowledged), ${count('strengthening')} strengthening, ${count('neutral')} neutral.`,
    '',
  ];
  if (r.base.generator !== r.head.generator)
    out.push(
      `The base was synthesized by ${cell(r.base.generator)}, the head by ${cell(r.head.generator)}: every output change is classified below.`,
      '',
    );
  out.push(...postureTable(r));
  out.push(...changeDiagrams(r, listRest));
  const fates = r.impact.filter((f) => f.fate !== 'created' || f.draftOnly);
  if (fates.length > 0 || r.impact.some((f) => f.draftOnly)) {
    out.push(
      '### Stateful resources: what this change does to them',
      '',
      '| fate | resource | type | why | loses |',
      '|---|---|---|---|---|',
    );
    for (const f of fates)
      out.push(
        `| ${f.fate === 'replaced' || f.fate === 'deleted' ? `**${f.fate}**` : f.fate} | ${code(f.resource)} | ${code(f.type)} | ${cell(f.draftOnly ?? f.because ?? (f.fate === 'updated' ? 'updated in place' : ''), 300)} | ${cell(f.loses ?? '—', 200)} |`,
      );
    out.push('');
  }
  const failing = r.output.filter((c) => c.class === 'weakening' || c.class === 'unverified');
  if (failing.length > 0)
    out.push('### Deployed output: weakening and unclassified changes', '', ...outputTable(failing), '');
  const rest = r.output.filter((c) => c.class === 'strengthening' || c.class === 'neutral');
  if (rest.length > 0 && !listRest)
    out.push(
      `${rest.length} strengthening and neutral output change${rest.length === 1 ? '' : 's'}, not listed here.`,
      '',
    );
  else if (rest.length > 0)
    out.push(
      '<details><summary>' +
        `${rest.length} strengthening and neutral output change${rest.length === 1 ? '' : 's'}` +
        '</summary>',
      '',
      ...outputTable(rest),
      '',
      '</details>',
      '',
    );
  const open = r.output.filter((c) => c.class === 'unverified' && !c.acknowledged);
  if (open.length > 0) {
    out.push(
      '<details><summary>To acknowledge the unclassified changes, once reviewed</summary>',
      '',
      'Add this to the policy and write each reason (validate refuses an empty one); the acknowledgement then shows beside the change. A weakening still needs the approval your CI asks for.',
      '',
      '```yaml',
      acknowledgeSnippet(open),
      '```',
      '',
      '</details>',
      '',
    );
  }
  if (r.unusedAcknowledgements.length > 0) {
    out.push(
      '### Acknowledgements that match no change',
      '',
      'Remove them: a stale acknowledgement would also cover a later change of the same place.',
      '',
    );
    for (const a of r.unusedAcknowledgements)
      out.push(`- ${code(a.resource)} ${code(a.path)} (${a.by}): ${cell(a.reason)}`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * A YAML double-quoted string that is the same text (JSON's escapes are YAML's), with the characters JSON leaves raw
 * but a comment or terminal would act on (bidirectional overrides, line separators) escaped too.
 */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

/** The `review.acknowledge` block that would cover `changes` (one entry per resource and path), reasons left empty. */
export function acknowledgeSnippet(changes: readonly OutputChange[]): string {
  const seen = new Set<string>();
  const lines = ['review:', '  acknowledge:'];
  for (const c of changes) {
    const key = `${c.resource}\u0000${c.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`    - { resource: ${yamlString(c.resource)}, path: ${yamlString(c.path)}, reason: '' }`);
  }
  return lines.join('\n');
}

/** The JSON a tool reads: versioned, without the postures themselves (the report has those). */
export function gateJson(r: GateResult): string {
  const { basePosture: _b, headPosture: _h, ...rest } = r;
  void _b;
  void _h;
  return JSON.stringify(rest, null, 2) + '\n';
}
