/**
 * CX Agent Studio apps from synthesized Terraform JSON: one posture per `google_ces_app`, read from its logging
 * settings (redaction, audio, BigQuery export, Cloud Logging, conversation history) and its guardrails; an agent
 * whose stack pins the CES provider but holds no app is read as not attached.
 */
import {
  bigqueryExpiryLag,
  BIGQUERY_TIME_TRAVEL_HOURS,
  CES_CAVEATS,
  CES_HISTORY_RETENTION,
  CES_KEY_THROUGH_SERVICES,
  CES_PROVIDER_VERSION,
  CES_READERS,
  CES_STORE_NAME,
  REDACTED_BY_CES,
} from '../../../policy/platforms/cx-agent-studio';
import { DAY } from '../../../policy/duration';
import {
  CLOUD_LOGGING_DEFAULT_DAYS,
  GenerativePath,
  IMPLICIT_READERS,
  LAG,
  Reader,
  STORE_NAME,
} from '../../../policy/posture';
import type { AgentPosture, KeyPosture, StorePosture } from '../../model';
import { dlpDetection } from './dlp';
import { AGENT_KEY, agentOf } from './doc';
import { arr, Json, obj, one } from './json';

/** What the Terraform reader has already worked out for the document, shared with this reader. */
export interface TfReadContext {
  readonly doc: unknown;
  readonly source: string;
  entries(type: string): Array<{ address: string; r: Json }>;
  get(address: string | undefined): Json | undefined;
  keysOf(agent: string): KeyPosture[];
  keyReaders(key: string | undefined): Reader[];
  bucketStore(bucketAddress: string, redactedBy: string[]): StorePosture;
  readonly outsideTheModel: ReadonlyArray<{ readonly resource: string; readonly what: string }>;
  /** Agents another reader of this document already read. */
  readonly claimed: ReadonlySet<string>;
}

const REF = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}/;
const DATASET_READ_ROLES = [
  'roles/bigquery.dataViewer',
  'roles/bigquery.dataEditor',
  'roles/bigquery.dataOwner',
  'roles/bigquery.admin',
  'roles/owner',
  'roles/editor',
  'roles/viewer',
];

function refIn(v: unknown): string | undefined {
  return typeof v === 'string' ? REF.exec(v)?.[1] : undefined;
}

/** Whether the document pins the provider release CX Agent Studio stacks use. */
export function pinsCesProvider(doc: unknown): boolean {
  return obj(obj(obj(obj(doc).terraform).required_providers).google).version === CES_PROVIDER_VERSION;
}

