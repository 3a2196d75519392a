/**
 * Rasa Pro endpoints.yml keys from a plan, in the format the agent's release reads: 3.13+ gets the `privacy:` block
 * (slot rules, tracker-store anonymization and deletion jobs), `event_broker.stream_pii: false` with topic names and a
 * lock store; 3.6-3.12 get the `anonymization` section, anonymization topics as objects and the log formatter's rule
 * list. A warning for everything Rasa cannot express. Pure: no file access (see merge.ts for endpoints.yml).
 */
import { CATALOG } from '../policy/catalog';
import type { PlannedRuleSet, RasaAgentPlan } from '../policy/plan';

import { RASA_FAKER_ENTITIES } from '../policy/platforms';
import { RASA_LOCK_STORE_VARIABLES } from '../policy/platforms/rasa/versions';
import { ruleFor } from '../policy/rule-sets';

export { RASA_FAKER_ENTITIES };

export type Substitution = 'text' | 'mask' | 'faker';

export interface RasaRule {
  readonly entity: string;
  readonly substitution: Substitution;
  readonly value?: string;
}

export interface RasaRuleList {
  readonly id: string;
  readonly rules: readonly RasaRule[];
}

export interface RasaAnonymization {
  readonly metadata: {
    readonly language: string;
    readonly model_name: string | { readonly spacy: string; readonly transformers: string };
    readonly model_provider: 'spacy' | 'stanza' | 'transformers';
  };
  readonly rule_lists: readonly RasaRuleList[];
}

export interface RasaAnonymizationTopic {
  readonly name: string;
  readonly anonymization_rules: string;
  readonly rasa_x_consumer?: boolean;
}

interface KafkaBroker {
  readonly type: 'kafka';
  readonly url: string;
  readonly security_protocol: string;
  readonly sasl_mechanism?: string;
  readonly sasl_username?: string;
  readonly sasl_password?: string;
  readonly ssl_cafile?: string;
  /** The broker's own topic, where Rasa 3.6-3.12 writes every original event (Rasa's default: rasa_core_events). */
  readonly topic?: string;
}

/** Rasa 3.6-3.12: the keys convoguard owns in endpoints.yml; everything else in the file is the user's. */
export interface RasaPipelineEndpoints {
  readonly anonymization: RasaAnonymization;
  readonly event_broker?: KafkaBroker & { readonly anonymization_topics: readonly RasaAnonymizationTopic[] };
  readonly logger: { readonly formatter: { readonly anonymization_rules: string } };
}

/** One entry of Rasa 3.13's `privacy.rules` (privacy_config_schema.json). keep_* are omitted rather than 0: the schema's exclusiveMinimum is 0. */
export interface RasaPrivacyRule {
  readonly slot: string;
  readonly anonymization: {
    readonly type: 'redact' | 'mask';
    readonly redaction_char?: string;
    readonly keep_left?: number;
    readonly keep_right?: number;
  };
}

export interface RasaPrivacyJob {
  readonly min_after_session_end: number;
  readonly cron: string;
}

/** Rasa 3.13+: the keys convoguard owns (lock_store only in a fresh file: --merge requires the user's own). */
export interface RasaPrivacyEndpoints {
  readonly lock_store?: {
    readonly type: 'redis';
    readonly url: string;
    readonly port: string;
    readonly password: string;
    readonly db: string;
  };
  readonly event_broker?: KafkaBroker & {
    readonly stream_pii: false;
    readonly anonymization_topics: readonly string[];
  };
  readonly privacy: {
    readonly tracker_store_settings: { readonly anonymization: RasaPrivacyJob; readonly deletion: RasaPrivacyJob };
    readonly rules: readonly RasaPrivacyRule[];
  };
}

export type RasaEndpoints = RasaPipelineEndpoints | RasaPrivacyEndpoints;

export function isPrivacyFormat(e: RasaEndpoints): e is RasaPrivacyEndpoints {
  return 'privacy' in e;
}

export interface RasaEmission {
  readonly endpoints: RasaEndpoints;
  /** What is lost in translation, for stderr. */
  readonly warnings: readonly string[];
  /**
   * The warnings (among `warnings`) about placeholders only a fresh file has: the bootstrap address read from the
   * environment, and the Redis lock store. A merge keeps the file's own url and lock store, so they do not apply there.
   */
  readonly freshFile: { readonly url?: string; readonly lockStore?: string };
}

