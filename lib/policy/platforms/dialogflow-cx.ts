/**
 * Dialogflow CX on Google Cloud: DLP templates, security settings, history retention in days, audio export to a
 * CMEK bucket, Cloud Logging, Insights export, Managed Kafka topics. What is true of Dialogflow lives here.
 */
import { CATALOG } from '../catalog';
import { ceilDays, DAY, parseDuration } from '../duration';
import type { PathSegment } from '../errors';
import { resourcePrefix } from '../names';
import type { DialogflowCxAgentPlan, KindCoverage } from '../plan-types';
import { ExpectedStore, IMPLICIT_READERS, LAG, namedReader, STORE_NAME } from '../posture';
import type { DialogflowCxAgentSpec } from '../schema';
import { expected, planEncryption, planTopics, topicStore } from './common';
import type { DerivedName, Finding, PlatformModule } from './types';

/** `retention_window_days` of security settings: Dialogflow accepts 1 to 365. */
export const DIALOGFLOW_RETENTION_DAYS = { min: 1, max: 365 } as const;
/** What Cloud Logging's `_Default` bucket keeps by default. */
export const CLOUD_LOGGING_DEFAULT_DAYS = 30;
/** Locations that are not a region: no regional bucket, key or Kafka cluster can share them. */
export const MULTI_REGION_LOCATIONS: readonly string[] = ['global', 'us', 'eu'];

const REDACTED_BY_DLP = 'Dialogflow security settings (DLP)';

