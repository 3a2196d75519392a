/** The plan variant of a `rasa` agent. */
import type { Kind } from '../../catalog';
import type { AgentPlanBase } from '../../plan-base';

export interface RasaAgentPlan extends AgentPlanBase {
  readonly platform: 'rasa';
  readonly language: string;
  /** The Rasa Pro release (`3.13`), and the endpoints.yml format it reads. */
  readonly rasaVersion: string;
  readonly format: 'privacy' | 'anonymization';
  /** 3.6–3.12: the Presidio NLP model of the anonymization pipeline. */
  readonly model?:
    | { readonly provider: 'spacy' | 'stanza'; readonly name: string }
    | { readonly provider: 'transformers'; readonly spacy: string; readonly transformers: string };
  /** 3.13+: the `privacy:` block's decisions. */
  readonly privacy?: RasaPrivacyPlan;
  readonly kafka?: {
    /** A bootstrap address, or undefined to read ${KAFKA_BOOTSTRAP_SERVERS}. */
    readonly url?: string;
    readonly securityProtocol: string;
    /** The cloud agent whose cluster carries the topics, and the SASL mechanism that cluster gives Rasa. */
    readonly cluster?: {
      readonly agent: string;
      readonly platform: 'lex' | 'dialogflow-cx';
      readonly saslMechanism: 'SCRAM-SHA-512' | 'PLAIN';
    };
    /**
     * 3.6-3.12 on a cloud agent's cluster: the topic the main event broker writes every original event to, which that
     * cluster's host provisions with retention.sensitive (`<agent>-raw-events`).
     */
    readonly rawTopic?: string;
    /** kafka.principal on Managed Kafka: the only principal the raw topic's Kafka ACL lets in (to write). */
    readonly rawTopicWriter?: string;
  };
}

/** One slot rule of Rasa 3.13's `privacy.rules`. */
export interface RasaSlotRule {
  readonly slot: string;
  readonly kind: Kind;
  /** redact: the value's characters replaced by `char` (some kept); mask: `[SLOT_NAME]`. */
  readonly type: 'redact' | 'mask';
  readonly char?: string;
  readonly keepLeft?: number;
  readonly keepRight?: number;
}

/** A tracker-store job of Rasa 3.13 (`privacy.tracker_store_settings`). */
export interface RasaTrackerJob {
  readonly minAfterSessionEnd: number;
  readonly cron: string;
}

export interface RasaPrivacyPlan {
  readonly rules: readonly RasaSlotRule[];
  readonly trackerStore: { readonly anonymization: RasaTrackerJob; readonly deletion: RasaTrackerJob };
  /** Whether the deployment runs GLiNER free-text detection (rasa-pro[pii]). */
  readonly gliner: boolean;
}
