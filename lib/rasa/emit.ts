/**
 * Rasa Pro anonymization configuration from a plan: the `anonymization` section, the Kafka `event_broker`
 * anonymization topics and the log formatter's rule list, with a warning for everything Rasa cannot express.
 * Pure: no file access (see merge.ts for endpoints.yml).
 */
import { CATALOG } from '../policy/catalog';
import type { PlannedRuleSet, RasaAgentPlan } from '../policy/plan';
import { RASA_FAKER_ENTITIES } from '../policy/platforms';

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

/** The keys convoguard owns in endpoints.yml; everything else in the file is the user's. */
export interface RasaEndpoints {
  readonly anonymization: RasaAnonymization;
  readonly event_broker?: {
    readonly type: 'kafka';
    readonly url: string;
    readonly security_protocol: string;
    readonly sasl_mechanism?: string;
    readonly sasl_username?: string;
    readonly sasl_password?: string;
    readonly ssl_cafile?: string;
    readonly anonymization_topics: readonly RasaAnonymizationTopic[];
  };
  readonly logger: { readonly formatter: { readonly anonymization_rules: string } };
}

export interface RasaEmission {
  readonly endpoints: RasaEndpoints;
  /** What is lost in translation, for stderr. */
  readonly warnings: readonly string[];
}

/** Environment variable endpoints.yml reads the bootstrap address from when the policy gives none. */
export const KAFKA_URL_VARIABLE = 'KAFKA_BOOTSTRAP_SERVERS';
/** Environment variables for the SASL credentials and the CA bundle: secrets never go into endpoints.yml. */
export const KAFKA_SASL_VARIABLES = { username: 'KAFKA_SASL_USERNAME', password: 'KAFKA_SASL_PASSWORD', cafile: 'KAFKA_SSL_CAFILE' } as const;

export function emitRasa(plan: RasaAgentPlan): RasaEmission {
  if (plan.platform !== 'rasa') throw new Error(`emitRasa: agent "${plan.name}" is ${String(plan.platform)}, not rasa`);
  const spec = plan;
  // The plan's own notes are printed by the caller; these are what the translation into endpoints.yml loses.
  const warnings: string[] = [];

  for (const c of plan.detection.kinds) {
    const entity = CATALOG[c.kind].presidio;
    if (entity?.language && entity.language !== spec.language) {
      warnings.push(`${c.kind} (${entity.entity}) is recognized for language "${entity.language}" only; this agent's language is "${spec.language}", so it will not fire`);
    }
  }
  const m = spec.model;
  const modelName = m.provider === 'transformers' ? { spacy: m.spacy, transformers: m.transformers } : m.name;
  const spacyName = typeof modelName === 'string' ? modelName : modelName.spacy;
  const modelLanguage = /^([a-z]{2})_/.exec(spacyName)?.[1];
  if (m.provider !== 'stanza' && modelLanguage && modelLanguage !== spec.language && modelLanguage !== 'xx') {
    warnings.push(`model "${spacyName}" is for language "${modelLanguage}" but the agent's language is "${spec.language}"; Rasa runs one language per process`);
  }

  const ruleLists = plan.deidentify.sets.map((set) => ruleList(set, plan, warnings));

  let eventBroker: RasaEndpoints['event_broker'];
  if (plan.topics.length > 0) {
    const url = spec.kafka?.url ?? `\${${KAFKA_URL_VARIABLE}}`;
    const cluster = spec.kafka?.cluster;
    if (!spec.kafka?.url) {
      const from = cluster ? (cluster.platform === 'lex' ? `the ScramBootstrapBrokers output of agent ${cluster.agent}'s AWS stack` : `the BootstrapAddress output of agent ${cluster.agent}'s Google Cloud stack`) : 'your Kafka bootstrap address';
      warnings.push(`no kafka.url for this agent: endpoints.yml reads \${${KAFKA_URL_VARIABLE}}; set it to ${from}`);
    }
    if (cluster) {
      const v = KAFKA_SASL_VARIABLES;
      warnings.push(
        cluster.platform === 'lex'
          ? `set \${${v.username}} and \${${v.password}} from the secret in the ScramSecretArn output of agent ${cluster.agent}'s AWS stack, and \${${v.cafile}} to a CA bundle that trusts Amazon's certificates`
          : `set \${${v.username}} to a service account's email and \${${v.password}} to its base64-encoded key (Managed Kafka's SASL/PLAIN), and \${${v.cafile}} to a CA bundle that trusts Google's certificates`,
      );
    }
    const consumers = plan.topics.filter((t) => t.rasaXConsumer);
    if (consumers.length > 1) warnings.push(`rasaXConsumer is set on ${consumers.map((t) => t.name).join(', ')}; Rasa streams to Rasa X/Enterprise from the first one only (${consumers[0].name})`);
    eventBroker = {
      type: 'kafka',
      url,
      security_protocol: spec.kafka?.securityProtocol ?? 'SASL_SSL',
      ...(spec.kafka?.cluster
        ? {
            sasl_mechanism: spec.kafka.cluster.saslMechanism,
            sasl_username: `\${${KAFKA_SASL_VARIABLES.username}}`,
            sasl_password: `\${${KAFKA_SASL_VARIABLES.password}}`,
            ssl_cafile: `\${${KAFKA_SASL_VARIABLES.cafile}}`,
          }
        : {}),
      anonymization_topics: plan.topics.map((t) => ({ name: t.name, anonymization_rules: t.ruleSet, ...(t.rasaXConsumer ? { rasa_x_consumer: true } : {}) })),
    };
  }

  return {
    endpoints: {
      anonymization: { metadata: { language: spec.language, model_name: modelName, model_provider: m.provider }, rule_lists: ruleLists },
      ...(eventBroker ? { event_broker: eventBroker } : {}),
      logger: { formatter: { anonymization_rules: 'default' } },
    },
    warnings: [...new Set(warnings)],
  };
}

function ruleList(set: PlannedRuleSet, plan: RasaAgentPlan, warnings: string[]): RasaRuleList {
  const rules: RasaRule[] = [];
  const seen = new Set<string>();
  for (const c of plan.detection.kinds) {
    const entity = CATALOG[c.kind].presidio?.entity;
    if (!entity || seen.has(entity)) continue;
    seen.add(entity);
    const rule = set.rules.find((r) => r.targets.includes(c.kind));
    const method = rule?.effectiveMethod ?? set.defaultMethod;
    rules.push(toRule(entity, method, rule?.value, set.name, c.kind, warnings));
  }
  return { id: set.name, rules };
}

function toRule(entity: string, method: string, value: string | undefined, set: string, kind: string, warnings: string[]): RasaRule {
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
