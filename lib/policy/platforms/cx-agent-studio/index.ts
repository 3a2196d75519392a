/**
 * CX Agent Studio (Customer Engagement Suite, ces.googleapis.com): what is true of the platform lives here, its
 * names and limits, its checks, its plan variant and its expected posture. The app's logging settings redact with the
 * agent's own DLP templates; audio goes to a bucket under the agent's key that expires at retention.sensitive; the
 * BigQuery export, Cloud Logging and conversation history are what the platform keeps, said as it is.
 * Sources: ../shared/reference/gcp/ces-facts.md (magic-modules mmv1/products/ces, the CES API reference).
 */
import { CATALOG } from '../../catalog';
import { DAY } from '../../duration';
import type { PathSegment } from '../../errors';
import { DNS_LABEL, NameRule, resourcePrefix } from '../../names';
import type { KindCoverage } from '../../plan-base';
import {
  CLOUD_LOGGING_DEFAULT_DAYS,
  ExpectedStore,
  GenerativePath,
  IMPLICIT_READERS,
  LAG,
  namedReader,
  ProviderLag,
  Reader,
  STORE_NAME,
} from '../../posture';
import { DLP_LOCATIONS, outsideOf, ServiceLocations } from '../../regions';
import type { CxAgentStudioAgentSpec } from '../../schema';
import { DLP_NO_AUDIO, leakPattern } from '../../verify';
import { dlpMethod, dlpTransformationsOf, expected, googleAgentNames, planEncryption } from '../common';
import { cesCanary } from './canary';
import type { DerivedName, Finding, PlatformModule } from '../types';
import type { CesGuardrailPlan, CesResourceLocations, CxAgentStudioAgentPlan } from './plan-types';

export type { CesGuardrailPlan, CesResourceLocations, CxAgentStudioAgentPlan } from './plan-types';

/** The app's locations: the `us` and `eu` multi-regions. */
export const CES_LOCATIONS: ServiceLocations = {
  service: 'CX Agent Studio',
  codes: ['us', 'eu'],
  source: 'https://docs.cloud.google.com/gemini-enterprise-cx/cx-agent-studio/reference/region',
  asOf: 'read 2026-12-07',
  outside: 'refuse',
};

/**
 * Each service's location for the app's multi-region. DLP and Cloud KMS call the EU multi-region `europe`; Cloud
 * Storage and BigQuery `EU`. Which DLP template location an `eu` app accepts is not documented: `europe` is the
 * only DLP multi-region inside the EU (inference, said in the plan).
 */
export const CES_RESOURCE_LOCATIONS: Readonly<Record<string, CesResourceLocations>> = {
  us: { dlp: 'us', kms: 'us', storage: 'US', bigquery: 'US' },
  eu: { dlp: 'europe', kms: 'europe', storage: 'EU', bigquery: 'EU' },
};

/**
 * The hashicorp/google release a CX Agent Studio stack pins: the one whose schema its bindings and tests are checked
 * against (google_ces_app arrived in 7.10.0, google_ces_guardrail in 7.12.0). The other Google Cloud stacks keep 6.50.0.
 */
export const CES_PROVIDER_VERSION = '7.45.0';

/** What the API keeps conversation history for when nothing sets `retention_window` (v1beta ConversationLoggingSettings). */
export const CES_HISTORY_DEFAULT_DAYS = 365;

/** The history's bound: the API default, with nothing in Terraform to set it (plan and report alike). */
export const CES_HISTORY_RETENTION = {
  configuredSeconds: CES_HISTORY_DEFAULT_DAYS * DAY,
  lag: { seconds: 0, note: 'the API default: Terraform has no retention setting' },
} as const;

/**
 * BigQuery keeps a deleted or expired table readable through time travel for the dataset's max_time_travel_hours
 * (48 to 168, default 168), then in fail-safe for 7 more days that only Google support can restore. The export
 * dataset sets the minimum, and the bound counts it.
 */
export const BIGQUERY_TIME_TRAVEL_HOURS = { min: 48, default: 168, failSafeDays: 7 } as const;

/** The lag of an expired export table: `hours` of time travel, then fail-safe. */
export function bigqueryExpiryLag(hours: number): ProviderLag {
  return {
    seconds: hours * 3600 + BIGQUERY_TIME_TRAVEL_HOURS.failSafeDays * DAY,
    note: `an expired table stays readable through time travel for ${hours} h, then is kept ${BIGQUERY_TIME_TRAVEL_HOURS.failSafeDays} days in fail-safe that only Google support restores; it assumes the export's tables take the dataset's default expirations (their layout is not documented)`,
  };
}

