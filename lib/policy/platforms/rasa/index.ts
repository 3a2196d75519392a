/**
 * Rasa Pro: 3.13+ (`privacy:` in endpoints.yml: slot rules, tracker-store anonymization and deletion jobs, anonymized
 * Kafka topics as names) and 3.6–3.12 (`anonymization:`: Presidio entities per rule list, anonymized Kafka topics and
 * the log formatter). What is true of Rasa lives in this folder (versions.ts: the release facts).
 */
import { CATALOG } from '../../catalog';
import type { PathSegment } from '../../errors';
import type {
  AgentPlanBase,
  KindCoverage,
  PlanNote,
  RasaAgentPlan,
  RasaPrivacyPlan,
  RasaSlotRule,
} from '../../plan-types';
import { ExpectedStore, IMPLICIT_READERS, LAG, STORE_NAME } from '../../posture';
import type { DeidentifyMethod, Policy, RasaAgentSpec } from '../../schema';
import {
  expected,
  planTopics,
  rasaRawTopicName,
  rawTopicStore,
  seconds,
  kafkaClientsOf,
  topicStore,
  unappliedPatternsNote,
} from '../common';
import {
  RASA_CRON,
  RASA_DEFAULT_EVENT_TOPIC,
  RASA_DEFAULT_VERSION,
  RASA_MIN_AFTER_SESSION_END_MINUTES,
  RASA_MIN_DELETION_MINUTES,
  rasaFormat,
} from './versions';
import type { EffectiveMethod } from '../types';
import type { Finding, PlatformModule } from '../types';
import { canaryChecks } from './canary';
import { ruleFor } from '../../rule-sets';

/** Rasa's faker substitution works for these Presidio entities only; others fall back to mask. */
export const RASA_FAKER_ENTITIES: readonly string[] = [
  'PERSON',
  'PHONE_NUMBER',
  'EMAIL_ADDRESS',
  'CREDIT_CARD',
  'IBAN_CODE',
  'DATE_TIME',
  'IP_ADDRESS',
  'URL',
  'LOCATION',
  'US_ITIN',
  'US_PASSPORT',
  'US_SSN',
  'ES_NIF',
  'IT_VAT_CODE',
];

