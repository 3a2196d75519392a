/** Posture changes between a base and a head synthesis, each classed as weakening, strengthening or neutral. */
import { boundSeconds, formatBound } from '../policy/posture';
import type { AgentPosture, DetectionSettings, Posture, StorePosture } from './model';

export type ChangeClass = 'weakening' | 'strengthening' | 'neutral';

export interface PostureChange {
  readonly class: ChangeClass;
  readonly agent: string;
  /** Store, key or aspect the change is about. */
  readonly subject: string;
  /** CloudFormation logical id or Terraform address (head's, or base's for removals). */
  readonly resource: string;
  readonly message: string;
}

export function diffPostures(base: Posture, head: Posture): PostureChange[] {
  const out: PostureChange[] = [];
  const baseAgents = new Map(base.agents.map((a) => [a.agent, a]));
  const headAgents = new Map(head.agents.map((a) => [a.agent, a]));
  for (const [name, b] of baseAgents) {
    const h = headAgents.get(name);
    if (!h)
      out.push({
        class: 'weakening',
        agent: name,
        subject: 'agent',
        resource: b.source,
        message: `protection for agent "${name}" was removed`,
      });
    else {
      if (b.platform !== h.platform) out.push(platformMove(b, h));
      out.push(...diffAgent(b, h));
    }
  }
  for (const [name, h] of headAgents) {
    if (!baseAgents.has(name))
      out.push({
        class: 'strengthening',
        agent: name,
        subject: 'agent',
        resource: h.source,
        message: `agent "${name}" is now protected`,
      });
  }
  return out;
}

/**
 * An agent moved to another platform (`cxas migrate dfcx` takes a Dialogflow CX agent to CX Agent Studio): nothing of
 * its protection carries over, so the move is a weakening to approve, naming what the new platform cannot do that the
 * old one's plan did not already say. The store-by-store changes follow it.
 */
function platformMove(b: AgentPosture, h: AgentPosture): PostureChange {
  const before = new Set(b.expected?.caveats ?? []);
  const cannot = (h.expected?.caveats ?? []).filter((c) => !before.has(c));
  return {
    class: 'weakening',
    agent: h.agent,
    subject: 'platform',
    resource: h.source,
    message: `moves from ${b.platform} to ${h.platform}: its protection is rebuilt there, nothing carries over${cannot.length > 0 ? `; on ${h.platform}: ${cannot.join(' ')}` : ''}`,
  };
}

function listChanges(
  agent: string,
  subject: string,
  resource: string,
  base: readonly string[],
  head: readonly string[],
  removedIs: ChangeClass,
  what: string,
): PostureChange[] {
  const added = head.filter((x) => !base.includes(x));
  const removed = base.filter((x) => !head.includes(x));
  const flip = (c: ChangeClass): ChangeClass =>
    c === 'weakening' ? 'strengthening' : c === 'strengthening' ? 'weakening' : 'neutral';
  return [
    ...removed.map((x) => ({ class: removedIs, agent, subject, resource, message: `${what} removed: ${x}` })),
    ...added.map((x) => ({ class: flip(removedIs), agent, subject, resource, message: `${what} added: ${x}` })),
  ];
}

