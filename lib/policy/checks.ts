/**
 * Cross-field rules the schema alone cannot express. Pure: takes a schema-valid policy, returns findings with
 * their paths; the loader turns paths into file positions.
 */
import { CATALOG, KINDS } from './catalog';
import { findAll, literalBrackets, markerPattern, matchesEmpty, MARKER_DETECTOR, programSize } from './detectors';
import { INPUT_LIMITS } from './limits';
import { ceilDays, DAY, parseDuration } from './duration';
import { hint, PathSegment, show } from './errors';
import { NAME_RULES, nameProblem } from './names';
import { platformModule } from './platforms';
import { awsDecrypterProblem, gcpDecrypterProblem } from './principals';
import { KMS_DELETION_WINDOW_DAYS, MARKERS_KEYWORD } from './platforms/common';
import type { Finding } from './platforms/types';
import { DEFAULT_MARKERS, Policy } from './schema';
import { MULTI_REGION_LOCATIONS } from './platforms/dialogflow-cx';
import { parseExport, scanTarget, VERIFY_EVERY_DAYS } from './verify';
import { sharedNames } from './platforms/dialogflow-cx/layout';
import { outputSyntaxProblems } from './output-syntax';

export type { Finding } from './platforms/types';

export function checkPolicy(policy: Policy): Finding[] {
  const out: Finding[] = [];
  const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });

  // ---- unique names
  duplicates(policy.agents.map((a) => a.name)).forEach(([i, first]) =>
    add(
      ['agents', i, 'name'],
      `duplicate agent name "${policy.agents[i].name}" (first used by agents[${first}]); agent names must be unique`,
    ),
  );
  duplicates(policy.streams.map((s) => s.topic)).forEach(([i, first]) =>
    add(['streams', i, 'topic'], `duplicate topic "${policy.streams[i].topic}" (first used by streams[${first}])`),
  );
  duplicates(policy.detection.custom.map((c) => c.name)).forEach(([i, first]) =>
    add(
      ['detection', 'custom', i, 'name'],
      `duplicate detector name "${policy.detection.custom[i].name}" (first used by detection.custom[${first}])`,
    ),
  );
  duplicates(policy.detection.kinds).forEach(([i]) =>
    add(['detection', 'kinds', i], `"${policy.detection.kinds[i]}" is listed twice`),
  );
  for (const list of ['roles', 'groups', 'users'] as const) {
    const names = policy.access.denyUnmaskTo[list];
    duplicates(names).forEach(([i, first]) =>
      add(
        ['access', 'denyUnmaskTo', list, i],
        `"${names[i]}" is listed twice (first at access.denyUnmaskTo.${list}[${first}])`,
      ),
    );
  }
  // One subscription and one channel per address: an address twice (in any case) would be two resources of one id.
  const emails = policy.verify?.notify.email ?? [];
  duplicates(emails.map((e) => e.toLowerCase())).forEach(([i, first]) =>
    add(
      ['verify', 'notify', 'email', i],
      `"${emails[i]}" is listed twice (first at verify.notify.email[${first}]; addresses are compared without case)`,
    ),
  );
  (['aws', 'gcp'] as const).forEach((cloud) => {
    const names = policy.access.decrypters[cloud];
    duplicates(names).forEach(([i, first]) =>
      add(
        ['access', 'decrypters', cloud, i],
        `"${names[i]}" is listed twice (first at access.decrypters.${cloud}[${first}])`,
      ),
    );
  });

  // ---- custom detectors
  const marks = policy.detection.markers === false ? DEFAULT_MARKERS : policy.detection.markers;
  const twoSpans = `${marks.start}a${marks.end} keep ${marks.start}b${marks.end}`;
  const builtinNames = new Set(
    KINDS.flatMap((k) => [...CATALOG[k].dlp, ...CATALOG[k].cloudWatch]).map((n) => n.toUpperCase()),
  );
  let steps = 0;
  policy.detection.custom.forEach((c, i) => {
    const base: PathSegment[] = ['detection', 'custom', i];
    // Bounded before anything runs: what the pattern would scan (its examples, the two-span probes) × its size.
    const size = programSize(c.pattern);
    const scanned =
      [...(c.examples?.match ?? []), ...(c.examples?.noMatch ?? [])].reduce((n, t) => n + t.length + 1, 0) +
      2 * (twoSpans.length + 1) +
      2 * (c.pattern.length + 20);
    if (steps + size * scanned > INPUT_LIMITS.patternSteps) {
      add(
        [...base, 'pattern'],
        `checking this pattern on its examples would take ${(size * scanned).toLocaleString('en-US')} RE2 steps (a program of ${size} instructions × ${scanned.toLocaleString('en-US')} characters)${steps > 0 ? ` after ${steps.toLocaleString('en-US')} for the patterns before it` : ''}; a policy may take ${INPUT_LIMITS.patternSteps.toLocaleString('en-US')}: simplify the pattern (a counted repetition such as {1000} multiplies it) or shorten its examples`,
      );
      return;
    }
    steps += size * scanned;
    if (builtinNames.has(c.name.toUpperCase()) || c.name === MARKER_DETECTOR) {
      add([...base, 'name'], `"${c.name}" is the name of a built-in detector; custom detectors need their own name`);
    }
    if (matchesEmpty(c.pattern)) {
      add(
        [...base, 'pattern'],
        `received ${JSON.stringify(c.pattern)}, which matches the empty string; expected a pattern that needs at least one character`,
      );
    }
    // Tried on two spans of the policy's markers, and of the pattern's own brackets when it has them (your own
    // start/end pair with markers: false is as greedy as the markers would be).
    const own = literalBrackets(c.pattern);
    const spans = [twoSpans, ...(own ? [`${own.start}a${own.end} keep ${own.start}b${own.end}`] : [])];
    if (spans.some((t) => findAll(c.pattern, t).some((m) => m.text.includes(' keep ')))) {
      add(
        [...base, 'pattern'],
        `received ${JSON.stringify(c.pattern)}, which is greedy: on a line with two marked spans it also redacts the text between them; use a lazy ".*?" or leave markers to detection.markers`,
      );
    }
    c.examples?.match.forEach((text, j) => {
      if (findAll(c.pattern, text).length === 0)
        add([...base, 'examples', 'match', j], `the pattern ${show(c.pattern)} finds nothing in ${show(text)}`);
    });
    c.examples?.noMatch.forEach((text, j) => {
      const hits = findAll(c.pattern, text);
      if (hits.length > 0)
        add(
          [...base, 'examples', 'noMatch', j],
          `the pattern ${show(c.pattern)} finds ${show(hits[0].text)} in ${show(text)}`,
        );
    });
  });

  // ---- markers
  const markers = policy.detection.markers;
  if (markers !== false) {
    if (markers.start === markers.end)
      add(
        ['detection', 'markers', 'end'],
        `received the same text as start (${JSON.stringify(markers.end)}); expected a different closing marker`,
      );
    else {
      // Self-check of the non-greedy construction: two spans on one line stay two findings.
      const line = `${markers.start}a${markers.end} keep ${markers.start}b${markers.end}`;
      if (findAll(markerPattern(markers.start, markers.end), line).length !== 2) {
        add(
          ['detection', 'markers'],
          'the markers overlap so that two marked spans on one line would be redacted as one; choose distinct start and end texts',
        );
      }
    }
  }

  // ---- de-identification rules
  const detected = new Set<string>([...policy.detection.kinds, ...policy.detection.custom.map((c) => c.name)]);
  if (markers !== false) detected.add(MARKERS_KEYWORD);
  const known = [...KINDS, ...policy.detection.custom.map((c) => c.name), MARKERS_KEYWORD];
  // Every Terraform platform de-identifies with DLP templates (Dialogflow CX, CX Agent Studio): hash needs a key there.
  const hasGcp = policy.agents.some((a) => platformModule(a.platform).target === 'terraform');
  const ruleSets: Array<{ path: PathSegment[]; set: Pick<Policy['deidentify'], 'default' | 'rules'> }> = [
    { path: ['deidentify'], set: policy.deidentify },
    ...Object.entries(policy.deidentify.sets ?? {}).map(([n, set]) => ({
      path: ['deidentify', 'sets', n] as PathSegment[],
      set,
    })),
  ];
  for (const { path, set } of ruleSets) {
    if (set.default === 'text')
      add(
        [...path, 'default'],
        'method text needs a value, and a default has none; use mask, kind-name, faker or hash as the default, and method text with a value in a rule',
      );
    const seen = new Map<string, number>();
    set.rules.forEach((rule, i) => {
      const rp: PathSegment[] = [...path, 'rules', i];
      rule.kinds.forEach((k, j) => {
        if (!known.includes(k))
          add(
            [...rp, 'kinds', j],
            `unknown kind ${JSON.stringify(k)}${hint(k, known)}; expected a catalog kind, a custom detector name or "markers"`,
          );
        else if (!detected.has(k))
          add(
            [...rp, 'kinds', j],
            `"${k}" is not detected: add it to detection.kinds${k === MARKERS_KEYWORD ? ' (markers are off)' : ''}`,
          );
        if (seen.has(k))
          add([...rp, 'kinds', j], `"${k}" already has a rule (rules[${seen.get(k)}]); the first rule would win`);
        else seen.set(k, i);
      });
      if (rule.method === 'text' && rule.value === undefined)
        add(rp, 'method text needs a value: the text that replaces each finding', true);
      if (rule.method !== 'text' && rule.value !== undefined)
        add([...rp, 'value'], `value is only used with method text; this rule uses ${rule.method}`, true);
      if (rule.method !== 'mask' && rule.char !== undefined)
        add([...rp, 'char'], `char is only used with method mask; this rule uses ${rule.method}`, true);
    });
    const usesHash = set.default === 'hash' || set.rules.some((r) => r.method === 'hash');
    if (usesHash && hasGcp && !policy.deidentify.cryptoKey) {
      add(
        path,
        'method hash on Google Cloud needs deidentify.cryptoKey (a KMS-wrapped key for DLP crypto_deterministic_config)',
        true,
      );
    }
  }

  // ---- streams
  const setNames = ['default', ...Object.keys(policy.deidentify.sets ?? {})];
  if (policy.deidentify.sets && Object.hasOwn(policy.deidentify.sets, 'default')) {
    add(
      ['deidentify', 'sets', 'default'],
      'the name "default" is reserved: deidentify.default and deidentify.rules form the set named "default"; give this set another name',
    );
  }
  // Only Rasa writes anonymized events: streams without a rasa agent would be provisioned nowhere.
  if (policy.streams.length > 0 && !policy.agents.some((a) => a.platform === 'rasa')) {
    add(
      ['streams'],
      'no rasa agent in the policy, and only Rasa writes anonymized events: no topic would be provisioned. Add the rasa agent that publishes them, or remove streams',
      true,
    );
  }
  policy.streams.forEach((s, i) => {
    if (!setNames.includes(s.deidentify)) {
      add(
        ['streams', i, 'deidentify'],
        `unknown rule set ${JSON.stringify(s.deidentify)}${hint(s.deidentify, setNames)}; expected one of ${setNames.join(', ')}`,
      );
    }
  });

  // ---- durations
  const sensitive = parseDuration(policy.retention.sensitive)!.seconds;
  const anonymized = parseDuration(policy.retention.anonymized)!.seconds;
  if (sensitive > DAY && !policy.retention.exception) {
    add(
      ['retention', 'sensitive'],
      `received ${JSON.stringify(policy.retention.sensitive)}; sensitive data may be kept at most 24h unless retention.exception.reason says why`,
    );
  }
  if (sensitive < DAY) {
    add(
      ['retention', 'sensitive'],
      `received ${JSON.stringify(policy.retention.sensitive)}; the stores expire data in whole days (Dialogflow retention_window_days, bucket lifecycle age), so the shortest honest value is 24h`,
    );
  }
  if (sensitive % DAY !== 0) {
    add(
      ['retention', 'sensitive'],
      `received ${JSON.stringify(policy.retention.sensitive)}; expected whole days (stores would keep it ${ceilDays(sensitive)}d)`,
    );
  }
  if (anonymized < DAY)
    add(['retention', 'anonymized'], `received ${JSON.stringify(policy.retention.anonymized)}; expected at least 1d`);
  policy.streams.forEach((s, i) => {
    if (s.retention === undefined) return;
    const secs = parseDuration(s.retention)!.seconds;
    if (secs > anonymized)
      add(
        ['streams', i, 'retention'],
        `received ${JSON.stringify(s.retention)}; longer than retention.anonymized (${policy.retention.anonymized})`,
      );
    if (secs < 60) add(['streams', i, 'retention'], `received ${JSON.stringify(s.retention)}; expected at least 1m`);
  });
  const rotation = parseDuration(policy.encryption.rotation)!.seconds;
  if (rotation < DAY || rotation % DAY !== 0) {
    add(
      ['encryption', 'rotation'],
      `received ${JSON.stringify(policy.encryption.rotation)}; expected whole days, at least 1d`,
    );
  }
  const deletion = parseDuration(policy.encryption.deletionWindow)!.seconds;
  if (
    deletion % DAY !== 0 ||
    deletion / DAY < KMS_DELETION_WINDOW_DAYS.min ||
    deletion / DAY > KMS_DELETION_WINDOW_DAYS.max
  ) {
    add(
      ['encryption', 'deletionWindow'],
      `received ${JSON.stringify(policy.encryption.deletionWindow)}; expected whole days from ${KMS_DELETION_WINDOW_DAYS.min}d to ${KMS_DELETION_WINDOW_DAYS.max}d`,
    );
  }

  // ---- verification
  const every = policy.verify?.every === undefined ? undefined : parseDuration(policy.verify.every)!.seconds;
  if (
    every !== undefined &&
    (every % DAY !== 0 || every / DAY < VERIFY_EVERY_DAYS.min || every / DAY > VERIFY_EVERY_DAYS.max)
  ) {
    add(
      ['verify', 'every'],
      `received ${JSON.stringify(policy.verify!.every)}; expected whole days from ${VERIFY_EVERY_DAYS.min}d to ${VERIFY_EVERY_DAYS.max}d (DLP job triggers run 1 to 60 days apart)`,
    );
  }
  // CloudWatch alarm actions publish to a topic of their own region.
  const topicRegion = policy.verify?.notify.aws?.split(':')[3];
  if (topicRegion) {
    const elsewhere = policy.agents
      .filter((a) => a.platform === 'lex' && a.region !== topicRegion)
      .map((a) => `"${a.name}" (${(a as { region: string }).region})`);
    if (elsewhere.length > 0)
      add(
        ['verify', 'notify', 'aws'],
        `the topic is in ${topicRegion}; an alarm notifies a topic of its own region, and lex agents ${elsewhere.join(', ')} are elsewhere: leave notify.aws out (a topic per agent) or use one region`,
      );
  }
  policy.agents.forEach((agent, i) => {
    if (agent.platform !== 'lex' && agent.platform !== 'dialogflow-cx') return;
    const seen = new Map<string, number>();
    agent.exports.forEach((uri, j) => {
      const ep: PathSegment[] = ['agents', i, 'exports', j];
      const e = parseExport(uri, agent.platform as 'lex' | 'dialogflow-cx');
      if ('error' in e) {
        add(ep, e.error);
        return;
      }
      // Two spellings of one target (gs://b and gs://b/) would be two scans of the same data under one name.
      const target = scanTarget(e);
      if (seen.has(target))
        add(
          ep,
          `"${uri}" is ${agent.exports[seen.get(target)!] === uri ? 'listed twice' : `the same export as "${agent.exports[seen.get(target)!]}"`} (first at exports[${seen.get(target)}])`,
        );
      else seen.set(target, j);
    });
    if (
      agent.exports.length > 0 &&
      agent.platform === 'dialogflow-cx' &&
      policy.verify?.every !== undefined &&
      MULTI_REGION_LOCATIONS.includes(agent.location)
    ) {
      add(
        ['agents', i, 'exports'],
        `scans keep their findings in a BigQuery dataset under the agent's key, in its location; "${agent.location}" is not a regional location. Use a regional location or remove verify.every`,
        true,
      );
    }
  });

  // ---- the per-agent layout of the Google Cloud stacks
  if (policy.terraform?.stacks === 'per-agent') {
    const cx = policy.agents.flatMap((a, i) => (a.platform === 'dialogflow-cx' ? [[a, i] as const] : []));
    // A grant that several agents share (on your topic, on an export bucket or dataset) would be managed by several
    // Terraform states: removing one agent would remove the grant the others still use.
    const shared =
      'with terraform.stacks: per-agent, each agent is its own Terraform state, and a grant agents share would be removed with the first agent removed';
    if (policy.verify?.notify.gcp !== undefined && cx.length > 0)
      add(
        ['verify', 'notify', 'gcp'],
        `${shared} (Pub/Sub publisher on this topic for DLP and Cloud Monitoring): leave notify.gcp out (a topic per agent) or use terraform.stacks: per-location`,
      );
    if (policy.verify?.every !== undefined) {
      for (const [a, i] of cx)
        if (a.exports.length > 0)
          add(
            ['agents', i, 'exports'],
            `${shared} (DLP's read access to each export): use terraform.stacks: per-location to scan exports`,
            true,
          );
    }
    // One routing per project: its filter covers every request log of the project, so a second location's bucket
    // would receive copies of the first's (across regions).
    const routedAt = new Map<string, string>();
    for (const [a, i] of cx) {
      if (a.cloudLogging !== 'routed') continue;
      const first = routedAt.get(a.project);
      if (first === undefined) {
        routedAt.set(a.project, a.location);
        const n = sharedNames(policy.name, a.location);
        for (const [kind, value] of [
          ['kmsKeyRing', n.kmsKeyRing],
          ['kmsCryptoKey', n.kmsCryptoKey],
          ['logBucket', n.logBucket],
        ] as const) {
          const problem = nameProblem(kind, value);
          if (problem)
            add(['terraform', 'stacks'], `the shared request-log routing of project ${a.project}: ${problem}`);
        }
      } else if (first !== a.location) {
        add(
          ['agents', i, 'cloudLogging'],
          `project ${a.project} routes Dialogflow request logs in ${first} already; with terraform.stacks: per-agent the project has one routing, and its filter covers every request log of the project: a bucket in ${a.location} too would receive copies of both. Set cloudLogging: off here, or route the project's agents in one location`,
        );
      }
    }
  }

  // ---- decrypters
  policy.access.decrypters.aws.forEach((arn, i) => {
    const problem = awsDecrypterProblem(arn);
    if (problem) add(['access', 'decrypters', 'aws', i], problem);
  });
  policy.access.decrypters.gcp.forEach((member, i) => {
    const problem = gcpDecrypterProblem(member);
    if (problem) add(['access', 'decrypters', 'gcp', i], problem);
  });

  // ---- strings that a cloud library would read as its own references
  const syntax = {
    platformOf: (i: number) => policy.agents[i]?.platform,
    hasPlatform: (p: string) => policy.agents.some((a) => a.platform === p),
  };
  walkStrings(policy, [], (value, path, onKey) => {
    if (value.includes('${Token['))
      add(
        path,
        `received ${JSON.stringify(value)}, which contains an AWS CDK token (\${Token[…]}): the CDK would resolve it as a reference; policy strings must be plain text`,
        onKey,
      );
    for (const problem of outputSyntaxProblems(value, path, syntax))
      add(path, onKey ? `the key ${problem}` : problem, onKey);
  });

  // ---- per platform: rules that hold once per policy, then per agent
  const platforms = [...new Set(policy.agents.map((a) => a.platform))];
  for (const p of platforms) out.push(...(platformModule(p).checkPolicy?.(policy) ?? []));
  // Derived names of one kind must differ across agents: `x` in project `y-audio-z` and `x-audio-y` in project `z`
  // would both get the bucket `<policy>-x-audio-y-audio-z`, and the second deploy would fail (or adopt the first's).
  const taken = new Map<string, string>();
  policy.agents.forEach((agent, i) => {
    const ap: PathSegment[] = ['agents', i];
    const m = platformModule(agent.platform);
    for (const n of Object.values(m.derivedNames(policy.name, agent))) {
      const problem = nameProblem(n.rule, n.value);
      if (problem) add([...ap, 'name'], problem);
      const rule = typeof n.rule === 'string' ? NAME_RULES[n.rule] : n.rule;
      const key = `${rule.what}\u0000${n.value}`;
      const owner = taken.get(key);
      if (owner !== undefined && owner !== agent.name) {
        add(
          [...ap, 'name'],
          `the ${rule.what} "${n.value}" is also derived for agent "${owner}"; rename one of the agents (or its project) so the names differ`,
        );
      } else taken.set(key, agent.name);
    }
    agent.kinds?.forEach((k, j) => {
      if (!policy.detection.kinds.includes(k))
        add([...ap, 'kinds', j], `"${k}" is not in detection.kinds; an agent can only narrow the policy's kinds`);
    });
    out.push(...m.checkAgent(policy, agent, ap));
  });
  return out;
}

/** Calls `visit` with every string in `value` and its path, and with every object key (`onKey`). */
function walkStrings(
  value: unknown,
  path: PathSegment[],
  visit: (s: string, path: PathSegment[], onKey: boolean) => void,
): void {
  if (typeof value === 'string') visit(value, path, false);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, [...path, k], true);
      walkStrings(v, [...path, k], visit);
    }
  }
}

/** [index, first index] for each repeated value. */
function duplicates(values: readonly string[]): Array<[number, number]> {
  const first = new Map<string, number>();
  const out: Array<[number, number]> = [];
  values.forEach((v, i) => {
    if (first.has(v)) out.push([i, first.get(v)!]);
    else first.set(v, i);
  });
  return out;
}