export const rasaModule: PlatformModule<RasaAgentSpec, RasaAgentPlan> = {
  platform: 'rasa',
  canary: canaryChecks,
  target: 'files',
  inspectsText: true,
  notAttached: 'endpoints.yml has no anonymization section used by the logger',

  unverifiableReason(kind) {
    return kind === 'tracker-store'
      ? "your database: no scanner convoguard provisions reads it; run convoguard canary's tracker-store queries"
      : undefined;
  },
  dialect: 'none',

  derivedNames() {
    return {};
  },

  cover(kind, agent): KindCoverage {
    const c = CATALOG[kind];
    if (rasaFormat(agent.rasa.version) === 'privacy') {
      const slots = agent.sensitiveSlots.filter((s) => s.kind === kind).map((s) => `slot:${s.slot}`);
      const model = agent.gliner && c.gliner ? [`GLiNER:${c.gliner}`] : [];
      if (slots.length > 0) return { kind, coverage: 'builtin', detectors: [...slots, ...model] };
      if (model.length > 0)
        return {
          kind,
          coverage: 'approximate',
          detectors: model,
          note: `${kind} is found in free text by the GLiNER model only (no sensitive slot holds it): recall depends on the model`,
        };
      // One warning for every such kind comes from the plan (planPrivacy), not one per kind.
      return { kind, coverage: 'none', detectors: [] };
    }
    if (!c.presidio)
      return {
        kind,
        coverage: 'none',
        detectors: [],
        note: `Presidio has no entity for ${kind}; Rasa will not anonymize it`,
      };
    return {
      kind,
      coverage: c.presidio.exact ? 'builtin' : 'approximate',
      detectors: [c.presidio.entity],
      ...(c.presidio.exact
        ? {}
        : { note: `Presidio has no exact entity for ${kind}: ${c.presidio.entity} covers it more broadly` }),
    };
  },

  effectiveMethod(method, char, agent) {
    return rasaFormat(agent.rasa.version) === 'privacy' ? privacyMethod(method, char) : pipelineMethod(method, char);
  },

  checkPolicy(policy) {
    // Rasa expands ${VAR} in endpoints.yml: a replacement text "${AWS_SECRET_ACCESS_KEY}" would write the secret into
    // every anonymized event. Rasa has no escape for it, so such values are refused.
    const out: Finding[] = [];
    const sets: Array<[PathSegment[], Pick<Policy['deidentify'], 'rules'>]> = [
      [['deidentify'], policy.deidentify],
      ...Object.entries(policy.deidentify.sets ?? {}).map(
        ([n, s]): [PathSegment[], Pick<Policy['deidentify'], 'rules'>] => [['deidentify', 'sets', n], s],
      ),
    ];
    for (const [path, set] of sets) {
      set.rules.forEach((r, i) => {
        if (r.value?.includes('${')) {
          out.push({
            path: [...path, 'rules', i, 'value'],
            message: `received ${JSON.stringify(r.value)}; Rasa expands \${…} in endpoints.yml from the environment, so this replacement text would carry an environment variable's value into anonymized events. Remove the \${`,
          });
        }
      });
    }
    return out;
  },

  checkAgent(policy, agent, ap) {
    const out: Finding[] = [];
    const add = (path: PathSegment[], message: string) => out.push({ path, message, onKey: true });
    const cluster = agent.kafka?.cluster;
    if (cluster !== undefined) {
      const host = policy.agents.find((a) => a.name === cluster);
      const names = policy.agents
        .filter((a) => (a.platform === 'lex' || a.platform === 'dialogflow-cx') && a.kafka)
        .map((a) => a.name);
      if (!host || (host.platform !== 'lex' && host.platform !== 'dialogflow-cx') || !host.kafka) {
        out.push({
          path: [...ap, 'kafka', 'cluster'],
          message: `received ${JSON.stringify(cluster)}; expected a lex or dialogflow-cx agent with kafka settings${names.length > 0 ? `: ${names.join(', ')}` : ' (the policy has none)'}`,
        });
      } else if (host.platform === 'lex' && host.kafka.clusterArn) {
        out.push({
          path: [...ap, 'kafka', 'cluster'],
          message: `agent "${cluster}" uses an existing MSK cluster (clusterArn): give Rasa its bootstrap address and SASL/SCRAM credentials with kafka.url instead, convoguard cannot add SCRAM to a cluster it did not create`,
        });
      }
    }
    const format = rasaFormat(agent.rasa.version);
    const rawName = rasaRawTopicName(agent.name);
    if (agent.kafka?.principal !== undefined) {
      const host = policy.agents.find((a) => a.name === cluster);
      if (format !== 'anonymization' || host?.platform !== 'dialogflow-cx' || policy.streams.length === 0)
        add(
          [...ap, 'kafka', 'principal'],
          `is used only for the raw topic of Rasa 3.6-3.12 on a dialogflow-cx agent's Managed Kafka cluster (its Kafka ACL); this agent ${format !== 'anonymization' ? `runs Rasa ${agent.rasa.version}, which streams no original events (stream_pii: false)` : host?.platform === 'lex' ? 'publishes to an MSK cluster, whose ACLs CloudFormation cannot set' : policy.streams.length === 0 ? 'has no streams, so no raw topic is provisioned' : 'names no cluster'}. Remove it`,
        );
    }
    const clash = policy.streams.findIndex((st) => st.topic === rawName);
    if (cluster !== undefined && format === 'anonymization' && clash >= 0)
      out.push({
        path: ['streams', clash, 'topic'],
        message: `received "${rawName}", the topic convoguard provisions for rasa agent ${agent.name}'s original events (Rasa ${agent.rasa.version} publishes every event unanonymized to its broker's topic); expected another name`,
      });
    const m = agent.model;
    if (format === 'privacy') {
      if (m)
        add(
          [...ap, 'model'],
          `Rasa ${agent.rasa.version} has no Presidio pipeline, so model is not used (rasa.version defaults to the newest format, ${RASA_DEFAULT_VERSION}). If the assistant runs 3.6-3.12, say so with rasa: { version: '3.12' } (its endpoints.yml would ignore a privacy: block); otherwise remove model and list sensitiveSlots`,
        );
      const minutes = Math.floor(seconds(policy.retention.sensitive) / 60);
      if (minutes < RASA_MIN_DELETION_MINUTES) {
        out.push({
          path: ['retention', 'sensitive'],
          message: `received ${JSON.stringify(policy.retention.sensitive)}; rasa agent "${agent.name}" deletes conversations with Rasa's tracker-store deletion job, which must run more than ${RASA_MIN_AFTER_SESSION_END_MINUTES} minutes after session end (Rasa refuses min_after_session_end below USER_CHAT_INACTIVITY_IN_MINUTES, 30 by default, and deletion must come after anonymization): expected at least ${RASA_MIN_DELETION_MINUTES}m`,
        });
      }
      const kinds = agent.kinds ?? policy.detection.kinds;
      const seen = new Map<string, number>();
      agent.sensitiveSlots.forEach((s, i) => {
        const first = seen.get(s.slot);
        if (first !== undefined)
          add(
            [...ap, 'sensitiveSlots', i, 'slot'],
            `slot "${s.slot}" is listed twice (also at sensitiveSlots[${first}]); Rasa takes one rule per slot`,
          );
        else seen.set(s.slot, i);
        if (!kinds.includes(s.kind)) {
          out.push({
            path: [...ap, 'sensitiveSlots', i, 'kind'],
            message: `received ${JSON.stringify(s.kind)}; this agent detects ${kinds.join(', ')}: add ${s.kind} to ${agent.kinds ? "the agent's kinds" : 'detection.kinds'} or name one of those`,
          });
        }
      });
      return out;
    }
    if (!m) {
      add(
        ap,
        `missing model; Rasa ${agent.rasa.version}'s anonymization pipeline needs the Presidio NLP model (model: { provider: spacy, name: en_core_web_lg }), or set rasa.version to '${RASA_DEFAULT_VERSION}' for the privacy: format`,
      );
      return out;
    }
    if (m.provider === 'transformers') {
      if (!m.spacy || !m.transformers)
        add(
          [...ap, 'model'],
          'the transformers provider needs both model names: spacy (the wrapper) and transformers (the HuggingFace NER model)',
        );
      if (m.name) add([...ap, 'model', 'name'], 'the transformers provider takes spacy and transformers, not name');
    } else {
      if (!m.name) add([...ap, 'model'], `missing name; expected the ${m.provider} model name, such as en_core_web_lg`);
      if (m.spacy || m.transformers)
        add(
          [...ap, 'model'],
          `spacy and transformers are only used with provider transformers; this agent uses ${m.provider}`,
        );
    }
    return out;
  },

  plan(base, agent, policy) {
    const notes = [...base.notes];
    const format = rasaFormat(agent.rasa.version);
    const common = {
      ...base,
      platform: 'rasa' as const,
      language: agent.language,
      rasaVersion: agent.rasa.version,
      format,
      ...(agent.kafka ? { kafka: rasaKafka(agent, policy) } : {}),
      topics: planTopics(policy, true),
    };
    if (format === 'anonymization') {
      const unapplied = unappliedPatternsNote(
        policy,
        "Rasa's anonymization pipeline applies Presidio entities only, no custom patterns or markers",
        'warning',
      );
      if (unapplied) notes.push(unapplied);
      if (agent.sensitiveSlots.length > 0 || agent.gliner)
        notes.push({
          level: 'warning',
          message: `sensitiveSlots and gliner are Rasa 3.13+ settings; this agent runs ${agent.rasa.version}, whose anonymization pipeline ignores them`,
        });
      notes.push({
        level: 'warning',
        message: `Rasa ${agent.rasa.version}'s tracker store keeps raw conversations without limit: the anonymization pipeline covers Kafka topics and logs only. Rasa 3.13's privacy: block can delete them (rasa.version: '3.13')`,
      });
      const rawTopic = common.kafka?.rawTopic;
      if (common.topics.length > 0) {
        notes.push({
          level: 'warning',
          message: rawTopic
            ? `Rasa ${agent.rasa.version}'s event broker publishes every original event beside the anonymized copies: convoguard points it at topic ${rawTopic} on agent ${common.kafka?.cluster?.agent}'s cluster, kept ${policy.retention.sensitive} (retention.sensitive) under the cluster's key, but raw and ${common.kafka?.rawTopicWriter ? `readable by nobody through Kafka (its ACL lets only ${common.kafka.rawTopicWriter} write)` : `readable by any client of the cluster${common.kafka?.cluster?.platform === 'dialogflow-cx' ? " (kafka.principal, Rasa's service account, puts a Kafka ACL on it that lets Rasa alone in)" : ' (MSK: CloudFormation has no resource for Kafka ACLs)'}`}. Rasa 3.13 turns it off (stream_pii: false, rasa.version: '3.13')`
            : `Rasa ${agent.rasa.version}'s event broker publishes every original event to its topic (${RASA_DEFAULT_EVENT_TOPIC}) beside the anonymized copies, on the same cluster: raw, kept as the cluster keeps topics, readable by any of its clients. Rasa 3.13 turns it off (stream_pii: false, rasa.version: '3.13')`,
        });
      }
      const m = agent.model!;
      const model: NonNullable<RasaAgentPlan['model']> =
        m.provider === 'transformers'
          ? { provider: 'transformers', spacy: m.spacy ?? '', transformers: m.transformers ?? '' }
          : { provider: m.provider, name: m.name ?? '' };
      return { ...common, notes, model };
    }
    const privacy = planPrivacy(base, agent, policy, notes);
    return { ...common, notes, privacy };
  },

  expectedPosture(plan) {
    const raw = plan.detection.kinds.filter((k) => k.coverage === 'none').map((k) => k.kind);
    // Rasa 3.13 anonymizes slot values (and what GLiNER finds): other kinds reach the topics as typed.
    // Your own Kafka (kafka.url, or ${KAFKA_BOOTSTRAP_SERVERS}): convoguard creates no topic there, so neither the
    // retention nor the key is one it sets; only a cloud agent's cluster (kafka.cluster) gets them.
    const yours = !plan.kafka?.cluster;
    const topics = plan.topics.map((t) => {
      const provisioned = topicStore(t.name, t.retentionMs, kafkaClientsOf(plan.kafka?.cluster?.platform));
      const s: ExpectedStore = yours
        ? { ...provisioned, retention: { lag: LAG.none }, encryption: 'unknown', managed: false }
        : provisioned;
      return plan.privacy && raw.length > 0
        ? {
            ...s,
            redactedBy: [
              `anonymized before publishing, except ${raw.join(', ')} (no sensitive slot${plan.privacy.gliner ? ' or GLiNER label' : ''})`,
            ],
          }
        : s;
    });
    const yourKafka =
      yours && plan.topics.length > 0
        ? [
            `The topics are on your Kafka (${plan.kafka?.url ? 'kafka.url' : '${KAFKA_BOOTSTRAP_SERVERS}'}): convoguard creates none there, so how long they keep events, which key encrypts them and who may read them are your cluster's settings, not visible here. Create ${plan.topics.map((t) => `${t.name} with retention.ms ${t.retentionMs}`).join(', ')}, encrypted, with ACLs for their readers.`,
          ]
        : [];
    const tracker = {
      kind: 'tracker-store' as const,
      name: STORE_NAME.rasaTracker,
      sensitive: true,
      encryption: 'unknown' as const,
      readers: [IMPLICIT_READERS.trackerStoreReaders],
    };
    if (plan.privacy) {
      const p = plan.privacy;
      // GLiNER runs in the deployment (rasa-pro[pii], GLINER_MODEL_PATH): endpoints.yml cannot show it, so the report expects slots only.
      const fileDetection = {
        ...plan.detection,
        kinds: plan.detection.kinds.map((k) => ({
          ...k,
          detectors: k.detectors.filter((d) => !d.startsWith('GLiNER:')),
        })),
      };
      return expected(
        { ...plan, detection: fileDetection },
        [
          {
            ...tracker,
            redactedBy: [
              `Rasa privacy anonymization job (slots ${p.rules.length > 0 ? p.rules.map((r) => r.slot).join(', ') : 'none'}${p.gliner ? ', GLiNER' : ''}), ${p.trackerStore.anonymization.minAfterSessionEnd} min after session end`,
            ],
            retention: { configuredSeconds: p.trackerStore.deletion.minAfterSessionEnd * 60, lag: LAG.rasaTrackerJobs },
            managed: true,
          },
          ...topics,
        ],
        [
          `Raw conversations stay in the tracker store until the anonymization job (${p.trackerStore.anonymization.minAfterSessionEnd} min after session end) and are deleted by the deletion job; both need the lock store and a running Rasa process.`,
          p.gliner
            ? 'Free text is anonymized by the GLiNER model (threshold 0.85) and slot values: recall depends on the model, and whether the deployment really loads GLiNER (rasa-pro[pii], GLINER_MODEL_PATH) is not visible in endpoints.yml; custom patterns and SSML markers are not applied.'
            : 'Only the values of the sensitive slots are anonymized: personal data typed outside a sensitive slot reaches topics and stays in the tracker store until deletion.',
          'Slot rules redact or mask only: text, kind-name, faker and hash are not available on Rasa 3.13.',
          ...yourKafka,
        ],
      );
    }
    // The 3.6-3.12 pipeline adds a broker per anonymization topic; the main broker keeps publishing every original
    // event to its own topic (rasa/anonymization/anonymization_pipeline.py; the event broker's topic defaults to
    // rasa_core_events), on the same cluster, kept as that cluster keeps topics and readable by any of its clients.
    // On a cloud agent's cluster the broker writes to a topic convoguard provisions there (kafka.rawTopic), kept
    // retention.sensitive under the cluster's key; elsewhere to rasa_core_events, kept as that cluster keeps topics.
    const provisionedRaw = plan.kafka?.rawTopic;
    const clients = kafkaClientsOf(plan.kafka?.cluster?.platform);
    const rawTopic =
      plan.topics.length === 0
        ? []
        : provisionedRaw
          ? [
              rawTopicStore(
                {
                  name: provisionedRaw,
                  retentionMs: plan.retention.sensitiveSeconds * 1000,
                  raw: {
                    publisher: plan.name,
                    ...(plan.kafka?.rawTopicWriter ? { writer: plan.kafka.rawTopicWriter } : {}),
                  },
                },
                clients,
              ),
            ]
          : [
              {
                kind: 'raw-event-topic' as const,
                name: STORE_NAME.rasaRawEvents(RASA_DEFAULT_EVENT_TOPIC),
                sensitive: true,
                redactedBy: [],
                retention: { lag: LAG.none },
                encryption: 'unknown' as const,
                readers: [clients],
                managed: false,
              },
            ];
    return expected(
      plan,
      [{ ...tracker, redactedBy: [], retention: { lag: LAG.none }, managed: false }, ...topics, ...rawTopic],
      [
        ...(rawTopic.length > 0
          ? [
              provisionedRaw
                ? `Rasa ${plan.rasaVersion}'s event broker also publishes every original event, unanonymized, to topic ${provisionedRaw} on the cluster of the anonymized ones, which convoguard provisions there with retention.sensitive: bounded, but ${plan.kafka?.rawTopicWriter ? `raw; its Kafka ACL lets only ${plan.kafka.rawTopicWriter} write and nobody read, though whoever may change the cluster's ACLs can open it` : 'readable by any client allowed on the cluster'}. Rasa 3.13 can turn it off (stream_pii: false, rasa.version: '3.13').`
                : `Rasa ${plan.rasaVersion}'s event broker also publishes every original event, unanonymized, to its topic (${RASA_DEFAULT_EVENT_TOPIC} unless set) on the cluster of the anonymized ones: kept as long as that cluster keeps topics, and readable by any client allowed on it. Rasa 3.13 can turn it off (stream_pii: false, rasa.version: '3.13').`,
            ]
          : []),
        `The tracker store keeps raw conversations without limit: Rasa ${plan.rasaVersion} anonymization covers logs and Kafka topics only.`,
        ...yourKafka,
        'Custom patterns and SSML markers are not applied: the Rasa 3.6 pipeline anonymizes Presidio entities only.',
        'Presidio detects in free text by NLP model: recall depends on the model and the language.',
      ],
    );
  },
};