function diffAgent(b: AgentPosture, h: AgentPosture): PostureChange[] {
  const out: PostureChange[] = [];
  const a = h.agent;
  out.push(...listChanges(a, 'detection', h.source, b.detectors, h.detectors, 'weakening', 'detector'));
  out.push(...listChanges(a, 'detection', h.source, b.customPatterns, h.customPatterns, 'weakening', 'custom pattern'));
  out.push(
    ...listChanges(
      a,
      'redaction',
      h.source,
      b.redaction.map(stripCount),
      h.redaction.map(stripCount),
      'weakening',
      'redaction',
    ),
  );
  for (const r of h.redaction) {
    const before = b.redaction.find((x) => stripCount(x) === stripCount(r));
    const [bn, hn] = [count(before), count(r)];
    if (bn !== undefined && hn !== undefined && hn < bn)
      out.push({
        class: 'weakening',
        agent: a,
        subject: 'redaction',
        resource: h.source,
        message: `${stripCount(r)}: ${bn} → ${hn} redacted`,
      });
    // "(Kafka topics: a, b)": a topic gained or lost is a topic the agent writes anonymized events to or no longer does.
    const [tb, th] = [topicsOf(before), topicsOf(r)];
    for (const t of th.filter((x) => !tb.includes(x)))
      out.push({
        class: 'neutral',
        agent: a,
        subject: 'redaction',
        resource: h.source,
        message: `${stripCount(r)}: anonymized events also go to topic ${t}`,
      });
    for (const t of tb.filter((x) => !th.includes(x)))
      out.push({
        class: 'neutral',
        agent: a,
        subject: 'redaction',
        resource: h.source,
        message: `${stripCount(r)}: no anonymized events go to topic ${t} any more`,
      });
  }
  out.push(...diffDetection(a, h.source, b.detection, h.detection));
  // What production runs: the live alias's version, published from the current definition or not.
  if (b.liveVersion?.current === true && h.liveVersion?.current !== true) {
    out.push({
      class: 'weakening',
      agent: a,
      subject: 'version',
      resource: h.liveVersion?.resource ?? h.source,
      message:
        h.liveVersion?.current === false
          ? "the live alias now serves a version published from another definition than the bot's: the bot's protection does not reach production"
          : 'the live alias now serves a version whose definition the output does not show',
    });
  }
  if (b.liveVersion?.current !== true && h.liveVersion?.current === true)
    out.push({
      class: 'strengthening',
      agent: a,
      subject: 'version',
      resource: h.liveVersion.resource,
      message: "the live alias now serves a version published from the bot's current definition",
    });
  const cannot = (x: AgentPosture) => (x.unverified ?? []).map((u) => `${u.resource}: ${u.what}`);
  // Something the reader cannot verify in the head is a weakening: the gate never passes what it could not read.
  out.push(...listChanges(a, 'verification', h.source, cannot(b), cannot(h), 'strengthening', 'cannot verify'));
  // A generative path that loses its guardrail, or a new one without any, lets prompts through unscreened.
  const guarded = (x: AgentPosture) =>
    (x.generative ?? []).filter((g) => g.guardrail !== undefined).map((g) => `${g.path}: ${g.guardrail}`);
  const unguarded = (x: AgentPosture) =>
    (x.generative ?? []).filter((g) => g.guardrail === undefined).map((g) => g.path);
  out.push(...listChanges(a, 'generative', h.source, guarded(b), guarded(h), 'weakening', 'guardrail'));
  out.push(
    ...listChanges(a, 'generative', h.source, unguarded(b), unguarded(h), 'strengthening', 'unguarded generative path'),
  );
  // A scan is named by what scans what; its schedule is compared on its own (more often is stronger).
  const scans = (x: AgentPosture) => (x.scans ?? []).map((s) => `${s.by} of ${s.target}`);
  out.push(...listChanges(a, 'verification', h.source, scans(b), scans(h), 'weakening', 'scan'));
  for (const hs of h.scans ?? []) {
    const bs = (b.scans ?? []).find((s) => s.by === hs.by && s.target === hs.target);
    if (!bs || bs.schedule === hs.schedule) continue;
    const [db, dh] = [scanDays(bs.schedule), scanDays(hs.schedule)];
    const cls: ChangeClass =
      db === undefined || dh === undefined
        ? 'weakening'
        : dh > db
          ? 'weakening'
          : dh < db
            ? 'strengthening'
            : 'neutral';
    out.push({
      class: cls,
      agent: a,
      subject: 'verification',
      resource: h.source,
      message: `${hs.by} of ${hs.target}: ${bs.schedule} → ${hs.schedule}`,
    });
  }
  // The logs:Unmask deny acts only where attached (CG-UNMASK): an identity losing it can unmask the logs.
  if (b.denyUnmask && !h.denyUnmask)
    out.push({
      class: 'weakening',
      agent: a,
      subject: 'access',
      resource: h.source,
      message: 'CG-UNMASK: the logs:Unmask deny was removed',
    });
  else if (b.denyUnmask && h.denyUnmask) {
    const bt = b.denyUnmaskAttachedTo ?? [];
    const ht = h.denyUnmaskAttachedTo ?? [];
    for (const t of bt.filter((x) => !ht.includes(x)))
      out.push({
        class: 'weakening',
        agent: a,
        subject: 'access',
        resource: h.source,
        message: `CG-UNMASK: the logs:Unmask deny no longer applies to ${t}${ht.length === 0 ? ', nor to anyone else' : ''}`,
      });
    for (const t of ht.filter((x) => !bt.includes(x)))
      out.push({
        class: 'strengthening',
        agent: a,
        subject: 'access',
        resource: h.source,
        message: `CG-UNMASK: the logs:Unmask deny now applies to ${t}`,
      });
  } else if (!b.denyUnmask && h.denyUnmask)
    out.push({
      class: 'strengthening',
      agent: a,
      subject: 'access',
      resource: h.source,
      message: 'CG-UNMASK: a logs:Unmask deny was added',
    });
  if (b.attached && !h.attached)
    out.push({
      class: 'weakening',
      agent: a,
      subject: 'attachment',
      resource: h.source,
      message: 'redaction detached from the agent',
    });
  if (!b.attached && h.attached)
    out.push({
      class: 'strengthening',
      agent: a,
      subject: 'attachment',
      resource: h.source,
      message: 'protection attached to the agent',
    });

  const key = (s: StorePosture) => `${s.kind}:${s.name}`;
  const headStores = new Map(h.stores.map((s) => [key(s), s]));
  const baseStores = new Map(b.stores.map((s) => [key(s), s]));
  // Stores whose display name is their address (CloudFormation buckets) are matched by kind when unique.
  for (const [k, bs] of baseStores) {
    let hs = headStores.get(k);
    if (!hs) {
      const sameKind = h.stores.filter((s) => s.kind === bs.kind && !baseStores.has(key(s)));
      if (sameKind.length === 1) hs = sameKind[0];
    }
    if (!hs) {
      out.push({
        class: 'neutral',
        agent: a,
        subject: bs.kind,
        resource: bs.resource,
        message: `${bs.kind} "${bs.name}" is no longer written`,
      });
      continue;
    }
    out.push(...diffStore(a, bs, hs, b.policyKinds, h.policyKinds));
  }
  for (const [k, hs] of headStores) {
    const matched =
      baseStores.has(k) ||
      b.stores.some(
        (s) =>
          s.kind === hs.kind &&
          !headStores.has(key(s)) &&
          h.stores.filter((x) => x.kind === hs.kind && !baseStores.has(key(x))).length === 1,
      );
    if (!matched)
      out.push({
        class: hs.sensitive ? 'weakening' : 'neutral',
        agent: a,
        subject: hs.kind,
        resource: hs.resource,
        message: `new ${hs.kind} "${hs.name}" (${hs.redactedBy.length > 0 ? 'redacted' : hs.sensitive ? 'raw' : 'anonymized'}, ${formatBound(hs.retention)})`,
      });
  }

  const headKeys = new Map(h.keys.map((k) => [k.name, k]));
  for (const bk of b.keys) {
    const hk = headKeys.get(bk.name) ?? (b.keys.length === 1 && h.keys.length === 1 ? h.keys[0] : undefined);
    if (!hk) continue;
    if (bk.resource !== hk.resource)
      out.push({
        class: 'neutral',
        agent: a,
        subject: 'key',
        resource: hk.resource,
        message: `key resource renamed from ${bk.resource}`,
      });
    out.push(...listChanges(a, 'key', hk.resource, bk.decrypters, hk.decrypters, 'strengthening', 'decrypter'));
    if (bk.rotationDays !== undefined && (hk.rotationDays === undefined || hk.rotationDays > bk.rotationDays)) {
      out.push({
        class: 'weakening',
        agent: a,
        subject: 'key',
        resource: hk.resource,
        message: `key rotation ${bk.rotationDays}d → ${hk.rotationDays === undefined ? 'off' : `${hk.rotationDays}d`}`,
      });
    } else if (hk.rotationDays !== undefined && (bk.rotationDays === undefined || hk.rotationDays < bk.rotationDays)) {
      out.push({
        class: 'strengthening',
        agent: a,
        subject: 'key',
        resource: hk.resource,
        message: `key rotation ${bk.rotationDays === undefined ? 'off' : `${bk.rotationDays}d`} → ${hk.rotationDays}d`,
      });
    }
    if (bk.deletionProtected && !hk.deletionProtected)
      out.push({
        class: 'weakening',
        agent: a,
        subject: 'key',
        resource: hk.resource,
        message: 'key deletion protection removed',
      });
    if (!bk.accountAdmins && hk.accountAdmins)
      out.push({
        class: 'weakening',
        agent: a,
        subject: 'key',
        resource: hk.resource,
        message: 'account administrators can now decrypt through the key policy',
      });
    if (bk.accountAdmins && !hk.accountAdmins)
      out.push({
        class: 'strengthening',
        agent: a,
        subject: 'key',
        resource: hk.resource,
        message: 'account administrators can no longer decrypt through the key policy',
      });
  }
  return out;
}