export function readCesApps(ctx: TfReadContext): AgentPosture[] {
  const out: AgentPosture[] = [];
  const guardrails = ctx.entries('google_ces_guardrail');
  for (const { address, r } of ctx.entries('google_ces_app')) {
    const agent = agentOf(r) ?? address;
    const ls = one(r.logging_settings);
    const rc = one(ls.redaction_config);
    const inspect = ctx.get(refIn(rc.inspect_template));
    const config = one(inspect?.inspect_config);
    const redacts =
      rc.enable_redaction === true && typeof rc.inspect_template === 'string' && rc.inspect_template !== '';
    const redactedBy = redacts ? [REDACTED_BY_CES] : [];
    const stores: StorePosture[] = [];
    // No retention field exists: history stays the API's 365 days unless logging of it is off.
    if (one(ls.conversation_logging_settings).disable_conversation_logging !== true)
      stores.push({
        kind: 'conversation-history',
        name: CES_STORE_NAME.history,
        resource: address,
        retention: CES_HISTORY_RETENTION,
        encryption: { kind: 'provider' },
        redactedBy,
        public: false,
        sensitive: true,
        readers: [CES_READERS.conversations],
      });
    const audio = one(ls.audio_recording_config).gcs_bucket;
    if (typeof audio === 'string' && audio !== '')
      // Google does not say how recordings are redacted, and no scanner reads audio: reported as raw, as the plan says.
      stores.push(ctx.bucketStore(refIn(audio) ?? audio.replace(/^gs:\/\//, ''), []));
    if (one(ls.cloud_logging_settings).enable_cloud_logging === true)
      stores.push({
        kind: 'cloud-logging',
        name: STORE_NAME.cloudLoggingDefault,
        // Its own name beside the history's: findings and diagrams find a store by its resource.
        resource: `${address} (cloud_logging_settings)`,
        retention: { configuredSeconds: CLOUD_LOGGING_DEFAULT_DAYS * DAY, lag: LAG.cloudLogging },
        encryption: { kind: 'provider' },
        redactedBy,
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
      });
    const bq = one(ls.bigquery_export_settings);
    if (bq.enabled === true) stores.push(datasetStore(ctx, bq, String(r.project)));

    out.push({
      agent,
      platform: 'cx-agent-studio',
      source: ctx.source,
      attachedVia: address,
      detection: dlpDetection(config, one(ctx.get(refIn(rc.deidentify_template))?.deidentify_config)),
      detectors: arr(config.info_types).map((t) => String(obj(t).name)),
      customPatterns: arr(config.custom_info_types).map((t) => String(one(obj(t).info_type).name)),
      redaction: redactedBy,
      attached: redacts,
      stores,
      keys: keysOf(ctx, agent),
      generative: [generativePath(r, guardrails)],
      unverified: [...ctx.outsideTheModel],
    });
  }
  // An agent of a CES stack without an app: the logging settings are output for an app convoguard did not create.
  if (pinsCesProvider(ctx.doc)) {
    const read = new Set([...ctx.claimed, ...out.map((a) => a.agent)]);
    const others = new Set<string>();
    for (const [type, rs] of Object.entries(obj(obj(ctx.doc).resource)))
      for (const [name] of Object.entries(obj(rs))) {
        // Only what convoguard attributed to an agent: a project-wide grant (ProjectGrants) belongs to no agent.
        const a = obj(ctx.get(`${type}.${name}`)?.['//'])[AGENT_KEY];
        if (typeof a !== 'string') continue;
        if (!read.has(a)) others.add(a);
      }
    for (const agent of others)
      out.push({
        agent,
        platform: 'cx-agent-studio',
        source: ctx.source,
        detectors: [],
        customPatterns: [],
        redaction: [],
        attached: false,
        stores: [],
        keys: keysOf(ctx, agent),
        unverified: [...ctx.outsideTheModel],
      });
  }
  return out;
}

/** The agent's keys, with the services that decrypt them for their readers. */
function keysOf(ctx: TfReadContext, agent: string): KeyPosture[] {
  return ctx.keysOf(agent).map((k) => ({ ...k, throughServices: CES_KEY_THROUGH_SERVICES }));
}

/** The BigQuery export as a store: its dataset's table and partition expiration bound it, its IAM says who reads. */
function datasetStore(ctx: TfReadContext, bq: Json, project: string): StorePosture {
  const address = refIn(bq.dataset);
  const d = ctx.get(address);
  const datasetId = String(d?.dataset_id ?? bq.dataset);
  const ms = [d?.default_table_expiration_ms, d?.default_partition_expiration_ms].map(Number);
  // Both must be set: tables created partitioned keep partitions by the partition expiration, others by the table's.
  const bound = ms.every((n) => Number.isFinite(n) && n > 0) ? Math.max(...ms) / 1000 : undefined;
  // Time travel: what max_time_travel_hours says, else BigQuery's default.
  const hours = Number(d?.max_time_travel_hours ?? BIGQUERY_TIME_TRAVEL_HOURS.default);
  const travel = (Number.isFinite(hours) && hours > 0 ? hours : BIGQUERY_TIME_TRAVEL_HOURS.default) * 3600;
  const kms = one(d?.default_encryption_configuration).kms_key_name;
  const keyAddress = refIn(kms);
  const readers = ctx
    .entries('google_bigquery_dataset_iam_member')
    .filter(({ r }) => refIn(r.dataset_id) === address && DATASET_READ_ROLES.includes(String(r.role)))
    .map(({ r }) => ({ who: String(r.member), via: `dataset IAM ${String(r.role)}`, named: true }))
    .filter((x) => !/gcp-sa-ces\.iam\.gserviceaccount\.com$/.test(x.who));
  return {
    kind: 'bigquery-export',
    name: `BigQuery dataset ${String(bq.project ?? project)}.${datasetId}`,
    resource: address ?? 'platform',
    retention: {
      configuredSeconds: bound,
      lag: bigqueryExpiryLag(travel / 3600),
    },
    encryption: kms ? { kind: 'customer', key: keyAddress ?? String(kms) } : { kind: 'provider' },
    redactedBy: [],
    public: readers.some((x) => /^all(Authenticated)?Users$/.test(x.who)),
    sensitive: true,
    readers: [...ctx.keyReaders(keyAddress), ...readers, CES_READERS.bigquery, IMPLICIT_READERS.gcpKmsAdmins],
  };
}

/** The app's model calls, with the guardrails it names that exist, are enabled and fail closed. */
function generativePath(app: Json, guardrails: ReadonlyArray<{ address: string; r: Json }>): GenerativePath {
  const named = arr(app.guardrails).map(String);
  const acting: string[] = [];
  const problems: string[] = [];
  for (const name of named) {
    const id = name.split('/').pop() ?? name;
    const g = guardrails.find(({ r }) => r.guardrail_id === id && r.app === app.app_id);
    if (!g) problems.push(`${id} is named but not in this output`);
    else if (g.r.enabled !== true) problems.push(`${id} is not enabled`);
    else if (!guardrailActs(g.r))
      problems.push(`${id} fails open, or is a custom policy or code the report does not read`);
    else acting.push(id);
  }
  return {
    path: "CX Agent Studio agents' model calls",
    ...(acting.length > 0 ? { guardrail: acting.join(', ') } : {}),
    note: [CES_CAVEATS.guardrailsNoDlp, ...problems].join(' '),
  };
}

/** Whether a guardrail acts as convoguard writes them: enabled, a content filter or default prompt security that fails closed. */
export function guardrailActs(v: unknown): boolean {
  const g = one(v);
  if (g.enabled !== true || g.code_callback !== undefined || g.llm_policy !== undefined) return false;
  if (g.content_filter !== undefined) return g.llm_prompt_security === undefined;
  const ps = one(g.llm_prompt_security);
  return g.llm_prompt_security !== undefined && ps.custom_policy === undefined && ps.fail_open === false;
}