export const dialogflowCxModule: PlatformModule<DialogflowCxAgentSpec, DialogflowCxAgentPlan> = {
  platform: 'dialogflow-cx',

  derivedNames(policyName, agent) {
    const n = names(policyName, agent);
    const out: Record<string, DerivedName> = {
      gcsBucket: { rule: 'gcsBucket', value: n.gcsBucket },
      kmsKeyRing: { rule: 'kmsKeyRing', value: n.kmsKeyRing },
      kmsCryptoKey: { rule: 'kmsCryptoKey', value: n.kmsCryptoKey },
      inspectTemplate: { rule: 'dlpTemplate', value: n.inspectTemplate },
      deidentifyTemplate: { rule: 'dlpTemplate', value: n.deidentifyTemplate },
      cxSecuritySettings: { rule: 'cxSecuritySettings', value: n.cxSecuritySettings },
    };
    if (!agent.audioExport) delete out.gcsBucket;
    if (agent.kafka) out.managedKafkaCluster = { rule: 'managedKafkaCluster', value: n.managedKafkaCluster };
    return out;
  },

  cover(kind): KindCoverage {
    return { kind, coverage: 'builtin', detectors: CATALOG[kind].dlp };
  },

  effectiveMethod(method, char) {
    if (method === 'faker') return { method: 'kind-name', char, lost: 'Google DLP has no faker: findings are replaced by their infoType name ([EMAIL_ADDRESS])' };
    return { method, char };
  },

  checkAgent(policy, agent, ap) {
    const out: Finding[] = [];
    const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });
    const regional = !MULTI_REGION_LOCATIONS.includes(agent.location);
    if (agent.kafka) {
      const region = /\/regions\/([^/]+)\//.exec(agent.kafka.subnet)?.[1];
      if (!regional) {
        add([...ap, 'kafka'], `Managed Kafka is regional; agent location "${agent.location}" cannot share a location with its topics. Use a regional location such as us-central1`, true);
      } else if (region !== agent.location) {
        add([...ap, 'kafka', 'subnet'], `subnet region "${region}" differs from the agent location "${agent.location}"; everything an agent uses must live in one location`);
      }
      if (agent.kafka.memoryGiB < agent.kafka.vcpus || agent.kafka.memoryGiB > agent.kafka.vcpus * 8) {
        add([...ap, 'kafka', 'memoryGiB'], `received ${agent.kafka.memoryGiB}; Managed Kafka needs 1 to 8 GiB per vCPU (${agent.kafka.vcpus} to ${agent.kafka.vcpus * 8} for ${agent.kafka.vcpus} vCPUs)`);
      }
    }
    if (agent.audioExport && !regional) {
      add([...ap, 'audioExport'], `audio export needs a bucket and key in the agent's location; "${agent.location}" is not a regional location. Set audioExport: false or use a regional location`, true);
    }
    const sensitive = parseDuration(policy.retention.sensitive)?.seconds;
    if (sensitive !== undefined && ceilDays(sensitive) > DIALOGFLOW_RETENTION_DAYS.max) {
      add(
        ['retention', 'sensitive'],
        `received ${JSON.stringify(policy.retention.sensitive)}; Dialogflow keeps conversation history ${DIALOGFLOW_RETENTION_DAYS.min} to ${DIALOGFLOW_RETENTION_DAYS.max} days (retention_window_days), and agent "${agent.name}" is a dialogflow-cx agent`,
      );
    }
    return out;
  },

  plan(base, agent, policy) {
    const topics = planTopics(policy, agent.kafka !== undefined);
    const notes = [...base.notes];
    const cloudLogging = agent.create ? policy.scope.transcript : true;
    if (!agent.create) {
      notes.push({ level: 'info', message: 'the agent is not created by convoguard: its logging settings are yours, and the report reads them from the synthesized agent (Cloud Logging is assumed on until then)' });
    }
    if (cloudLogging) {
      notes.push({
        level: 'warning',
        message: `Cloud Logging: Dialogflow writes requests and responses to the global _Default log bucket for ${CLOUD_LOGGING_DEFAULT_DAYS} days under a Google-managed key, outside retention_window_days; Google's documentation conflicts on whether security settings redact them, so treat them as raw (scope.transcript: false turns Cloud Logging off on an agent convoguard creates)`,
      });
    }
    if (agent.insightsExport) {
      notes.push({ level: 'warning', message: 'Insights export: redacted conversations are copied to Conversational Insights and kept until deleted there; purge_data_types and retention_window_days cover Dialogflow history only' });
    }
    return {
      ...base,
      notes,
      platform: 'dialogflow-cx',
      project: agent.project,
      location: agent.location,
      names: names(policy.name, agent),
      ...(agent.create ? { create: { ...agent.create } } : {}),
      audioExport: agent.audioExport,
      insightsExport: agent.insightsExport,
      cmek: agent.cmek,
      cloudLogging,
      retentionDays: base.retention.sensitiveDays,
      ...(agent.kafka ? { kafka: { subnet: agent.kafka.subnet, vcpus: agent.kafka.vcpus, memoryGiB: agent.kafka.memoryGiB } } : {}),
      ...(policy.deidentify.cryptoKey ? { cryptoKey: policy.deidentify.cryptoKey } : {}),
      topics,
      encryption: planEncryption(policy),
      decrypters: policy.access.decrypters.gcp,
    };
  },

  expectedPosture(plan) {
    const named = plan.decrypters.map(namedReader);
    const stores: ExpectedStore[] = [
      {
        kind: 'conversation-history',
        name: STORE_NAME.dialogflowHistory,
        sensitive: true,
        redactedBy: [REDACTED_BY_DLP],
        retention: { configuredSeconds: plan.retentionDays * DAY, lag: LAG.dialogflowHistory },
        encryption: plan.cmek ? 'customer' : 'provider',
        readers: [IMPLICIT_READERS.dialogflowReaders],
        managed: true,
      },
    ];
    if (plan.audioExport) {
      stores.push({
        kind: 'audio',
        name: plan.names.gcsBucket,
        sensitive: true,
        redactedBy: ['DLP audio redaction (end-user audio only)'],
        retention: { configuredSeconds: plan.retentionDays * DAY, lag: LAG.gcsLifecycle },
        encryption: 'customer',
        readers: [...named, IMPLICIT_READERS.gcsObjectReaders, IMPLICIT_READERS.gcpKmsAdmins],
        managed: true,
      });
    }
    if (plan.cloudLogging) {
      stores.push({
        kind: 'cloud-logging',
        name: STORE_NAME.cloudLoggingDefault,
        sensitive: true,
        redactedBy: [],
        retention: { configuredSeconds: CLOUD_LOGGING_DEFAULT_DAYS * DAY, lag: LAG.cloudLogging },
        encryption: 'provider',
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
        managed: false,
      });
    }
    if (plan.insightsExport) {
      stores.push({
        kind: 'insights-export',
        name: STORE_NAME.insights,
        sensitive: true,
        redactedBy: [REDACTED_BY_DLP],
        retention: { lag: LAG.none },
        encryption: 'provider',
        readers: [IMPLICIT_READERS.insightsReaders],
        managed: false,
      });
    }
    stores.push(...plan.topics.map((t) => topicStore(t.name, t.retentionMs)));
    const caveats = ['Dialogflow redacts end-user audio only: synthesized agent speech in exported audio is not redacted.', 'Security settings changes can take hours to reach every conversation.'];
    if (plan.audioExport) caveats.push('Anyone with storage.objects.get on the audio bucket or its project reads the audio: the key IAM does not limit readers of a CMEK bucket.');
    if (plan.cloudLogging) caveats.push(`Cloud Logging keeps Dialogflow requests and responses ${CLOUD_LOGGING_DEFAULT_DAYS} days in the global _Default bucket, possibly unredacted, under a Google-managed key.`);
    if (plan.insightsExport) caveats.push('Insights export keeps redacted conversations without a limit convoguard can set.');
    if (!plan.cmek) caveats.push("Conversation history is encrypted with Google's key (set cmek: true for the agent's key).");
    if (!plan.create) caveats.push('convoguard does not create this agent: attach the security settings it outputs (agent.security_settings), or pass your agent to GcpAgentProtection.');
    return expected(plan, stores, caveats, plan.create !== undefined);
  },
};

function names(policyName: string, agent: DialogflowCxAgentSpec): DialogflowCxAgentPlan['names'] {
  const prefix = resourcePrefix(policyName, agent.name);
  return {
    // Bucket names are global: the project id makes them unique across projects.
    gcsBucket: `${prefix}-audio-${agent.project}`,
    kmsKeyRing: `${prefix}-keyring`,
    kmsCryptoKey: `${prefix}-sensitive`,
    inspectTemplate: `${prefix}-inspect`,
    deidentifyTemplate: `${prefix}-deidentify`,
    cxSecuritySettings: `${prefix} security settings`,
    managedKafkaCluster: `${prefix}-events`,
  };
}