/** Rasa 3.13's privacy: block: a rule per sensitive slot from the default rule set, and the two tracker-store jobs. */
function planPrivacy(base: AgentPlanBase, agent: RasaAgentSpec, policy: Policy, notes: PlanNote[]): RasaPrivacyPlan {
  const set = base.deidentify.sets[0];
  const rules: RasaSlotRule[] = agent.sensitiveSlots.map((s) => {
    const { method, char } = ruleFor(set, s.kind);
    if (method === 'mask') {
      return {
        slot: s.slot,
        kind: s.kind,
        type: 'redact',
        char,
        ...(s.keep?.left ? { keepLeft: s.keep.left } : {}),
        ...(s.keep?.right ? { keepRight: s.keep.right } : {}),
      };
    }
    if (s.keep)
      notes.push({
        level: 'warning',
        message: `slot ${s.slot}: keep applies to redaction only; ${s.kind} is replaced by [${s.slot.toUpperCase()}] (method ${method}), so nothing is kept`,
      });
    return { slot: s.slot, kind: s.kind, type: 'mask' };
  });
  const unapplied = unappliedPatternsNote(
    policy,
    `Rasa ${agent.rasa.version}'s privacy rules are per slot (and GLiNER labels), with no pattern detectors`,
    'warning',
  );
  if (unapplied) notes.push(unapplied);
  const streamSets = [...new Set(policy.streams.map((s) => s.deidentify).filter((n) => n !== 'default'))];
  if (streamSets.length > 0) {
    notes.push({
      level: 'warning',
      message: `Rasa ${agent.rasa.version} anonymizes every topic the same way, with the privacy: slot rules: rule set${streamSets.length > 1 ? 's' : ''} ${streamSets.join(', ')} named by streams ${streamSets.length > 1 ? 'are' : 'is'} not applied on this agent`,
    });
  }
  const raw = base.detection.kinds.filter((k) => k.coverage === 'none').map((k) => k.kind);
  if (raw.length > 0) {
    const why = agent.gliner
      ? `and GLiNER has no label for ${raw.length === 1 ? 'it' : 'them'}`
      : 'and GLiNER free-text detection is off (gliner: false)';
    notes.push({
      level: 'warning',
      message: `Rasa ${agent.rasa.version} anonymizes the values of the sensitive slots${agent.gliner ? ' and what GLiNER finds' : ''}: no sensitive slot holds ${raw.join(', ')} ${why}, so ${raw.length === 1 ? 'it stays in the tracker store until deletion and reaches' : 'they stay in the tracker store until deletion and reach'} topics raw`,
    });
  }
  if (agent.sensitiveSlots.length === 0)
    notes.push({
      level: 'warning',
      message: `no sensitiveSlots: Rasa ${agent.rasa.version} anonymizes slot values${agent.gliner ? ' and what GLiNER finds' : ''}, so ${agent.gliner ? 'only GLiNER' : 'nothing'} anonymizes this agent's events before the deletion job removes them`,
    });
  if (!agent.gliner)
    notes.push({
      level: 'info',
      message:
        'GLiNER free-text detection is off: personal data typed outside a sensitive slot is not anonymized (install rasa-pro[pii], set GLINER_MODEL_PATH and gliner: true)',
    });
  notes.push({
    level: 'info',
    message: `the anonymization job runs ${RASA_MIN_AFTER_SESSION_END_MINUTES} min after session end, the earliest Rasa allows: a deployment that sets USER_CHAT_INACTIVITY_IN_MINUTES above ${RASA_MIN_AFTER_SESSION_END_MINUTES} makes Rasa refuse it at start-up`,
  });
  notes.push({
    level: 'info',
    message:
      'Rasa needs a lock store once tracker-store jobs are configured: --merge keeps yours; a fresh endpoints.yml gets a Redis lock store read from ${REDIS_HOST}, ${REDIS_PORT}, ${REDIS_PASSWORD}, ${REDIS_LOCK_DB}',
  });
  const deletion = Math.floor(base.retention.sensitiveSeconds / 60);
  return {
    rules,
    trackerStore: {
      anonymization: { minAfterSessionEnd: RASA_MIN_AFTER_SESSION_END_MINUTES, cron: RASA_CRON.anonymization },
      deletion: { minAfterSessionEnd: deletion, cron: RASA_CRON.deletion },
    },
    gliner: agent.gliner,
  };
}

