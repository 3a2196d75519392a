/**
 * Rasa Pro 3.6–3.12 (`anonymization:` in endpoints.yml): Presidio entities per rule list, anonymized Kafka topics and
 * the log formatter. What is true of Rasa lives here.
 */
import { CATALOG } from '../catalog';
import type { PathSegment } from '../errors';
import type { KindCoverage, RasaAgentPlan } from '../plan-types';
import { IMPLICIT_READERS, LAG, STORE_NAME } from '../posture';
import type { Policy, RasaAgentSpec } from '../schema';
import { expected, planTopics, topicStore, unappliedPatternsNote } from './common';
import type { Finding, PlatformModule } from './types';

/** Rasa's faker substitution works for these Presidio entities only; others fall back to mask. */
export const RASA_FAKER_ENTITIES: readonly string[] = ['PERSON', 'PHONE_NUMBER', 'EMAIL_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'DATE_TIME', 'IP_ADDRESS', 'URL', 'LOCATION', 'US_ITIN', 'US_PASSPORT', 'US_SSN', 'ES_NIF', 'IT_VAT_CODE'];

export const rasaModule: PlatformModule<RasaAgentSpec, RasaAgentPlan> = {
  platform: 'rasa',

  derivedNames() {
    return {};
  },

  cover(kind): KindCoverage {
    const c = CATALOG[kind];
    if (!c.presidio) return { kind, coverage: 'none', detectors: [], note: `Presidio has no entity for ${kind}; Rasa will not anonymize it` };
    return {
      kind,
      coverage: c.presidio.exact ? 'builtin' : 'approximate',
      detectors: [c.presidio.entity],
      ...(c.presidio.exact ? {} : { note: `Presidio has no exact entity for ${kind}: ${c.presidio.entity} covers it more broadly` }),
    };
  },

  effectiveMethod(method, char) {
    switch (method) {
      case 'hash':
        return { method: 'mask', char: '*', lost: 'Rasa has no hash substitution: findings are masked instead' };
      case 'mask':
        return char === '*' ? { method, char } : { method, char: '*', lost: `Rasa's mask substitution has no masking character setting: findings show as ****, not "${char}"` };
      default:
        // faker falls back to mask per entity; the emitter warns for each entity it cannot fake.
        return { method, char };
    }
  },

  checkPolicy(policy) {
    // Rasa expands ${VAR} in endpoints.yml: a replacement text "${AWS_SECRET_ACCESS_KEY}" would write the secret into
    // every anonymized event. Rasa has no escape for it, so such values are refused.
    const out: Finding[] = [];
    const sets: Array<[PathSegment[], Pick<Policy['deidentify'], 'rules'>]> = [
      [['deidentify'], policy.deidentify],
      ...Object.entries(policy.deidentify.sets ?? {}).map(([n, s]): [PathSegment[], Pick<Policy['deidentify'], 'rules'>] => [['deidentify', 'sets', n], s]),
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
      const names = policy.agents.filter((a) => (a.platform === 'lex' || a.platform === 'dialogflow-cx') && a.kafka).map((a) => a.name);
      if (!host || (host.platform !== 'lex' && host.platform !== 'dialogflow-cx') || !host.kafka) {
        out.push({ path: [...ap, 'kafka', 'cluster'], message: `received ${JSON.stringify(cluster)}; expected a lex or dialogflow-cx agent with kafka settings${names.length > 0 ? `: ${names.join(', ')}` : ' (the policy has none)'}` });
      } else if (host.platform === 'lex' && host.kafka.clusterArn) {
        out.push({
          path: [...ap, 'kafka', 'cluster'],
          message: `agent "${cluster}" uses an existing MSK cluster (clusterArn): give Rasa its bootstrap address and SASL/SCRAM credentials with kafka.url instead, convoguard cannot add SCRAM to a cluster it did not create`,
        });
      }
    }
    const m = agent.model;
    if (m.provider === 'transformers') {
      if (!m.spacy || !m.transformers) add([...ap, 'model'], 'the transformers provider needs both model names: spacy (the wrapper) and transformers (the HuggingFace NER model)');
      if (m.name) add([...ap, 'model', 'name'], 'the transformers provider takes spacy and transformers, not name');
    } else {
      if (!m.name) add([...ap, 'model'], `missing name; expected the ${m.provider} model name, such as en_core_web_lg`);
      if (m.spacy || m.transformers) add([...ap, 'model'], `spacy and transformers are only used with provider transformers; this agent uses ${m.provider}`);
    }
    return out;
  },

  plan(base, agent, policy) {
    const notes = [...base.notes];
    const unapplied = unappliedPatternsNote(policy, "Rasa's anonymization pipeline applies Presidio entities only, no custom patterns or markers", 'warning');
    if (unapplied) notes.push(unapplied);
    notes.push({ level: 'info', message: "Rasa's tracker store keeps raw events by design; protect it separately (encryption, access, its own retention). Only the Kafka topics and logs are anonymized" });
    const m = agent.model;
    const model: RasaAgentPlan['model'] = m.provider === 'transformers' ? { provider: 'transformers', spacy: m.spacy ?? '', transformers: m.transformers ?? '' } : { provider: m.provider, name: m.name ?? '' };
    return {
      ...base,
      notes,
      platform: 'rasa',
      language: agent.language,
      model,
      ...(agent.kafka ? { kafka: rasaKafka(agent, policy) } : {}),
      topics: planTopics(policy, true),
    };
  },

  expectedPosture(plan) {
    return expected(
      plan,
      [
        {
          kind: 'tracker-store',
          name: STORE_NAME.rasaTracker,
          sensitive: true,
          redactedBy: [],
          retention: { lag: LAG.none },
          encryption: 'unknown',
          readers: [IMPLICIT_READERS.trackerStoreReaders],
          managed: false,
        },
        ...plan.topics.map((t) => topicStore(t.name, t.retentionMs)),
      ],
      [
        'The tracker store keeps raw conversations without limit: Rasa 3.6 anonymization covers logs and Kafka topics only.',
        'Custom patterns and SSML markers are not applied: Rasa 3.6 anonymizes Presidio entities only.',
        'Presidio detects in free text by NLP model: recall depends on the model and the language.',
      ],
    );
  },
};

/** The event broker a rasa agent uses: its own url, or the cluster of the cloud agent it names, with that cluster's SASL. */
function rasaKafka(agent: RasaAgentSpec, policy: Policy): NonNullable<RasaAgentPlan['kafka']> {
  const k = agent.kafka;
  const host = policy.agents.find((a) => a.name === k?.cluster);
  const cluster = host && (host.platform === 'lex' || host.platform === 'dialogflow-cx') ? { agent: host.name, platform: host.platform, saslMechanism: host.platform === 'lex' ? ('SCRAM-SHA-512' as const) : ('PLAIN' as const) } : undefined;
  return { ...(k?.url ? { url: k.url } : {}), securityProtocol: k?.securityProtocol ?? 'SASL_SSL', ...(cluster ? { cluster } : {}) };
}
