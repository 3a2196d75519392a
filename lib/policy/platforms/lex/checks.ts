/** The policy rules of lex agents: regions, names, generative settings, Kafka, decrypters. */
import { CATALOG } from '../../catalog';
import {
  cloudWatchMarkerPattern,
  cloudWatchRegexError,
  CWL_MAX_CUSTOM_IDENTIFIERS,
  macieRegexError,
} from '../../detectors';
import { DAY } from '../../duration';
import type { PathSegment } from '../../errors';
import type { LexAgentSpec, Policy } from '../../schema';
import { seconds, unusedKafka } from '../common';
import type { Finding } from '../types';
import { LEX_V2_REGIONS, outsideOf } from '../../regions';
import { LEX_IDLE_SESSION_TTL, AWS_KMS_ROTATION_DAYS } from './limits';
import { checkGenerative } from './generative';
import { fallbackIdentifierName, lexCover } from './coverage';

/** The rules that hold once for a policy with lex agents. */
export function checkLexPolicy(policy: Policy): Finding[] {
  const out: Finding[] = [];
  policy.detection.custom.forEach((c, i) => {
    const err = cloudWatchRegexError(c.pattern);
    if (err)
      out.push({
        path: ['detection', 'custom', i, 'pattern'],
        message: `received ${JSON.stringify(c.pattern)}, which ${err}; this policy has a lex agent whose logs are masked by CloudWatch Logs`,
      });
  });
  const markers = policy.detection.markers;
  if (markers !== false) {
    const err = cloudWatchRegexError(cloudWatchMarkerPattern(markers.start, markers.end));
    if (err) out.push({ path: ['detection', 'markers'], message: `the marker detector ${err}; shorten the markers` });
  }
  const rotation = seconds(policy.encryption.rotation);
  if (
    rotation % DAY === 0 &&
    (rotation / DAY < AWS_KMS_ROTATION_DAYS.min || rotation / DAY > AWS_KMS_ROTATION_DAYS.max)
  ) {
    out.push({
      path: ['encryption', 'rotation'],
      message: `received ${JSON.stringify(policy.encryption.rotation)}; AWS KMS rotates every ${AWS_KMS_ROTATION_DAYS.min} to ${AWS_KMS_ROTATION_DAYS.max} days and this policy has a lex agent`,
    });
  }
  return out;
}