/** Environment variable endpoints.yml reads the bootstrap address from when the policy gives none. */
export const KAFKA_URL_VARIABLE = 'KAFKA_BOOTSTRAP_SERVERS';
/** Environment variables for the SASL credentials and the CA bundle: secrets never go into endpoints.yml. */
export const KAFKA_SASL_VARIABLES = {
  username: 'KAFKA_SASL_USERNAME',
  password: 'KAFKA_SASL_PASSWORD',
  cafile: 'KAFKA_SSL_CAFILE',
} as const;

export function emitRasa(plan: RasaAgentPlan): RasaEmission {
  if (plan.platform !== 'rasa') throw new Error(`emitRasa: agent "${plan.name}" is ${String(plan.platform)}, not rasa`);
  // The plan's own notes are printed by the caller; these are what the translation into endpoints.yml loses.
  const warnings: string[] = [];
  const freshFile: { url?: string; lockStore?: string } = {};
  const broker = kafkaBroker(plan, warnings, freshFile);
  const endpoints = plan.privacy
    ? privacyEndpoints(plan, plan.privacy, broker, warnings, freshFile)
    : pipelineEndpoints(plan, broker, warnings);
  return { endpoints, warnings: [...new Set(warnings)], freshFile };
}

/** The Kafka connection the anonymized topics use, or undefined when the policy has no streams. */
function kafkaBroker(spec: RasaAgentPlan, warnings: string[], freshFile: { url?: string }): KafkaBroker | undefined {
  if (spec.topics.length === 0) return undefined;
  const url = spec.kafka?.url ?? `\${${KAFKA_URL_VARIABLE}}`;
  const cluster = spec.kafka?.cluster;
  if (!spec.kafka?.url) {
    const from = cluster
      ? cluster.platform === 'lex'
        ? `the ScramBootstrapBrokers output of agent ${cluster.agent}'s AWS stack`
        : `the BootstrapAddress output of agent ${cluster.agent}'s Google Cloud stack`
      : 'your Kafka bootstrap address';
    freshFile.url = `no kafka.url for this agent: endpoints.yml reads \${${KAFKA_URL_VARIABLE}}; set it to ${from}`;
    warnings.push(freshFile.url);
  }
  if (cluster) {
    const v = KAFKA_SASL_VARIABLES;
    warnings.push(
      cluster.platform === 'lex'
        ? `set \${${v.username}} and \${${v.password}} from the secret in the ScramSecretArn output of agent ${cluster.agent}'s AWS stack, and \${${v.cafile}} to a CA bundle that trusts Amazon's certificates`
        : `set \${${v.username}} to ${spec.kafka?.rawTopicWriter ? `${spec.kafka.rawTopicWriter} (kafka.principal: the raw topic's Kafka ACL admits it alone)` : "a service account's email"} and \${${v.password}} to its base64-encoded key (Managed Kafka's SASL/PLAIN), and \${${v.cafile}} to a CA bundle that trusts Google's certificates`,
    );
  }
  return {
    type: 'kafka',
    url,
    security_protocol: spec.kafka?.securityProtocol ?? 'SASL_SSL',
    ...(cluster
      ? {
          sasl_mechanism: cluster.saslMechanism,
          sasl_username: `\${${KAFKA_SASL_VARIABLES.username}}`,
          sasl_password: `\${${KAFKA_SASL_VARIABLES.password}}`,
          ssl_cafile: `\${${KAFKA_SASL_VARIABLES.cafile}}`,
        }
      : {}),
  };
}

/** Rasa 3.13+: the privacy: block from the plan, topic names with stream_pii off, and a Redis lock store. */
function privacyEndpoints(
  plan: RasaAgentPlan,
  p: NonNullable<RasaAgentPlan['privacy']>,
  broker: KafkaBroker | undefined,
  warnings: string[],
  freshFile: { lockStore?: string },
): RasaPrivacyEndpoints {
  const v = RASA_LOCK_STORE_VARIABLES;
  freshFile.lockStore = `a fresh endpoints.yml gets a Redis lock store (Rasa requires one for the tracker-store jobs): set \${${v.url}}, \${${v.port}}, \${${v.password}} and \${${v.db}}, or merge into your endpoints.yml with --merge to keep your own`;
  warnings.push(freshFile.lockStore);
  if (plan.topics.some((t) => t.rasaXConsumer))
    warnings.push(
      'rasaXConsumer is a Rasa 3.6 setting: Rasa 3.13 anonymization topics are plain topic names, so it is not written',
    );
  const rules: RasaPrivacyRule[] = p.rules.map((r) => ({
    slot: r.slot,
    anonymization:
      r.type === 'redact'
        ? {
            type: 'redact',
            redaction_char: r.char ?? '*',
            ...(r.keepLeft ? { keep_left: r.keepLeft } : {}),
            ...(r.keepRight ? { keep_right: r.keepRight } : {}),
          }
        : { type: 'mask' },
  }));
  const job = (j: { minAfterSessionEnd: number; cron: string }): RasaPrivacyJob => ({
    min_after_session_end: j.minAfterSessionEnd,
    cron: j.cron,
  });
  return {
    lock_store: {
      type: 'redis',
      url: `\${${v.url}}`,
      port: `\${${v.port}}`,
      password: `\${${v.password}}`,
      db: `\${${v.db}}`,
    },
    ...(broker
      ? {
          event_broker: { ...broker, stream_pii: false as const, anonymization_topics: plan.topics.map((t) => t.name) },
        }
      : {}),
    privacy: {
      tracker_store_settings: {
        anonymization: job(p.trackerStore.anonymization),
        deletion: job(p.trackerStore.deletion),
      },
      rules,
    },
  };
}

/** Rasa 3.6-3.12: Presidio rule lists, anonymization topics as objects, the log formatter. */
function pipelineEndpoints(
  spec: RasaAgentPlan,
  broker: KafkaBroker | undefined,
  warnings: string[],
): RasaPipelineEndpoints {
  const m = spec.model;
  if (!m) throw new Error(`emitRasa: agent "${spec.name}" runs Rasa ${spec.rasaVersion} but its plan has no model`);
  for (const c of spec.detection.kinds) {
    const entity = CATALOG[c.kind].presidio;
    if (entity?.language && entity.language !== spec.language) {
      warnings.push(
        `${c.kind} (${entity.entity}) is recognized for language "${entity.language}" only; this agent's language is "${spec.language}", so it will not fire`,
      );
    }
  }
  const modelName = m.provider === 'transformers' ? { spacy: m.spacy, transformers: m.transformers } : m.name;
  const spacyName = typeof modelName === 'string' ? modelName : modelName.spacy;
  const modelLanguage = /^([a-z]{2})_/.exec(spacyName)?.[1];
  if (m.provider !== 'stanza' && modelLanguage && modelLanguage !== spec.language && modelLanguage !== 'xx') {
    warnings.push(
      `model "${spacyName}" is for language "${modelLanguage}" but the agent's language is "${spec.language}"; Rasa runs one language per process`,
    );
  }
  const ruleLists = spec.deidentify.sets.map((set) => ruleList(set, spec, warnings));
  const consumers = spec.topics.filter((t) => t.rasaXConsumer);
  if (broker && consumers.length > 1)
    warnings.push(
      `rasaXConsumer is set on ${consumers.map((t) => t.name).join(', ')}; Rasa streams to Rasa X/Enterprise from the first one only (${consumers[0].name})`,
    );
  return {
    anonymization: {
      metadata: { language: spec.language, model_name: modelName, model_provider: m.provider },
      rule_lists: ruleLists,
    },
    ...(broker
      ? {
          event_broker: {
            ...broker,
            // Every original event goes to the broker's own topic: the one the cluster's host provisions for it.
            ...(spec.kafka?.rawTopic ? { topic: spec.kafka.rawTopic } : {}),
            anonymization_topics: spec.topics.map((t) => ({
              name: t.name,
              anonymization_rules: t.ruleSet,
              ...(t.rasaXConsumer ? { rasa_x_consumer: true } : {}),
            })),
          },
        }
      : {}),
    logger: { formatter: { anonymization_rules: 'default' } },
  };
}

function ruleList(set: PlannedRuleSet, plan: RasaAgentPlan, warnings: string[]): RasaRuleList {
  const rules: RasaRule[] = [];
  const seen = new Set<string>();
  for (const c of plan.detection.kinds) {
    const entity = CATALOG[c.kind].presidio?.entity;
    if (!entity || seen.has(entity)) continue;
    seen.add(entity);
    const { method, value } = ruleFor(set, c.kind);
    rules.push(toRule(entity, method, value, set.name, c.kind, warnings));
  }
  return { id: set.name, rules };
}

function toRule(
  entity: string,
  method: string,
  value: string | undefined,
  set: string,
  kind: string,
  warnings: string[],
): RasaRule {
  switch (method) {
    case 'text':
      return { entity, substitution: 'text', value: value! };
    case 'kind-name':
      // `text` without a value yields <ENTITY>.
      return { entity, substitution: 'text' };
    case 'faker':
      if (!RASA_FAKER_ENTITIES.includes(entity)) {
        warnings.push(`rule set "${set}": Rasa's faker does not support ${entity} (${kind}); mask is written instead`);
        return { entity, substitution: 'mask' };
      }
      return { entity, substitution: 'faker' };
    default:
      return { entity, substitution: 'mask' };
  }
}
