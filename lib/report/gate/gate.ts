/**
 * The review gate, deny-by-default: two syntheses are compared as posture (what protects each agent, in the report's
 * vocabulary) and as output (every unit of every file the deploy tools read, each change classified by the shape
 * of its type). A pull request passes only when no posture change weakens protection and every output change is
 * neutral, strengthening, or acknowledged with a reason.
 */
import { diffPostures, PostureChange } from '../diff';
import type { Posture } from '../model';
import { postureOf } from '../posture';
import { canonical, failsGate, formatPath, OutputChange, showValue, Verdict } from './change';
import { compare, Cx } from './compare';
import { changeImpact, ResourceFate } from './impact';
import { integrityProblems } from './integrity';
import { docsOf, Synthesis } from './output';
import { UnitCx } from './shape';
import { shapeOf } from './shapes';
import { sideOf, Unit, unitsOf } from './units';
import { isMap } from './compare';

export interface Acknowledgement {
  /** The resource as the change names it: a logical id, a Terraform address, or a file. */
  readonly resource: string;
  /** The property path as the change names it; a change below it is covered too. '' covers the whole resource. */
  readonly path: string;
  readonly reason: string;
  readonly by: 'policy' | 'code';
}

export interface GateResult {
  readonly schemaVersion: 1;
  readonly base: { readonly generator: string; readonly policy: string };
  readonly head: { readonly generator: string; readonly policy: string };
  /** Posture changes per agent (what the report shows, compared). */
  readonly posture: readonly PostureChange[];
  /** Every change of the deployed output, classified. */
  readonly output: readonly OutputChange[];
  /** What the change does to each stateful resource (kept ones left out). */
  readonly impact: readonly ResourceFate[];
  /** Acknowledgements that match no change of this pull request (stale ones can hide a later change: remove them). */
  readonly unusedAcknowledgements: readonly Acknowledgement[];
  /** True when nothing weakens protection and nothing unclassified is left unacknowledged. */
  readonly passes: boolean;
  /** The postures compared, for the report. */
  readonly basePosture: Posture;
  readonly headPosture: Posture;
}

/** A unit's value without what only names it (CloudFormation Metadata, Terraform's "//" comment). */
function withoutMetadata(v: unknown): unknown {
  if (!isMap(v)) return v;
  const { Metadata: _m, '//': _c, ...rest } = v;
  void _m;
  void _c;
  return rest;
}

/** Acknowledgements of the head: review.acknowledge of its policy (out/plan.json) and those written on resources. */
function acknowledgementsOf(head: Synthesis, units: readonly Unit[]): Acknowledgement[] {
  const plan = head.files.get('out/plan.json')?.doc;
  const review = isMap(plan) && isMap(plan.review) ? plan.review : {};
  const fromPolicy = (Array.isArray(review.acknowledge) ? review.acknowledge : [])
    .filter(
      (a): a is Record<string, string> => isMap(a) && typeof a.resource === 'string' && typeof a.reason === 'string',
    )
    .map((a) => ({
      resource: a.resource,
      path: typeof a.path === 'string' ? a.path : '',
      reason: a.reason,
      by: 'policy' as const,
    }));
  const fromCode = units.flatMap((u) =>
    u.acknowledgements.map((a) => ({ resource: u.address, path: a.path, reason: a.reason, by: 'code' as const })),
  );
  return [...fromPolicy, ...fromCode];
}

function covers(a: Acknowledgement, c: OutputChange): boolean {
  if (a.resource !== c.resource) return false;
  return a.path === '' || c.path === a.path || c.path.startsWith(`${a.path}.`) || c.path.startsWith(`${a.path}[`);
}

