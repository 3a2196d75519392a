/**
 * Dialogflow CX on Google Cloud: DLP templates, security settings, history retention in days, audio export to a
 * CMEK bucket, Cloud Logging, Insights export, Managed Kafka topics. What is true of Dialogflow lives here.
 */
import { CATALOG } from '../../catalog';
import { ceilDays, DAY, parseDuration } from '../../duration';
import type { PathSegment } from '../../errors';
import { DIALOGFLOW_CX_LOCATIONS, DLP_LOCATIONS, MODEL_ARMOR_LOCATIONS, outsideOf } from '../../regions';
import { resourcePrefix } from '../../names';
import type { DialogflowCxAgentPlan, DialogflowVerifyPlan, KindCoverage, PlanNote } from '../../plan-types';
import {
  CLOUD_LOGGING_DEFAULT_DAYS,
  ExpectedStore,
  GenerativePath,
  IMPLICIT_READERS,
  LAG,
  namedReader,
  STORE_NAME,
} from '../../posture';
import type { DialogflowCxAgentSpec, Policy } from '../../schema';
import {
  DLP_NO_AUDIO,
  dialogflowLeakFilter,
  dlpRunNotices,
  logAlertLabel,
  scansOf,
  exportFingerprint,
  leakPattern,
  LQL_MAX_LENGTH,
  unscannedExportsNote,
  verifyBasics,
} from '../../verify';
import {
  dlpMethod,
  dlpTransformationsOf,
  googleAgentNames,
  expected,
  planEncryption,
  planTopics,
  planRawTopics,
  publishersTo,
  kafkaClientsOf,
  rawTopicStore,
  topicStore,
  unusedKafka,
} from '../common';
import type { DerivedName, Finding, PlatformModule } from '../types';

/** `retention_window_days` of security settings: Dialogflow accepts 1 to 365. */
export const DIALOGFLOW_RETENTION_DAYS = { min: 1, max: 365 } as const;
export { CLOUD_LOGGING_DEFAULT_DAYS } from '../../posture';
/** Locations that are not a region: no regional bucket, key or Kafka cluster can share them. */
export const MULTI_REGION_LOCATIONS: readonly string[] = ['global', 'us', 'eu'];

const REDACTED_BY_DLP = 'Dialogflow security settings (DLP)';

export {
  dialogflowFilterScope,
  dialogflowLogsFilter,
  dialogflowRequestLogFilter,
  DIALOGFLOW_LOGS_COVERED,
} from './logs';
import { DIALOGFLOW_LOGS_COVERED, dialogflowRequestLogFilter } from './logs';
import { canaryChecks } from './canary';

/** The APIs a Dialogflow CX protection uses, for `enableApis`. */
export function dialogflowApis(kafka: boolean, modelArmor = false, verify = false): string[] {
  return [
    'cloudkms.googleapis.com',
    'dialogflow.googleapis.com',
    'dlp.googleapis.com',
    'logging.googleapis.com',
    'storage.googleapis.com',
    ...(kafka ? ['managedkafka.googleapis.com'] : []),
    ...(modelArmor ? ['modelarmor.googleapis.com'] : []),
    ...(verify ? ['monitoring.googleapis.com', 'pubsub.googleapis.com', 'bigquery.googleapis.com'] : []),
  ];
}

/** The APIs one agent's protection needs enabled: what its plan uses. */
export function agentApis(plan: DialogflowCxAgentPlan): string[] {
  const g = plan.generative;
  return dialogflowApis(
    plan.kafka !== undefined,
    Boolean(g?.modelArmorTemplate || g?.floorSetting),
    plan.verify !== undefined,
  );
}

/** How the report names Dialogflow's own generative calls, and why nothing screens them. */
export const DIALOGFLOW_GENERATIVE_PATH =
  "Dialogflow's own generative features (generators, generative fallback, data store agents)";
export const DIALOGFLOW_NO_MODEL_ARMOR =
  "Model Armor is not wired into Dialogflow's own generative calls: provider 6.50 has no such setting on the agent or its generative settings";
/** The calls the platform team makes to Vertex AI or Agent Builder beside the agent. */
export const MODEL_ARMOR_OWN_CALLS_PATH = 'Vertex AI / Agent Builder calls your code makes';

