/**
 * Cross-field rules the schema alone cannot express. Pure: takes a schema-valid policy, returns findings with
 * their paths; the loader turns paths into file positions.
 */
import { CATALOG, Kind, KINDS } from './catalog';
import {
  cloudWatchMarkerPattern,
  cloudWatchRegexError,
  CWL_MAX_CUSTOM_IDENTIFIERS,
  findAll,
  macieRegexError,
  markerPattern,
  matchesEmpty,
  MARKER_DETECTOR,
} from './detectors';
import { ceilDays, parseDuration } from './duration';
import { hint, PathSegment } from './errors';
import { checkNames } from './names';
import { DEFAULT_MARKERS, Policy } from './schema';

export interface Finding {
  readonly path: PathSegment[];
  readonly message: string;
  /** Point at the key rather than its value. */
  readonly onKey?: boolean;
}

const DAY = 86400;
/** AWS KMS automatic rotation period bounds (days). */
const AWS_ROTATION_DAYS = { min: 90, max: 2560 };
/** AWS KMS pending deletion window bounds (days); Cloud KMS accepts the same range. */
const DELETION_WINDOW_DAYS = { min: 7, max: 30 };
const MARKERS_KEYWORD = 'markers';

export function checkPolicy(policy: Policy): Finding[] {
  const out: Finding[] = [];
  const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });

  // ---- unique names
  duplicates(policy.agents.map((a) => a.name)).forEach(([i, first]) =>
    add(['agents', i, 'name'], `duplicate agent name "${policy.agents[i].name}" (first used by agents[${first}]); agent names must be unique`),
  );
  duplicates(policy.streams.map((s) => s.topic)).forEach(([i, first]) =>
    add(['streams', i, 'topic'], `duplicate topic "${policy.streams[i].topic}" (first used by streams[${first}])`),
  );
  duplicates(policy.detection.custom.map((c) => c.name)).forEach(([i, first]) =>
    add(['detection', 'custom', i, 'name'], `duplicate detector name "${policy.detection.custom[i].name}" (first used by detection.custom[${first}])`),
  );
  duplicates(policy.detection.kinds).forEach(([i]) => add(['detection', 'kinds', i], `"${policy.detection.kinds[i]}" is listed twice`));

  // ---- custom detectors
  const marks = policy.detection.markers === false ? DEFAULT_MARKERS : policy.detection.markers;
  const twoSpans = `${marks.start}a${marks.end} keep ${marks.start}b${marks.end}`;
  const builtinNames = new Set(KINDS.flatMap((k) => [...CATALOG[k].dlp, ...CATALOG[k].cloudWatch]).map((n) => n.toUpperCase()));
  policy.detection.custom.forEach((c, i) => {
    const base: PathSegment[] = ['detection', 'custom', i];
    if (builtinNames.has(c.name.toUpperCase()) || c.name === MARKER_DETECTOR) {
      add([...base, 'name'], `"${c.name}" is the name of a built-in detector; custom detectors need their own name`);
    }
    if (matchesEmpty(c.pattern)) {
      add([...base, 'pattern'], `received ${JSON.stringify(c.pattern)}, which matches the empty string; expected a pattern that needs at least one character`);
    }
    if (findAll(c.pattern, twoSpans).some((m) => m.text.includes(' keep '))) {
      add([...base, 'pattern'], `received ${JSON.stringify(c.pattern)}, which is greedy: on a line with two marked spans it also redacts the text between them; use a lazy ".*?" or leave markers to detection.markers`);
    }
    c.examples?.match.forEach((text, j) => {
      if (findAll(c.pattern, text).length === 0) add([...base, 'examples', 'match', j], `the pattern ${JSON.stringify(c.pattern)} finds nothing in ${JSON.stringify(text)}`);
    });
    c.examples?.noMatch.forEach((text, j) => {
      const hits = findAll(c.pattern, text);
      if (hits.length > 0) add([...base, 'examples', 'noMatch', j], `the pattern ${JSON.stringify(c.pattern)} finds ${JSON.stringify(hits[0].text)} in ${JSON.stringify(text)}`);
    });
  });

  // ---- markers
  const markers = policy.detection.markers;
  if (markers !== false) {
    if (markers.start === markers.end) add(['detection', 'markers', 'end'], `received the same text as start (${JSON.stringify(markers.end)}); expected a different closing marker`);
    else {
      // Self-check of the non-greedy construction: two spans on one line stay two findings.
      const line = `${markers.start}a${markers.end} keep ${markers.start}b${markers.end}`;
      if (findAll(markerPattern(markers.start, markers.end), line).length !== 2) {
        add(['detection', 'markers'], 'the markers overlap so that two marked spans on one line would be redacted as one; choose distinct start and end texts');
      }
    }
  }

  // ---- de-identification rules
  const detected = new Set<string>([...policy.detection.kinds, ...policy.detection.custom.map((c) => c.name)]);
  if (markers !== false) detected.add(MARKERS_KEYWORD);
  const known = [...KINDS, ...policy.detection.custom.map((c) => c.name), MARKERS_KEYWORD];
  const hasGcp = policy.agents.some((a) => a.platform === 'dialogflow-cx');
  const ruleSets: Array<{ path: PathSegment[]; set: Pick<Policy['deidentify'], 'default' | 'rules'> }> = [
    { path: ['deidentify'], set: policy.deidentify },
    ...Object.entries(policy.deidentify.sets ?? {}).map(([n, set]) => ({ path: ['deidentify', 'sets', n] as PathSegment[], set })),
  ];
  for (const { path, set } of ruleSets) {
    const seen = new Map<string, number>();
    set.rules.forEach((rule, i) => {
      const rp: PathSegment[] = [...path, 'rules', i];
      rule.kinds.forEach((k, j) => {
        if (!known.includes(k)) add([...rp, 'kinds', j], `unknown kind ${JSON.stringify(k)}${hint(k, known)}; expected a catalog kind, a custom detector name or "markers"`);
        else if (!detected.has(k)) add([...rp, 'kinds', j], `"${k}" is not detected: add it to detection.kinds${k === MARKERS_KEYWORD ? ' (markers are off)' : ''}`);
        if (seen.has(k)) add([...rp, 'kinds', j], `"${k}" already has a rule (rules[${seen.get(k)}]); the first rule would win`);
        else seen.set(k, i);
      });
      if (rule.method === 'text' && rule.value === undefined) add(rp, 'method text needs a value: the text that replaces each finding', true);
      if (rule.method !== 'text' && rule.value !== undefined) add([...rp, 'value'], `value is only used with method text; this rule uses ${rule.method}`, true);
      if (rule.method !== 'mask' && rule.char !== undefined) add([...rp, 'char'], `char is only used with method mask; this rule uses ${rule.method}`, true);
    });
    const usesHash = set.default === 'hash' || set.rules.some((r) => r.method === 'hash');
    if (usesHash && hasGcp && !policy.deidentify.cryptoKey) {
      add(path, 'method hash on Google Cloud needs deidentify.cryptoKey (a KMS-wrapped key for DLP crypto_deterministic_config)', true);
    }
  }

  // ---- streams
  const setNames = ['default', ...Object.keys(policy.deidentify.sets ?? {})];
  policy.streams.forEach((s, i) => {
    if (!setNames.includes(s.deidentify)) {
      add(['streams', i, 'deidentify'], `unknown rule set ${JSON.stringify(s.deidentify)}${hint(s.deidentify, setNames)}; expected one of ${setNames.join(', ')}`);
    }
  });

  // ---- durations
  const sensitive = parseDuration(policy.retention.sensitive)!.seconds;
  const anonymized = parseDuration(policy.retention.anonymized)!.seconds;
  if (sensitive > DAY && !policy.retention.exception) {
    add(['retention', 'sensitive'], `received ${JSON.stringify(policy.retention.sensitive)}; sensitive data may be kept at most 24h unless retention.exception.reason says why`);
  }
  if (sensitive < DAY) {
    add(['retention', 'sensitive'], `received ${JSON.stringify(policy.retention.sensitive)}; the stores expire data in whole days (Dialogflow retention_window_days, bucket lifecycle age), so the shortest honest value is 24h`);
  }
  if (sensitive % DAY !== 0) {
    add(['retention', 'sensitive'], `received ${JSON.stringify(policy.retention.sensitive)}; expected whole days (stores would keep it ${ceilDays(sensitive)}d)`);
  }
  if (anonymized < DAY) add(['retention', 'anonymized'], `received ${JSON.stringify(policy.retention.anonymized)}; expected at least 1d`);
  policy.streams.forEach((s, i) => {
    if (s.retention === undefined) return;
    const secs = parseDuration(s.retention)!.seconds;
    if (secs > anonymized) add(['streams', i, 'retention'], `received ${JSON.stringify(s.retention)}; longer than retention.anonymized (${policy.retention.anonymized})`);
    if (secs < 60) add(['streams', i, 'retention'], `received ${JSON.stringify(s.retention)}; expected at least 1m`);
  });
  const rotation = parseDuration(policy.encryption.rotation)!.seconds;
  const hasAws = policy.agents.some((a) => a.platform === 'lex');
  if (rotation < DAY || rotation % DAY !== 0) {
    add(['encryption', 'rotation'], `received ${JSON.stringify(policy.encryption.rotation)}; expected whole days, at least 1d`);
  } else if (hasAws && (rotation / DAY < AWS_ROTATION_DAYS.min || rotation / DAY > AWS_ROTATION_DAYS.max)) {
    add(['encryption', 'rotation'], `received ${JSON.stringify(policy.encryption.rotation)}; AWS KMS rotates every ${AWS_ROTATION_DAYS.min} to ${AWS_ROTATION_DAYS.max} days and this policy has a lex agent`);
  }
  const deletion = parseDuration(policy.encryption.deletionWindow)!.seconds;
  if (deletion % DAY !== 0 || deletion / DAY < DELETION_WINDOW_DAYS.min || deletion / DAY > DELETION_WINDOW_DAYS.max) {
    add(['encryption', 'deletionWindow'], `received ${JSON.stringify(policy.encryption.deletionWindow)}; expected whole days from ${DELETION_WINDOW_DAYS.min}d to ${DELETION_WINDOW_DAYS.max}d`);
  }

  // ---- decrypters
  policy.access.decrypters.aws.forEach((arn, i) => {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(arn)) {
      add(['access', 'decrypters', 'aws', i], `received ${JSON.stringify(arn)}; expected an IAM role or user ARN such as arn:aws:iam::111122223333:role/PrivacyOfficer (no wildcards)`);
    }
  });
  policy.access.decrypters.gcp.forEach((member, i) => {
    if (/^(allUsers|allAuthenticatedUsers)$/.test(member) || member.includes('*')) {
      add(['access', 'decrypters', 'gcp', i], `received ${JSON.stringify(member)}; public and wildcard principals may never decrypt sensitive data`);
    } else if (!/^(user|group|serviceAccount|domain):[^\s:]+$|^principal(Set)?:\/\/\S+$/.test(member)) {
      add(['access', 'decrypters', 'gcp', i], `received ${JSON.stringify(member)}; expected an IAM member such as group:privacy-officers@example.com`);
    }
  });

  // ---- CloudWatch Logs limits, for Lex agents
  if (hasAws) {
    policy.detection.custom.forEach((c, i) => {
      const err = cloudWatchRegexError(c.pattern);
      if (err) add(['detection', 'custom', i, 'pattern'], `received ${JSON.stringify(c.pattern)}, which ${err}; this policy has a lex agent whose logs are masked by CloudWatch Logs`);
    });
    if (markers !== false) {
      const err = cloudWatchRegexError(cloudWatchMarkerPattern(markers.start, markers.end));
      if (err) add(['detection', 'markers'], `the marker detector ${err}; shorten the markers`);
    }
    policy.agents.forEach((agent, i) => {
      if (agent.platform !== 'lex') return;
      const kinds = agent.kinds ?? policy.detection.kinds;
      const fallbacks = kinds.filter((k) => CATALOG[k].cloudWatch.length === 0);
      const count = policy.detection.custom.length + (markers !== false ? 1 : 0) + fallbacks.length;
      if (count > CWL_MAX_CUSTOM_IDENTIFIERS) {
        add(['agents', i], `needs ${count} CloudWatch Logs custom identifiers (${policy.detection.custom.length} custom, ${markers !== false ? 1 : 0} marker, ${fallbacks.length} for kinds without a managed identifier: ${fallbacks.join(', ') || 'none'}); CloudWatch allows ${CWL_MAX_CUSTOM_IDENTIFIERS} per policy`);
      }
    });
  }

  // ---- per agent
  policy.agents.forEach((agent, i) => {
    const ap: PathSegment[] = ['agents', i];
    for (const msg of checkNames(policy.name, agent)) add([...ap, 'name'], msg);
    agent.kinds?.forEach((k: Kind, j: number) => {
      if (!policy.detection.kinds.includes(k)) add([...ap, 'kinds', j], `"${k}" is not in detection.kinds; an agent can only narrow the policy's kinds`);
    });
    switch (agent.platform) {
      case 'dialogflow-cx':
        if (agent.kafka) {
          const region = /\/regions\/([^/]+)\//.exec(agent.kafka.subnet)?.[1];
          if (agent.location === 'global' || agent.location === 'us' || agent.location === 'eu') {
            add([...ap, 'kafka'], `Managed Kafka is regional; agent location "${agent.location}" cannot share a location with its topics. Use a regional location such as us-central1`, true);
          } else if (region !== agent.location) {
            add([...ap, 'kafka', 'subnet'], `subnet region "${region}" differs from the agent location "${agent.location}"; everything an agent uses must live in one location`);
          }
          if (agent.kafka.memoryGiB < agent.kafka.vcpus || agent.kafka.memoryGiB > agent.kafka.vcpus * 8) {
            add([...ap, 'kafka', 'memoryGiB'], `received ${agent.kafka.memoryGiB}; Managed Kafka needs 1 to 8 GiB per vCPU (${agent.kafka.vcpus} to ${agent.kafka.vcpus * 8} for ${agent.kafka.vcpus} vCPUs)`);
          }
        }
        if (agent.audioExport && ['global', 'us', 'eu'].includes(agent.location)) {
          add([...ap, 'audioExport'], `audio export needs a bucket and key in the agent's location; "${agent.location}" is not a regional location. Set audioExport: false or use a regional location`, true);
        }
        break;
      case 'lex':
        if (agent.macie) {
          policy.detection.custom.forEach((c, j) => {
            const err = macieRegexError(c.pattern);
            if (err) add(['detection', 'custom', j, 'pattern'], `received ${JSON.stringify(c.pattern)}, which ${err}; agent "${agent.name}" turns Macie on`);
          });
        }
        if (agent.create?.childDirected) {
          add([...ap, 'create', 'childDirected'], 'a child-directed (COPPA) bot cannot use conversation logs, and convoguard always writes them to a protected log group; remove the bot from this policy or set childDirected: false');
        }
        if (agent.kafka) {
          if (agent.kafka.clusterArn && agent.kafka.subnetIds) add([...ap, 'kafka'], 'give either clusterArn (an existing cluster) or subnetIds (a new cluster), not both', true);
          else if (!agent.kafka.clusterArn && !agent.kafka.subnetIds) add([...ap, 'kafka'], 'missing clusterArn or subnetIds; expected an existing MSK cluster ARN or 2-3 subnets for a new cluster', true);
          else if (agent.kafka.subnetIds && (agent.kafka.subnetIds.length < 2 || agent.kafka.subnetIds.length > 3)) {
            add([...ap, 'kafka', 'subnetIds'], `received ${agent.kafka.subnetIds.length} subnet(s); an MSK cluster needs subnets in 2 or 3 Availability Zones`);
          }
          const brokers = agent.kafka.subnetIds?.length;
          if (brokers && brokers >= 2) {
            policy.streams.forEach((st, j) => {
              if (st.replicationFactor > brokers) add(['streams', j, 'replicationFactor'], `received ${st.replicationFactor}; the new MSK cluster of agent "${agent.name}" has ${brokers} brokers (one per subnet), so at most ${brokers}`);
            });
          }
          const arnRegion = agent.kafka.clusterArn?.split(':')[3];
          if (arnRegion && arnRegion !== agent.region) add([...ap, 'kafka', 'clusterArn'], `cluster region "${arnRegion}" differs from the agent region "${agent.region}"`);
        }
        break;
      case 'rasa': {
        const m = agent.model;
        if (m.provider === 'transformers') {
          if (!m.spacy || !m.transformers) add([...ap, 'model'], 'the transformers provider needs both model names: spacy (the wrapper) and transformers (the HuggingFace NER model)', true);
          if (m.name) add([...ap, 'model', 'name'], 'the transformers provider takes spacy and transformers, not name', true);
        } else {
          if (!m.name) add([...ap, 'model'], `missing name; expected the ${m.provider} model name, such as en_core_web_lg`, true);
          if (m.spacy || m.transformers) add([...ap, 'model'], `spacy and transformers are only used with provider transformers; this agent uses ${m.provider}`, true);
        }
        break;
      }
      default:
        break;
    }
  });
  return out;
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