/** Compares two syntheses; see the module comment. Both must have been read by `readSynthesis`. */
export function runGate(base: Synthesis, head: Synthesis): GateResult {
  const basePosture = postureOf(docsOf(base));
  const headPosture = postureOf(docsOf(head));
  const posture = diffPostures(basePosture, headPosture);

  const baseUnits = unitsOf(base);
  const headUnits = unitsOf(head);
  const byFile = (units: readonly Unit[]) => {
    const m = new Map<string, Unit[]>();
    for (const u of units) m.set(u.file, [...(m.get(u.file) ?? []), u]);
    return m;
  };
  const baseFiles = byFile(baseUnits);
  const headFiles = byFile(headUnits);
  const sides = new Map<string, { base: ReturnType<typeof sideOf>; head: ReturnType<typeof sideOf> }>();
  const sidesOf = (file: string) => {
    let s = sides.get(file);
    if (!s) sides.set(file, (s = { base: sideOf(baseFiles.get(file) ?? []), head: sideOf(headFiles.get(file) ?? []) }));
    return s;
  };
  // An agent is new when the base had none of its name on its platform: an agent moved to another platform (Dialogflow
  // CX to CX Agent Studio) is a new protection, judged by its plan, and the posture diff says what the move changes.
  const agentKey = (name: string, platform: string | undefined) => `${name}\u0000${platform ?? ''}`;
  const baseAgents = new Set(basePosture.agents.map((a) => agentKey(a.agent, a.platform)));
  const headPlatform = new Map(headPosture.agents.map((a) => [a.agent, a.platform]));
  const headByType = new Map<string, Array<{ file: string; address: string; value: unknown }>>();
  for (const u of headUnits)
    headByType.set(u.type, [...(headByType.get(u.type) ?? []), { file: u.file, address: u.address, value: u.value }]);
  const anywhere = (type: string) => headByType.get(type) ?? [];
  const deviations = (agent: string) =>
    headPosture.findings.filter((f) => f.agent === agent && !f.planned).map((f) => `${f.rule} ${f.message}`);

  const output: OutputChange[] = [];
  const emit = (u: Unit, vs: readonly Verdict[], side: 'changed' | 'added' | 'removed') => {
    for (const v of vs) {
      const whole = v.path.length === 0 && v.before === undefined && v.after === undefined;
      output.push({
        class: v.class,
        file: u.file,
        resource: u.address,
        type: u.type,
        path: formatPath(v.path),
        ...(whole
          ? side === 'removed'
            ? { before: showValue(u.value) }
            : side === 'added'
              ? { after: showValue(u.value) }
              : {}
          : { before: showValue(v.before), after: showValue(v.after) }),
        why: v.why,
        ...(u.agent !== undefined ? { agent: u.agent } : {}),
      });
    }
  };
  const headByKey = new Map(headUnits.map((u) => [u.key, u]));
  const baseByKey = new Map(baseUnits.map((u) => [u.key, u]));
  // A unit that only moved to a new address (a construct id changed, its value the same but for construct metadata):
  // one neutral change, not a removal and an addition (which for a grant would read as "revoked" and "granted").
  const renamedFrom = new Map<string, Unit>();
  const renamedTo = new Set<string>();
  {
    const content = (u: Unit) => `${u.file}\u0000${u.type}\u0000${canonical(withoutMetadata(u.value))}`;
    const removed = new Map<string, Unit[]>();
    for (const b of baseUnits)
      if (!headByKey.has(b.key)) removed.set(content(b), [...(removed.get(content(b)) ?? []), b]);
    for (const h of headUnits) {
      if (baseByKey.has(h.key)) continue;
      const same = removed.get(content(h));
      const b = same?.shift();
      if (b) {
        renamedFrom.set(h.key, b);
        renamedTo.add(b.key);
      }
    }
  }
  for (const b of baseUnits) {
    if (renamedTo.has(b.key)) continue;
    const h = headByKey.get(b.key);
    const s = sidesOf(b.file);
    const cx: Cx = { dialect: b.dialect, base: s.base, head: s.head, anywhere };
    if (h === undefined) {
      emit(
        b,
        shapeOf(b.type).removed(b.value, { ...cx, agent: b.agent, newAgent: false, agentDeviations: [] }),
        'removed',
      );
      continue;
    }
    // A type that changes is a different resource under the same address.
    const shape = shapeOf(h.type === b.type ? h.type : '(type changed)');
    emit(h, compare(shape.compare, b.value, h.value, [], cx), 'changed');
  }
  for (const h of headUnits) {
    if (baseByKey.has(h.key)) continue;
    const from = renamedFrom.get(h.key);
    if (from) {
      emit(
        h,
        [
          {
            path: [],
            class: 'neutral',
            why: `the same resource under a new address (was ${from.address}); the change impact says whether the deploy tool moves or replaces it`,
            before: from.address,
            after: h.address,
          },
        ],
        'changed',
      );
      continue;
    }
    const s = sidesOf(h.file);
    const ucx: UnitCx = {
      dialect: h.dialect,
      base: s.base,
      head: s.head,
      anywhere,
      agent: h.agent,
      newAgent: h.agent !== undefined && !baseAgents.has(agentKey(h.agent, headPlatform.get(h.agent))),
      agentDeviations: h.agent !== undefined ? deviations(h.agent) : [],
    };
    emit(h, shapeOf(h.type).added(h.value, ucx), 'added');
  }
  output.push(...integrityProblems(head));
  for (const f of head.missing)
    output.push({
      class: 'weakening',
      file: f,
      resource: f,
      type: 'file',
      path: '',
      why: 'the synthesis wrote this file and it is gone: what it deployed is no longer reviewed, and deploy tools may fail or use another',
    });

  const acks = acknowledgementsOf(head, headUnits);
  const used = new Set<Acknowledgement>();
  const acknowledged = output.map((c) => {
    if (c.class !== 'unverified') return c;
    const a = acks.find((x) => covers(x, c));
    if (!a) return c;
    used.add(a);
    return { ...c, acknowledged: { reason: a.reason, by: a.by } };
  });
  const order = { weakening: 0, unverified: 1, strengthening: 2, neutral: 3 } as const;
  acknowledged.sort(
    (x, y) =>
      order[x.class] - order[y.class] ||
      x.file.localeCompare(y.file) ||
      x.resource.localeCompare(y.resource) ||
      x.path.localeCompare(y.path),
  );
  const generator = (s: Synthesis) => ({ generator: s.manifest.generator, policy: s.manifest.policy?.file ?? '' });
  return {
    schemaVersion: 1,
    base: generator(base),
    head: generator(head),
    posture,
    output: acknowledged,
    impact: changeImpact(base, head).filter((f) => f.fate !== 'kept'),
    unusedAcknowledgements: acks.filter((a) => !used.has(a)),
    passes: !posture.some((p) => p.class === 'weakening') && !acknowledged.some(failsGate),
    basePosture,
    headPosture,
  };
}