/** Rasa 3.13 slot rules: redact (a character, some kept) or mask ([SLOT_NAME]). */
function privacyMethod(method: DeidentifyMethod, char: string): EffectiveMethod {
  switch (method) {
    case 'mask':
      return { method, char };
    case 'kind-name':
      return {
        method,
        char,
        lost: 'Rasa 3.13 writes the slot name in brackets ([CREDIT_CARD_NUMBER]), not the kind name',
      };
    case 'text':
      return {
        method: 'kind-name',
        char,
        lost: 'Rasa 3.13 has no replacement text: the value is replaced by the slot name in brackets',
      };
    default:
      return {
        method: 'mask',
        char: '*',
        lost: `Rasa 3.13 has no ${method} substitution: the value is redacted with * instead`,
      };
  }
}

/** Rasa 3.6 Presidio substitutions: mask (always *), text, faker (some entities). */
function pipelineMethod(method: DeidentifyMethod, char: string): EffectiveMethod {
  switch (method) {
    case 'hash':
      return { method: 'mask', char: '*', lost: 'Rasa has no hash substitution: findings are masked instead' };
    case 'mask':
      return char === '*'
        ? { method, char }
        : {
            method,
            char: '*',
            lost: `Rasa's mask substitution has no masking character setting: findings show as ****, not "${char}"`,
          };
    default:
      // faker falls back to mask per entity; the emitter warns for each entity it cannot fake.
      return { method, char };
  }
}

/** The event broker a rasa agent uses: its own url, or the cluster of the cloud agent it names, with that cluster's SASL. */
function rasaKafka(agent: RasaAgentSpec, policy: Policy): NonNullable<RasaAgentPlan['kafka']> {
  const k = agent.kafka;
  const host = policy.agents.find((a) => a.name === k?.cluster);
  const cluster =
    host && (host.platform === 'lex' || host.platform === 'dialogflow-cx')
      ? {
          agent: host.name,
          platform: host.platform,
          saslMechanism: host.platform === 'lex' ? ('SCRAM-SHA-512' as const) : ('PLAIN' as const),
        }
      : undefined;
  const raw = cluster && policy.streams.length > 0 && rasaFormat(agent.rasa.version) === 'anonymization';
  return {
    ...(k?.url ? { url: k.url } : {}),
    securityProtocol: k?.securityProtocol ?? 'SASL_SSL',
    ...(cluster ? { cluster } : {}),
    ...(raw ? { rawTopic: rasaRawTopicName(agent.name) } : {}),
    ...(raw && cluster.platform === 'dialogflow-cx' && k?.principal ? { rawTopicWriter: k.principal } : {}),
  };
}