function diffStore(
  agent: string,
  b: StorePosture,
  h: StorePosture,
  basePolicyKinds?: readonly string[],
  headPolicyKinds?: readonly string[],
): PostureChange[] {
  const out: PostureChange[] = [];
  const subject = `${h.kind} "${h.name}"`;
  const push = (c: ChangeClass, message: string) =>
    out.push({ class: c, agent, subject, resource: h.resource, message });
  if (b.resource !== h.resource) push('neutral', `${subject}: resource renamed from ${b.resource}`);
  const br = boundSeconds(b.retention) ?? Infinity;
  const hr = boundSeconds(h.retention) ?? Infinity;
  if (hr > br)
    push(
      'weakening',
      `${subject}: ${h.kind === 'anonymized-topic' ? 'topic ' : ''}retention up ${formatBound(b.retention)} → ${formatBound(h.retention)}`,
    );
  if (hr < br)
    push('strengthening', `${subject}: retention down ${formatBound(b.retention)} → ${formatBound(h.retention)}`);
  out.push(
    ...listChanges(
      agent,
      subject,
      h.resource,
      [...new Set(b.readers.map((r) => r.who))],
      [...new Set(h.readers.map((r) => r.who))],
      'strengthening',
      `${subject}: reader`,
    ),
  );
  const rank = { none: 0, unknown: 1, provider: 1, customer: 2 } as const;
  if (rank[h.encryption.kind] < rank[b.encryption.kind])
    push(
      'weakening',
      `${subject}: encryption ${b.encryption.kind} → ${h.encryption.kind}${h.encryption.kind === 'provider' ? ' (provider-managed key)' : ''}`,
    );
  else if (rank[h.encryption.kind] > rank[b.encryption.kind])
    push('strengthening', `${subject}: encryption ${b.encryption.kind} → ${h.encryption.kind}`);
  else if (b.encryption.kind === 'customer' && b.encryption.key !== h.encryption.key)
    push('neutral', `${subject}: key changed ${b.encryption.key} → ${h.encryption.key}`);
  if (!b.public && h.public) push('weakening', `${subject}: public access opened`);
  if (b.public && !h.public) push('strengthening', `${subject}: public access blocked`);
  // "anonymized …, except k1, k2 (…)": the redaction itself, then the kinds it leaves raw. A kind the base policy did
  // not name at all is not a loss when it joins the exceptions (CG-KINDS names it); one it named is.
  const [rb, rh] = [b.redactedBy.map(splitExcept), h.redactedBy.map(splitExcept)];
  out.push(
    ...listChanges(
      agent,
      subject,
      h.resource,
      rb.map((r) => r.core),
      rh.map((r) => r.core),
      'weakening',
      `${subject}: redaction`,
    ),
  );
  for (const r of rh) {
    const before = rb.find((x) => x.core === r.core);
    if (!before) continue;
    for (const k of r.except.filter((x) => !before.except.includes(x))) {
      const named = basePolicyKinds === undefined || basePolicyKinds.includes(k);
      push(
        named ? 'weakening' : 'neutral',
        named
          ? `${subject}: ${k} is no longer redacted`
          : `${subject}: ${k}, a kind the policy now names, is not redacted here (CG-KINDS)`,
      );
    }
    for (const k of before.except.filter((x) => !r.except.includes(x))) {
      const named = headPolicyKinds === undefined || headPolicyKinds.includes(k);
      push(
        named ? 'strengthening' : 'neutral',
        named ? `${subject}: ${k} is now redacted` : `${subject}: ${k} is no longer a kind the policy names`,
      );
    }
  }
  // A check removed from a store means a failure of redaction there would go unnoticed.
  out.push(
    ...listChanges(
      agent,
      subject,
      h.resource,
      b.verifiedBy ?? [],
      h.verifiedBy ?? [],
      'weakening',
      `${subject}: verification`,
    ),
  );
  // A trend check removed: nothing counts what masking catches any more, so a rise would go unnoticed.
  out.push(
    ...listChanges(
      agent,
      subject,
      h.resource,
      b.watchedBy ?? [],
      h.watchedBy ?? [],
      'weakening',
      `${subject}: trend check`,
    ),
  );
  return out;
}