/** What the identity that runs `cdktf deploy` needs on the project, beyond creating the resources themselves. */
export const DIALOGFLOW_DEPLOYER_NEEDS: readonly string[] = [
  'roles/dialogflow.admin, roles/dlp.admin, roles/cloudkms.admin, roles/logging.configWriter, roles/storage.admin (or narrower custom roles with the same permissions)',
  'storage.buckets.setIamPolicy on the audio bucket: setting audio export makes Dialogflow grant itself Storage Object Creator there',
  'resourcemanager.projects.setIamPolicy: the DLP template-reader grants for the Dialogflow service agent are project-level',
  'serviceusage.services.enable when enableApis is on',
];

export const dialogflowCxModule: PlatformModule<DialogflowCxAgentSpec, DialogflowCxAgentPlan> = {
  platform: 'dialogflow-cx',
  canary: canaryChecks,

  verification(plan) {
    const v = plan.verify;
    if (!v) return undefined;
    const sc = v.scan;
    const topic = 'existing' in v.topic ? v.topic.existing : v.topic.create;
    return {
      notify: v,
      // The log-match alert sees a raw value reaching the routed request logs.
      checksOf: (s) => (v.logAlert && s.kind === 'cloud-logging' ? [logAlertLabel(v.logAlert.displayName)] : []),
      trendsOf: () => [],
      scans: sc
        ? scansOf(sc.exports, 'DLP job trigger', `every ${sc.everyDays} days`, [
            dlpRunNotices(topic),
            sc.findingsDataset,
          ])
        : [],
    };
  },
  target: 'terraform',
  inspectsText: true,
  notAttached: 'security settings are not attached to any Dialogflow CX agent',

  unverifiableReason(kind) {
    if (kind === 'audio') return DLP_NO_AUDIO;
    if (kind === 'conversation-history')
      return 'Dialogflow keeps it behind its API, which no scanner reads: run convoguard canary after a deploy';
    if (kind === 'insights-export')
      return "Conversational Insights keeps it behind its API: list its BigQuery export under the agent's exports to scan that copy";
    return undefined;
  },
  dialect: 're2',

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
    if (agent.cloudLogging === 'routed') out.logBucket = { rule: 'logBucket', value: n.logBucket };
    if (!agent.audioExport) delete out.gcsBucket;
    if (agent.kafka) out.managedKafkaCluster = { rule: 'managedKafkaCluster', value: n.managedKafkaCluster };
    if (agent.generative?.modelArmor)
      out.modelArmorTemplate = { rule: 'modelArmorTemplate', value: n.modelArmorTemplate };
    out.alertTopic = { rule: 'pubsubTopic', value: n.alertTopic };
    if (agent.exports.length > 0) {
      out.findingsDataset = { rule: 'bigqueryDataset', value: n.findingsDataset };
      // The longest id: the stem and an eight-digit fingerprint of the export.
      out.exportTrigger = { rule: 'dlpJobTrigger', value: `${n.exportTrigger}-00000000` };
    }
    return out;
  },

  cover(kind): KindCoverage {
    return { kind, coverage: 'builtin', detectors: CATALOG[kind].dlp };
  },

  effectiveMethod: dlpMethod,

  checkAgent(policy, agent, ap) {
    const out: Finding[] = [...unusedKafka(policy, agent, ap)];
    const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });
    // The agent's DLP templates live in its location too: a location must have both services.
    const noAgent = outsideOf(DIALOGFLOW_CX_LOCATIONS, agent.location) ?? outsideOf(DLP_LOCATIONS, agent.location);
    if (noAgent) add([...ap, 'location'], `received ${JSON.stringify(agent.location)}; ${noAgent}`);
    const g = agent.generative;
    if (g && g.bannedPhrases.length > 0 && !agent.create) {
      add(
        [...ap, 'generative', 'bannedPhrases'],
        'banned phrases are set on the generative settings of an agent convoguard creates (they need its language); on your own agent, set them in google_dialogflow_cx_generative_settings',
        true,
      );
    }
    if (g?.floorSetting) {
      const first = policy.agents.findIndex(
        (a) => a.platform === 'dialogflow-cx' && a.project === agent.project && a.generative?.floorSetting,
      );
      if (policy.agents[first] !== agent)
        add(
          [...ap, 'generative', 'floorSetting'],
          `project ${agent.project} has one Model Armor floor setting, already set by agent "${policy.agents[first].name}"`,
          true,
        );
    }
    if (g?.modelArmor && MULTI_REGION_LOCATIONS.includes(agent.location)) {
      add(
        [...ap, 'generative', 'modelArmor'],
        `Model Armor templates are regional and must share the DLP templates' location; agent location "${agent.location}" is not a region: set modelArmor: false`,
        true,
      );
    }
    const regional = !MULTI_REGION_LOCATIONS.includes(agent.location);
    if (agent.kafka) {
      const region = /\/regions\/([^/]+)\//.exec(agent.kafka.subnet)?.[1];
      if (!regional) {
        add(
          [...ap, 'kafka'],
          `Managed Kafka is regional; agent location "${agent.location}" cannot share a location with its topics. Use a regional location such as us-central1`,
          true,
        );
      } else if (region !== agent.location) {
        add(
          [...ap, 'kafka', 'subnet'],
          `subnet region "${region}" differs from the agent location "${agent.location}"; everything an agent uses must live in one location`,
        );
      }
      if (agent.kafka.memoryGiB < agent.kafka.vcpus || agent.kafka.memoryGiB > agent.kafka.vcpus * 8) {
        add(
          [...ap, 'kafka', 'memoryGiB'],
          `received ${agent.kafka.memoryGiB}; Managed Kafka needs 1 to 8 GiB per vCPU (${agent.kafka.vcpus} to ${agent.kafka.vcpus * 8} for ${agent.kafka.vcpus} vCPUs)`,
        );
      }
    }
    if (agent.cloudLogging === 'routed' && !regional) {
      add(
        [...ap, 'cloudLogging'],
        `routing Dialogflow's logs needs a regional log bucket with the agent's key; "${agent.location}" is not a regional location. Set cloudLogging: off or use a regional location`,
      );
    }
    if (agent.audioExport && !regional) {
      add(
        [...ap, 'audioExport'],
        `audio export needs a bucket and key in the agent's location; "${agent.location}" is not a regional location. Set audioExport: false or use a regional location`,
        true,
      );
    }
    if (policy.verify && agent.cloudLogging === 'routed') {
      const filter = dialogflowLeakFilter(
        dialogflowRequestLogFilter(agent.project),
        leakPatterns(policy, agent).patterns,
      );
      if (filter.length > LQL_MAX_LENGTH)
        add(
          ['verify'],
          `the request-log alert of agent "${agent.name}" would need a ${filter.length}-character filter; Cloud Logging allows ${LQL_MAX_LENGTH}: shorten the custom patterns`,
          true,
        );
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
    const kafka = agent.kafka && publishersTo(policy, agent.name).length > 0 ? agent.kafka : undefined;
    const topics = kafka ? [...planTopics(policy, true), ...planRawTopics(policy, agent)] : [];
    const notes = [...base.notes];
    const cloudLogging = agent.cloudLogging;
    if (!agent.create && cloudLogging === 'off') {
      notes.push({
        level: 'warning',
        message:
          'cloudLogging: off only reaches an agent convoguard creates: turn Stackdriver logging off on your own agent (advanced_settings.logging_settings), or its logs go to the global _Default bucket for 30 days',
      });
    }
    const noArmor = agent.generative?.modelArmor ? outsideOf(MODEL_ARMOR_LOCATIONS, agent.location) : undefined;
    if (noArmor)
      notes.push({
        level: 'warning',
        message: `generative.modelArmor: ${noArmor}: the template cannot be created there`,
      });
    if (cloudLogging === 'routed') {
      notes.push({
        level: 'info',
        message: `Cloud Logging: every Dialogflow log of project ${agent.project} (request logs, telephony logs, Dialogflow's Data Access audit logs) is routed to a ${base.retention.sensitiveDays}-day log bucket in ${agent.location} under the agent's key and excluded from _Default; Google's documentation conflicts on whether security settings redact them, so they are treated as raw`,
      });
    }
    const verify = policy.verify
      ? planVerify(policy, agent, Math.ceil(base.retention.anonymizedSeconds / DAY), notes)
      : undefined;
    unscannedExportsNote(policy, agent, notes);
    if (agent.insightsExport) {
      notes.push({
        level: 'warning',
        message:
          'Insights export: redacted conversations are copied to Conversational Insights and kept until deleted there; purge_data_types and retention_window_days cover Dialogflow history only',
      });
    }
    return {
      ...base,
      notes,
      platform: 'dialogflow-cx',
      dlpTransformations: dlpTransformationsOf(base),
      project: agent.project,
      location: agent.location,
      names: names(policy.name, agent),
      ...(agent.create ? { create: { ...agent.create } } : {}),
      audioExport: agent.audioExport,
      insightsExport: agent.insightsExport,
      cmek: agent.cmek,
      cloudLogging,
      consentBasedRedaction: agent.consentBasedRedaction,
      enableApis: agent.enableApis,
      retentionDays: base.retention.sensitiveDays,
      ...(kafka ? { kafka: { subnet: kafka.subnet, vcpus: kafka.vcpus, memoryGiB: kafka.memoryGiB } } : {}),
      ...(policy.deidentify.cryptoKey ? { cryptoKey: policy.deidentify.cryptoKey } : {}),
      topics,
      encryption: planEncryption(policy),
      decrypters: policy.access.decrypters.gcp,
      enforceDecrypters: policy.access.enforce,
      ...(agent.generative
        ? {
            generative: {
              ...(agent.generative.modelArmor
                ? { modelArmorTemplate: names(policy.name, agent).modelArmorTemplate }
                : {}),
              floorSetting: agent.generative.floorSetting,
              bannedPhrases: [...agent.generative.bannedPhrases],
              bannedPhraseMatch: 'PARTIAL_MATCH' as const,
            },
          }
        : {}),
      ...(verify ? { verify } : {}),
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
    if (plan.cloudLogging === 'routed') {
      stores.push({
        kind: 'cloud-logging',
        name: logBucketStoreName(plan.logsRoutedTo ?? plan.names.logBucket, plan.location),
        sensitive: true,
        redactedBy: [],
        retention: { configuredSeconds: plan.retentionDays * DAY, lag: LAG.cloudLogging },
        encryption: 'customer',
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
        managed: true,
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
    // A raw topic (a Rasa 3.6-3.12 publisher's original events) is provisioned here; the report files it under its publisher.
    const clients = kafkaClientsOf('dialogflow-cx');
    stores.push(
      ...plan.topics.map((t) => (t.raw ? rawTopicStore(t, clients) : topicStore(t.name, t.retentionMs, clients))),
    );
    const caveats = [
      'Dialogflow redacts end-user audio only: synthesized agent speech in exported audio is not redacted.',
      'Security settings changes can take hours to reach every conversation.',
    ];
    if (plan.audioExport)
      caveats.push(
        'Anyone with storage.objects.get on the audio bucket or its project reads the audio: the key IAM does not limit readers of a CMEK bucket.',
      );
    if (plan.cloudLogging === 'routed') {
      caveats.push(
        `Dialogflow request logs may be unredacted (Google's documentation conflicts): they are kept in the regional log bucket ${plan.logsRoutedTo ?? plan.names.logBucket} under a customer-managed key, and entries written before the exclusion existed stay in _Default for its ${CLOUD_LOGGING_DEFAULT_DAYS} days.`,
        `The routing covers every Dialogflow log of project ${plan.project} (${DIALOGFLOW_LOGS_COVERED.join('; ')}): the logs of its agents in other locations are routed here too, and a second routing in the project would receive a copy of each.`,
      );
    }
    if (plan.insightsExport)
      caveats.push('Insights export keeps redacted conversations without a limit convoguard can set.');
    if (!plan.cmek)
      caveats.push("Conversation history is encrypted with Google's key (set cmek: true for the agent's key).");
    const generative: GenerativePath[] = [];
    const g = plan.generative;
    if (g) {
      generative.push({ path: DIALOGFLOW_GENERATIVE_PATH, note: DIALOGFLOW_NO_MODEL_ARMOR });
      caveats.push(
        `${DIALOGFLOW_NO_MODEL_ARMOR}.${g.bannedPhrases.length > 0 ? ` Banned phrases (${g.bannedPhrases.length}) filter what the generative features say, not personal data.` : ''}`,
      );
      if (g.modelArmorTemplate) {
        generative.push({
          path: MODEL_ARMOR_OWN_CALLS_PATH,
          guardrail: g.modelArmorTemplate,
          note: 'only for calls that name the template',
        });
        caveats.push(
          `Model Armor template ${g.modelArmorTemplate} screens prompts and responses with the agent's DLP templates only where your code calls it (or names it in a Vertex AI request).`,
        );
      }
      if (g.floorSetting)
        caveats.push(
          "The project floor setting applies basic Sensitive Data Protection to Vertex AI; whether it screens Dialogflow's internal Gemini calls is not documented, so it is not counted here.",
        );
    }
    if (!plan.create)
      caveats.push(
        'convoguard does not create this agent: attach the security settings it outputs (agent.security_settings), or pass your agent to GcpAgentProtection.',
      );
    const needs = [
      ...DIALOGFLOW_DEPLOYER_NEEDS,
      // Cloud IAM refuses a binding for a user, group or service account that does not exist.
      ...(plan.decrypters.length > 0
        ? [
            `${plan.decrypters.join(', ')} existing before the deploy: IAM refuses a key binding for a principal that does not exist`,
          ]
        : []),
      ...(plan.generative?.floorSetting ? ['roles/modelarmor.floorSettingsAdmin for the project floor setting'] : []),
      ...(plan.generative?.modelArmorTemplate ? ['roles/modelarmor.admin for the Model Armor template'] : []),
      ...(plan.verify
        ? [
            `roles/monitoring.alertPolicyEditor and roles/monitoring.notificationChannelEditor for the alert, roles/pubsub.admin for ${'create' in plan.verify.topic ? 'the alert topic and its publishers' : 'the publisher grants on your topic'}${plan.verify.scan ? ', roles/bigquery.admin for the findings dataset and the read grants on BigQuery exports, storage.buckets.setIamPolicy on Cloud Storage exports (DLP job triggers are within roles/dlp.admin)' : ''}`,
          ]
        : []),
    ];
    const posture = expected(plan, stores, caveats, plan.create !== undefined, needs);
    return generative.length > 0 ? { ...posture, generative } : posture;
  },
};

/** The display name of a routed log bucket store, the same in the plan and the report. */
export function logBucketStoreName(bucketId: string, location: string): string {
  return `Cloud Logging bucket ${bucketId} (${location})`;
}

function names(policyName: string, agent: DialogflowCxAgentSpec): DialogflowCxAgentPlan['names'] {
  const prefix = resourcePrefix(policyName, agent.name);
  return {
    ...googleAgentNames(prefix, agent.project),
    cxSecuritySettings: `${prefix} security settings`,
    managedKafkaCluster: `${prefix}-events`,
    logBucket: `${prefix}-logs`,
    modelArmorTemplate: `${prefix}-armor`,
    alertTopic: `${prefix}-redaction-alerts`,
    findingsDataset: `${prefix.replace(/-/g, '_')}_dlp_findings`,
    exportTrigger: `${prefix}-export`,
  };
}

/** The patterns the request-log alert matches, and the kinds it cannot match (no pattern exists for them). */
function leakPatterns(policy: Policy, agent: DialogflowCxAgentSpec): { patterns: string[]; unmatched: string[] } {
  const kinds = agent.kinds ?? policy.detection.kinds;
  const patterns = [...policy.detection.custom.map((c) => c.pattern), ...kinds.flatMap((k) => leakPattern(k) ?? [])];
  return { patterns: [...new Set(patterns)], unmatched: kinds.filter((k) => leakPattern(k) === undefined) };
}

/** The log-match alert and the DLP scans of one agent (policy verify). */
function planVerify(
  policy: Policy,
  agent: DialogflowCxAgentSpec,
  anonymizedDays: number,
  notes: PlanNote[],
): DialogflowVerifyPlan {
  const n = names(policy.name, agent);
  const { topic, exports, everyDays, emails } = verifyBasics(policy, agent, 'dialogflow-cx', n.alertTopic, notes);
  let logAlert: DialogflowVerifyPlan['logAlert'];
  if (agent.cloudLogging === 'routed') {
    const { patterns, unmatched } = leakPatterns(policy, agent);
    if (patterns.length > 0) {
      logAlert = {
        displayName: `${resourcePrefix(policy.name, agent.name)}: unredacted Dialogflow request logs`,
        filter: dialogflowLeakFilter(dialogflowRequestLogFilter(agent.project), patterns),
        patterns,
      };
      notes.push({
        level: 'info',
        message: `verify: a Cloud Monitoring alert fires on any Dialogflow request log of project ${agent.project} whose end-user text matches the agent's patterns (the log names no agent convoguard can rely on); run convoguard canary after a deploy to see it fire`,
      });
    }
    if (unmatched.length > 0)
      notes.push({
        level: 'warning',
        message: `verify: the request-log alert has no pattern for ${unmatched.join(', ')}: an unredacted one does not fire it`,
      });
  }
  if (everyDays !== undefined && exports.length > 0) {
    notes.push({
      level: 'info',
      message: `verify: DLP inspects ${exports.map((e) => e.uri).join(', ')} every ${everyDays} days with the agent's inspect template (Cloud Storage: objects new since the last run; BigQuery: the whole table); each run's completion is published to the topic and its findings (no quotes of the data) are saved to ${n.findingsDataset}`,
    });
  }
  return {
    topic,
    emails,
    ...(logAlert ? { logAlert } : {}),
    ...(everyDays !== undefined && exports.length > 0
      ? {
          scan: {
            everyDays,
            exports,
            findingsDataset: n.findingsDataset,
            findingsDays: anonymizedDays,
            triggerIds: exports.map((e) => `${n.exportTrigger}-${exportFingerprint(e)}`),
          },
        }
      : {}),
  };
}