/** convoguard keeps the app and guardrail ids to a DNS label: the API's own limit is not documented in the sources read. */
export const CES_ID_RULE: NameRule = {
  max: 63,
  pattern: DNS_LABEL,
  what: 'CX Agent Studio id',
  expected: 'a DNS label: lower-case letters, digits and -, at most 63',
};

export const REDACTED_BY_CES = 'CX Agent Studio redaction (the agent\u2019s DLP templates)';

/** On Google Cloud a CMEK store's service agent decrypts for every reader the service lets through. */
export const CES_KEY_THROUGH_SERVICES: readonly string[] = [
  'the service agents of the stores (Cloud Storage, BigQuery)',
];

export const CES_STORE_NAME = {
  history: 'CX Agent Studio conversation history',
} as const;

/** Who reads what CX Agent Studio keeps, whatever convoguard sets. */
export const CES_READERS = {
  conversations: {
    who: 'principals with ces.conversations.get or ces.apps.export on the project (roles/ces.admin, owners, editors)',
    via: 'conversations and app exports are read through the CX Agent Studio API; no resource-level IAM narrows it',
    named: false,
  },
  bigquery: {
    who: 'principals with bigquery.tables.getData on the dataset or the project (roles/bigquery.dataViewer, roles/bigquery.admin, owners)',
    via: 'BigQuery decrypts CMEK tables for every reader it lets through, whatever the key IAM says',
    named: false,
  },
} as const satisfies Record<string, Reader>;

/** The APIs a CX Agent Studio protection uses, for `enableApis`. */
export function cesApis(audio: boolean, bigquery: boolean): string[] {
  return [
    'ces.googleapis.com',
    'cloudkms.googleapis.com',
    'dlp.googleapis.com',
    ...(audio ? ['storage.googleapis.com'] : []),
    ...(bigquery ? ['bigquery.googleapis.com'] : []),
  ];
}

/** What the identity that runs `cdktf deploy` needs beyond creating the resources. */
export const CES_DEPLOYER_NEEDS: readonly string[] = [
  'roles/ces.admin, roles/dlp.admin, roles/cloudkms.admin, roles/storage.admin and roles/bigquery.admin (with the export), or narrower custom roles',
  'resourcemanager.projects.setIamPolicy: the DLP template-reader grants for the CX Agent Studio service agent are project-level',
  `hashicorp/google ${CES_PROVIDER_VERSION} for this stack (it pins it; google_ces_* exists from 7.10): Terraform downloads it beside the 6.50.0 of the other Google Cloud stacks`,
  "once per project and location, before the first app exists: the customer-managed key for CX Agent Studio's own storage, set through the Conversational Insights API (no Terraform resource sets it)",
  'the CX Agent Studio service agent existing before its grants (gcloud beta services identity create --service=ces.googleapis.com): no GA Terraform resource creates it',
  'on the first apply the app names its guardrails before they exist (they are its children, named literally to avoid a reference cycle); Google does not document whether the API accepts that (its examples create apps with an empty list). If it refuses, deploy once with guardrails: { patterns: false, promptSecurity: false } and no bannedPhrases, then with them',
];

/** The fixed texts the report and the plan share. */
export const CES_CAVEATS = {
  noRetention: `hashicorp/google ${CES_PROVIDER_VERSION} has no retention setting for CX Agent Studio: conversation history is kept ${CES_HISTORY_DEFAULT_DAYS} days (the API default) unless its retention window is set outside Terraform (ConversationLoggingSettings.retention_window; later provider releases add it).`,
  cmek: "CX Agent Studio's own storage uses a customer-managed key only when one is set per project and location, through the Conversational Insights API, before the first app exists; no google_ces_* field sets or shows it, so the report counts Google's key.",
  guardrailsNoDlp:
    "CX Agent Studio guardrails do not use DLP: the pattern guardrail blocks agent responses that match the policy's patterns, it neither redacts nor reads what the user types, and a kind without a pattern is not screened.",
  admin:
    'roles/ces.admin (and owners, editors) read every conversation and can export the app (ces.conversations.*, ces.apps.export): restrict them. Which other predefined roles hold ces.conversations.get is not verified here.',
  metrics:
    'Later provider releases add logging_settings.metric_analysis_settings.llm_metrics_opted_out ("otherwise, conversation data will be collected for llm analysis metrics"); hashicorp/google 7.45.0 has no such field, so convoguard cannot opt out and the report cannot tell.',
  audio:
    'Google says redaction "applies to audio recording" without saying how, and no scanner reads audio: the audio bucket is reported as raw; anyone with storage.objects.get on the bucket or its project reads it.',
  defaultBucket:
    "Cloud Logging's _Default bucket keeps entries 30 days unless the project changed it, and sinks (here or at the folder or organization) can copy them elsewhere: neither is visible in this stack.",
  bigqueryUnredacted:
    'Google documents redaction for conversation history, Cloud Logging and audio, not for the BigQuery export: the export is treated as raw.',
  migration:
    'Moving a Dialogflow CX agent here (cxas migrate dfcx) does not carry its security settings: redaction and retention exist only as set on this app.',
} as const;