/** The rules of one lex agent, at `ap` (`['agents', i]`). */
export function checkLexAgent(policy: Policy, agent: LexAgentSpec, ap: PathSegment[]): Finding[] {
  const out: Finding[] = [...unusedKafka(policy, agent, ap)];
  const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });
  const noLex = outsideOf(LEX_V2_REGIONS, agent.region);
  if (noLex) add([...ap, 'region'], `received ${JSON.stringify(agent.region)}; ${noLex}`);
  const markers = policy.detection.markers;
  const kinds = agent.kinds ?? policy.detection.kinds;
  const fallbacks = kinds.filter((k) => CATALOG[k].cloudWatch.length === 0);
  const supplements = kinds.flatMap((k) => lexCover(k, agent).supplement ?? []);
  const keywordFree = supplements.map((s) => s.name);
  const count = policy.detection.custom.length + (markers !== false ? 1 : 0) + fallbacks.length + keywordFree.length;
  if (count > CWL_MAX_CUSTOM_IDENTIFIERS) {
    add(
      ap,
      `needs ${count} CloudWatch Logs custom identifiers (${policy.detection.custom.length} custom, ${markers !== false ? 1 : 0} marker, ${fallbacks.length} for kinds without a managed identifier: ${fallbacks.join(', ') || 'none'}, ${keywordFree.length} supplementing a managed one: ${keywordFree.join(', ') || 'none'}); CloudWatch allows ${CWL_MAX_CUSTOM_IDENTIFIERS} per policy`,
    );
  }
  const reserved = new Set([...fallbacks.map(fallbackIdentifierName), ...keywordFree]);
  policy.detection.custom.forEach((c, j) => {
    if (reserved.has(c.name))
      add(
        ['detection', 'custom', j, 'name'],
        `"${c.name}" is the name convoguard gives the CloudWatch identifier that covers a kind of agent "${agent.name}"; choose another name`,
      );
  });
  if (agent.macie) {
    policy.detection.custom.forEach((c, j) => {
      const err = macieRegexError(c.pattern);
      if (err)
        add(
          ['detection', 'custom', j, 'pattern'],
          `received ${JSON.stringify(c.pattern)}, which ${err}; agent "${agent.name}" turns Macie on`,
        );
    });
  }
  const intents = agent.create?.intents ?? [];
  const seenIntents = new Set<string>();
  intents.forEach((intent, i) => {
    const ip: PathSegment[] = [...ap, 'create', 'intents', i];
    if (seenIntents.has(intent.name)) add([...ip, 'name'], `duplicate intent name "${intent.name}"`);
    seenIntents.add(intent.name);
    const slotNames = new Set<string>();
    intent.slots.forEach((slot, j) => {
      if (slotNames.has(slot.name))
        add([...ip, 'slots', j, 'name'], `duplicate slot name "${slot.name}" in intent "${intent.name}"`);
      slotNames.add(slot.name);
      if (CATALOG[slot.kind].lexSlotTypes.length === 0) {
        add(
          [...ip, 'slots', j, 'kind'],
          `Lex has no built-in slot type for ${slot.kind}; declare the bot yourself with a custom slot type and obfuscate it (obfuscateAllSlots)`,
        );
      }
    });
    intent.utterances.forEach((u, j) => {
      for (const ref of u.match(/\{([^}]*)\}/g) ?? []) {
        if (!slotNames.has(ref.slice(1, -1)))
          add(
            [...ip, 'utterances', j],
            `received ${JSON.stringify(u)}; ${ref} names no slot of intent "${intent.name}"`,
          );
      }
    });
  });
  if (agent.create) {
    // IdleSessionTTLInSeconds: Lex accepts 60 to 86,400 seconds.
    const ttl = seconds(agent.create.idleSessionTtl);
    if (ttl < LEX_IDLE_SESSION_TTL.min || ttl > LEX_IDLE_SESSION_TTL.max) {
      add(
        [...ap, 'create', 'idleSessionTtl'],
        `received ${JSON.stringify(agent.create.idleSessionTtl)} (${ttl} s); Lex keeps an idle session ${LEX_IDLE_SESSION_TTL.min} s to ${LEX_IDLE_SESSION_TTL.max} s (1m to 24h)`,
      );
    }
  }
  if (agent.generative) out.push(...checkGenerative(policy, agent, ap));
  if (agent.create?.childDirected) {
    add(
      [...ap, 'create', 'childDirected'],
      'a child-directed (COPPA) bot cannot use conversation logs, and convoguard always writes them to a protected log group; remove the bot from this policy or set childDirected: false',
    );
  }
  if (agent.kafka) {
    const k = agent.kafka;
    if (k.clusterArn && k.subnetIds)
      add(
        [...ap, 'kafka'],
        'give either clusterArn (an existing cluster) or subnetIds (a new cluster), not both',
        true,
      );
    else if (!k.clusterArn && !k.subnetIds)
      add(
        [...ap, 'kafka'],
        'missing clusterArn or subnetIds; expected an existing MSK cluster ARN or 2-3 subnets for a new cluster',
        true,
      );
    else if (k.subnetIds && (k.subnetIds.length < 2 || k.subnetIds.length > 3)) {
      add(
        [...ap, 'kafka', 'subnetIds'],
        `received ${k.subnetIds.length} subnet(s); an MSK cluster needs subnets in 2 or 3 Availability Zones`,
      );
    }
    const brokers = k.subnetIds?.length;
    if (brokers && brokers >= 2) {
      policy.streams.forEach((st, j) => {
        if (st.replicationFactor > brokers)
          add(
            ['streams', j, 'replicationFactor'],
            `received ${st.replicationFactor}; the new MSK cluster of agent "${agent.name}" has ${brokers} brokers (one per subnet), so at most ${brokers}`,
          );
      });
    }
    const arnRegion = k.clusterArn?.split(':')[3];
    if (arnRegion && arnRegion !== agent.region)
      add(
        [...ap, 'kafka', 'clusterArn'],
        `cluster region "${arnRegion}" differs from the agent region "${agent.region}"`,
      );
  }
  return out;
}