/** DLP likelihoods, weakest threshold first (a higher threshold lets more through). */
const THRESHOLDS = ['VERY_LIKELY', 'LIKELY', 'POSSIBLE', 'UNLIKELY', 'VERY_UNLIKELY'];

/** Thresholds, exclusions, caps and how each kind is de-identified: read from both outputs and compared. */
function diffDetection(
  agent: string,
  resource: string,
  b: DetectionSettings | undefined,
  h: DetectionSettings | undefined,
): PostureChange[] {
  if (!b || !h) return [];
  const out: PostureChange[] = [];
  const push = (c: ChangeClass, message: string) =>
    out.push({ class: c, agent, subject: 'detection', resource, message });
  if (b.threshold !== h.threshold && b.threshold !== undefined && h.threshold !== undefined) {
    const [x, y] = [THRESHOLDS.indexOf(b.threshold), THRESHOLDS.indexOf(h.threshold)];
    push(
      x < 0 || y < 0 || y < x ? 'weakening' : 'strengthening',
      `likelihood threshold ${b.threshold} → ${h.threshold}`,
    );
  }
  if ((h.exclusions ?? 0) > (b.exclusions ?? 0))
    push('weakening', `exclusion rules ${b.exclusions ?? 0} → ${h.exclusions}: what they match is not redacted`);
  if ((h.exclusions ?? 0) < (b.exclusions ?? 0))
    push('strengthening', `exclusion rules ${b.exclusions} → ${h.exclusions ?? 0}`);
  const capB = b.findingsCap ?? Infinity;
  const capH = h.findingsCap ?? Infinity;
  if (capH !== capB)
    push(
      capH < capB ? 'weakening' : 'strengthening',
      `findings cap ${capB === Infinity ? 'none' : capB} → ${capH === Infinity ? 'none' : capH}`,
    );
  const rb = new Map(b.rules.map((r) => [r.subject, r]));
  const rh = new Map(h.rules.map((r) => [r.subject, r]));
  for (const [k, x] of rb) {
    const y = rh.get(k);
    if (!y) push('weakening', `${k}: de-identification (${x.method}) removed`);
    else if (y.strength < x.strength || y.keeps > x.keeps)
      push(
        'weakening',
        `${k}: ${x.method}${x.keeps ? ` keeping ${x.keeps}` : ''} → ${y.method}${y.keeps ? ` keeping ${y.keeps}` : ''}`,
      );
    else if (y.strength > x.strength || y.keeps < x.keeps)
      push(
        'strengthening',
        `${k}: ${x.method}${x.keeps ? ` keeping ${x.keeps}` : ''} → ${y.method}${y.keeps ? ` keeping ${y.keeps}` : ''}`,
      );
    else if (y.method !== x.method) push('neutral', `${k}: ${x.method} → ${y.method} (as strong)`);
  }
  for (const [k, y] of rh) if (!rb.has(k)) push('strengthening', `${k}: de-identified (${y.method})`);
  return out;
}