export const cxAgentStudioModule: PlatformModule<CxAgentStudioAgentSpec, CxAgentStudioAgentPlan> = {
  platform: 'cx-agent-studio',
  target: 'terraform',
  inspectsText: true,
  notAttached: "no CX Agent Studio app redacts with the agent's DLP templates (logging_settings.redaction_config)",

  unverifiableReason(kind) {
    return kind === 'audio' ? DLP_NO_AUDIO : undefined;
  },
  dialect: 're2',

  derivedNames(policyName, agent) {
    const n = names(policyName, agent);
    const out: Record<string, DerivedName> = {
      appId: { rule: CES_ID_RULE, value: n.appId },
      kmsKeyRing: { rule: 'kmsKeyRing', value: n.kmsKeyRing },
      kmsCryptoKey: { rule: 'kmsCryptoKey', value: n.kmsCryptoKey },
      inspectTemplate: { rule: 'dlpTemplate', value: n.inspectTemplate },
      deidentifyTemplate: { rule: 'dlpTemplate', value: n.deidentifyTemplate },
    };
    if (agent.audioRecording) out.gcsBucket = { rule: 'gcsBucket', value: n.gcsBucket };
    if (agent.bigqueryExport) out.exportDataset = { rule: 'bigqueryDataset', value: n.exportDataset };
    for (const g of guardrailIds(n.appId)) out[`guardrail:${g}`] = { rule: CES_ID_RULE, value: g };
    return out;
  },

  cover(kind): KindCoverage {
    return { kind, coverage: 'builtin', detectors: CATALOG[kind].dlp };
  },

  effectiveMethod: dlpMethod,

  canary: cesCanary,

  checkAgent(_policy, agent, ap) {
    const out: Finding[] = [];
    const add = (path: PathSegment[], message: string, onKey = false) => out.push({ path, message, onKey });
    const outside = outsideOf(CES_LOCATIONS, agent.location);
    if (outside) add([...ap, 'location'], `received ${JSON.stringify(agent.location)}; ${outside}`);
    else {
      const dlp = outsideOf(DLP_LOCATIONS, CES_RESOURCE_LOCATIONS[agent.location].dlp);
      if (dlp) add([...ap, 'location'], dlp);
    }
    if (agent.kinds?.length === 0) add([...ap, 'kinds'], 'an agent with no kinds detects nothing', true);
    return out;
  },

  plan(base, agent, policy) {
    const notes = [...base.notes];
    const n = names(policy.name, agent);
    const locations = CES_RESOURCE_LOCATIONS[agent.location];
    const guardrails = planGuardrails(base, agent, n.appId);
    const cloudLogging = agent.cloudLogging === 'on';
    const conversationHistory = agent.conversationHistory === 'on';
    if (agent.location === 'eu')
      notes.push({
        level: 'warning',
        message:
          "CX Agent Studio eu: the DLP templates and the key are in 'europe' (DLP and Cloud KMS have no 'eu'); Google does not document which template location an eu app accepts",
      });
    if (conversationHistory)
      notes.push({
        level: 'warning',
        message: `conversationHistory: on keeps conversation history ${CES_HISTORY_DEFAULT_DAYS} days (the API default): Terraform cannot set the retention window, so retention.sensitive is not applied to it`,
      });
    if (cloudLogging)
      notes.push({
        level: 'warning',
        message: `cloudLogging: on sends the redacted sessions to the project's _Default log bucket for ${CLOUD_LOGGING_DEFAULT_DAYS} days: the log name is not documented, so convoguard cannot route or exclude it`,
      });
    if (agent.bigqueryExport)
      notes.push({
        level: 'warning',
        message: `bigqueryExport: ${CES_CAVEATS.bigqueryUnredacted} Its dataset ${n.exportDataset} expires tables and partitions after retention.sensitive, under the agent's key`,
      });
    notes.push({ level: 'info', message: CES_CAVEATS.noRetention }, { level: 'warning', message: CES_CAVEATS.cmek });
    if (!agent.create)
      notes.push({
        level: 'warning',
        message:
          'convoguard does not create this app: set the logging settings the stack outputs on your google_ces_app, or pass it to CxAgentStudioProtection; until then nothing is redacted',
      });
    const uncovered = base.detection.kinds.filter((k) => leakPattern(k.kind) === undefined).map((k) => k.kind);
    if (agent.guardrails.patterns && uncovered.length > 0)
      notes.push({
        level: 'info',
        message: `guardrails: no pattern exists for ${uncovered.join(', ')}: the pattern guardrail does not screen them (DLP redacts them in logs and history)`,
      });
    return {
      ...base,
      notes,
      platform: 'cx-agent-studio',
      dlpTransformations: dlpTransformationsOf(base),
      project: agent.project,
      location: agent.location,
      resourceLocations: locations,
      names: n,
      ...(agent.create ? { create: { ...agent.create } } : {}),
      audioRecording: agent.audioRecording,
      bigqueryExport: agent.bigqueryExport,
      cloudLogging,
      conversationHistory,
      guardrails,
      enableApis: agent.enableApis,
      apis: cesApis(agent.audioRecording, agent.bigqueryExport),
      retentionDays: base.retention.sensitiveDays,
      ...(policy.deidentify.cryptoKey ? { cryptoKey: policy.deidentify.cryptoKey } : {}),
      encryption: planEncryption(policy),
      decrypters: policy.access.decrypters.gcp,
      enforceDecrypters: policy.access.enforce,
    };
  },

  expectedPosture(plan) {
    const named = plan.decrypters.map(namedReader);
    const stores: ExpectedStore[] = [];
    if (plan.conversationHistory)
      stores.push({
        kind: 'conversation-history',
        name: CES_STORE_NAME.history,
        sensitive: true,
        redactedBy: [REDACTED_BY_CES],
        retention: CES_HISTORY_RETENTION,
        encryption: 'provider',
        readers: [CES_READERS.conversations],
        // CX Agent Studio keeps it; no convoguard setting bounds it.
        managed: false,
        unverifiedReason: 'CX Agent Studio keeps it behind its API, which no scanner reads: run convoguard canary',
      });
    if (plan.audioRecording)
      stores.push({
        kind: 'audio',
        name: plan.names.gcsBucket,
        sensitive: true,
        // Google says redaction "applies to audio recording" without saying how, and no scanner reads audio: not counted.
        redactedBy: [],
        retention: { configuredSeconds: plan.retentionDays * DAY, lag: LAG.gcsLifecycle },
        encryption: 'customer',
        readers: [...named, IMPLICIT_READERS.gcsObjectReaders, IMPLICIT_READERS.gcpKmsAdmins],
        managed: true,
      });
    if (plan.cloudLogging)
      stores.push({
        kind: 'cloud-logging',
        name: STORE_NAME.cloudLoggingDefault,
        sensitive: true,
        redactedBy: [REDACTED_BY_CES],
        retention: { configuredSeconds: CLOUD_LOGGING_DEFAULT_DAYS * DAY, lag: LAG.cloudLogging },
        encryption: 'provider',
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
        managed: false,
        unverifiedReason: 'the log name of the sessions is not documented: no log-match alert can target it',
      });
    if (plan.bigqueryExport)
      stores.push({
        kind: 'bigquery-export',
        name: `BigQuery dataset ${plan.project}.${plan.names.exportDataset}`,
        sensitive: true,
        redactedBy: [],
        retention: {
          configuredSeconds: plan.retention.sensitiveSeconds,
          lag: bigqueryExpiryLag(BIGQUERY_TIME_TRAVEL_HOURS.min),
        },
        encryption: 'customer',
        readers: [...named, CES_READERS.bigquery, IMPLICIT_READERS.gcpKmsAdmins],
        managed: true,
        unverifiedReason:
          'the export writes tables whose names are not documented, so no DLP job trigger can name one: run convoguard canary',
      });
    const caveats: string[] = [CES_CAVEATS.noRetention, CES_CAVEATS.cmek, CES_CAVEATS.admin, CES_CAVEATS.migration];
    caveats.push(CES_CAVEATS.metrics);
    if (plan.audioRecording) caveats.push(CES_CAVEATS.audio);
    if (plan.bigqueryExport) caveats.push(CES_CAVEATS.bigqueryUnredacted);
    if (plan.cloudLogging)
      caveats.push(
        `Cloud Logging entries of the sessions stay in _Default for ${CLOUD_LOGGING_DEFAULT_DAYS} days under Google's key; the log name is not documented, so no sink or exclusion can target them.`,
        CES_CAVEATS.defaultBucket,
      );
    if (plan.location === 'eu')
      caveats.push(
        'In the EU multi-region, CX Agent Studio does not store data in europe-west2 (London) or europe-west6 (Zürich).',
        "The DLP templates and the key are in 'europe' (DLP and Cloud KMS have no 'eu'): Google does not document which template location an eu app accepts, so until convoguard canary shows redacted history, redaction in eu is unproven.",
        ...(plan.cloudLogging
          ? [
              "Cloud Logging's _Default bucket is global: with cloudLogging on, an eu app's session entries leave the EU multi-region.",
            ]
          : []),
      );
    const generative: GenerativePath[] = [
      {
        path: "CX Agent Studio agents' model calls",
        ...(plan.create && plan.guardrails.length > 0
          ? { guardrail: plan.guardrails.map((g) => g.id).join(', ') }
          : {}),
        note: CES_CAVEATS.guardrailsNoDlp,
      },
    ];
    caveats.push(CES_CAVEATS.guardrailsNoDlp);
    if (!plan.create)
      caveats.push(
        'convoguard does not create this app: set the logging settings it outputs on your app, or pass your google_ces_app to CxAgentStudioProtection.',
      );
    const needs = [
      ...CES_DEPLOYER_NEEDS,
      ...(plan.enableApis ? ['serviceusage.services.enable (enableApis)'] : []),
      ...(plan.decrypters.length > 0
        ? [
            `${plan.decrypters.join(', ')} existing before the deploy: IAM refuses a key binding for a principal that does not exist`,
          ]
        : []),
    ];
    return { ...expected(plan, stores, caveats, plan.create !== undefined, needs), generative };
  },
};