/** `anonymized …, except a, b (why)` as the redaction and the kinds it leaves raw. */
function splitExcept(s: string): { core: string; except: string[] } {
  const m = /^(.*), except (.+?) (\(.*\))$/.exec(s);
  return m ? { core: `${m[1]} ${m[3]}`, except: m[2].split(', ') } : { core: s, except: [] };
}

/** Days between runs of a scan schedule ("daily", "weekly", "monthly", "every N days"); undefined when unknown. */
function scanDays(schedule: string): number | undefined {
  const every = /every (\d+) days?/.exec(schedule);
  if (every) return Number(every[1]);
  return ({ daily: 1, weekly: 7, monthly: 31 } as Record<string, number>)[schedule];
}

/** The redacted count in "… (N of M slots)". */
function count(s: string | undefined): number | undefined {
  const m = s === undefined ? null : / \((\d+) (of \d+ )?(slots|parameters)\)$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

function stripCount(s: string): string {
  return s
    .replace(/ \(\d+ (of \d+ )?(slots|parameters)\)$/, '')
    .replace(/ \(Kafka topics: [^)]*\)$/, ' (Kafka topics)');
}

/** The topics in "… (Kafka topics: a, b)". */
function topicsOf(s: string | undefined): string[] {
  const m = s === undefined ? null : / \(Kafka topics: ([^)]*)\)$/.exec(s);
  return m ? m[1].split(', ') : [];
}

export function renderDiffMarkdown(changes: readonly PostureChange[]): string {
  const weak = changes.filter((c) => c.class === 'weakening');
  const strong = changes.filter((c) => c.class === 'strengthening');
  const head =
    weak.length > 0
      ? `🔴 ${weak.length} change${weak.length === 1 ? ' weakens' : 's weaken'} privacy posture`
      : changes.length > 0
        ? '🟢 no change weakens privacy posture'
        : '🟢 no posture change';
  const out = [
    `## ${head}`,
    '',
    `${weak.length} weakening, ${strong.length} strengthening, ${changes.length - weak.length - strong.length} neutral.`,
    '',
  ];
  if (changes.length > 0) {
    out.push('| class | agent | resource | change |', '|---|---|---|---|');
    const order: ChangeClass[] = ['weakening', 'strengthening', 'neutral'];
    for (const c of [...changes].sort((x, y) => order.indexOf(x.class) - order.indexOf(y.class)))
      out.push(`| ${c.class} | ${c.agent} | \`${c.resource}\` | ${c.message.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}