function names(policyName: string, agent: CxAgentStudioAgentSpec): CxAgentStudioAgentPlan['names'] {
  const prefix = resourcePrefix(policyName, agent.name);
  return {
    appId: prefix,
    ...googleAgentNames(prefix, agent.project),
    exportDataset: `${prefix.replace(/-/g, '_')}_conversations`,
  };
}

/** The guardrail ids of an app, longest first: what the name checks see. */
function guardrailIds(appId: string): string[] {
  return [`${appId}-prompt-security`, `${appId}-banned-phrases`, `${appId}-pii-patterns`];
}

/** The guardrails of the policy: a pattern filter, a phrase filter, prompt security that fails closed. */
function planGuardrails(
  base: { readonly detection: CxAgentStudioAgentPlan['detection'] },
  agent: CxAgentStudioAgentSpec,
  appId: string,
): CesGuardrailPlan[] {
  const [promptId, phrasesId, patternsId] = guardrailIds(appId);
  const out: CesGuardrailPlan[] = [];
  if (agent.guardrails.patterns) {
    const patterns = [
      ...base.detection.patterns.filter((p) => p.origin === 'custom').map((p) => p.pattern),
      ...base.detection.kinds.flatMap((k) => leakPattern(k.kind) ?? []),
    ];
    if (patterns.length > 0)
      out.push({
        kind: 'patterns',
        id: patternsId,
        displayName: 'convoguard: personal data in agent responses',
        matchType: 'REGEXP_MATCH',
        bannedInAgentResponse: [...new Set(patterns)],
        response: "Sorry, I can't share that.",
      });
  }
  if (agent.guardrails.bannedPhrases.length > 0)
    out.push({
      kind: 'phrases',
      id: phrasesId,
      displayName: 'convoguard: banned phrases',
      matchType: 'SIMPLE_STRING_MATCH',
      bannedInAgentResponse: [...agent.guardrails.bannedPhrases],
      response: "Sorry, I can't say that.",
    });
  if (agent.guardrails.promptSecurity)
    out.push({
      kind: 'prompt-security',
      id: promptId,
      displayName: 'convoguard: prompt security',
      failOpen: false,
      response: "Sorry, I can't help with that.",
    });
  return out;
}
