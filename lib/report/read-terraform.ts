/** Posture of Dialogflow CX agents from synthesized Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json). */
import {
  CLOUD_LOGGING_DEFAULT_DAYS,
  dialogflowFilterScope,
  DIALOGFLOW_GENERATIVE_PATH,
  DIALOGFLOW_NO_MODEL_ARMOR,
  logBucketStoreName,
  MODEL_ARMOR_OWN_CALLS_PATH,
} from '../policy/platforms';
import { DAY } from '../policy/duration';
import { GenerativePath, IMPLICIT_READERS, LAG, Reader, STORE_NAME } from '../policy/posture';
import type { AgentPosture, KeyPosture, StorePosture } from './model';
import { terraformChecks, withChecks } from './read-verification';
import { arr, Json, obj, one } from './read/tf/json';
import { readCesApps } from './read/tf/ces';
import { dlpDetection } from './read/tf/dlp';

export interface TfDoc {
  readonly resource?: Record<string, Record<string, Json>>;
}

/** Key in each resource's `//` block that names the agent it protects (lib/gcp writes it). */
export const AGENT_KEY = 'convoguard_agent';
const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const DECRYPT_ROLES = [
  'roles/cloudkms.cryptoKeyDecrypter',
  'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  'roles/owner',
  'roles/editor',
  'roles/cloudkms.admin',
];
const OBJECT_READ_ROLES = [
  'roles/storage.objectViewer',
  'roles/storage.objectAdmin',
  'roles/storage.admin',
  'roles/storage.legacyObjectReader',
  'roles/storage.legacyBucketOwner',
  'roles/owner',
  'roles/editor',
  'roles/viewer',
];
const GOOGLE_SERVICE_AGENT =
  /^serviceAccount:service-.*@(gcp-sa-[a-z-]+|gs-project-accounts|dlp-api)\.iam\.gserviceaccount\.com$/;
/** Members taken from the data sources that name Google's service agents (Cloud Storage, Cloud Logging). */
const SERVICE_AGENT_REF =
  /\$\{data\.google_(storage_project_service_account|logging_project_cmek_settings|bigquery_default_service_account)\.[^}]+\}/;
const DIALOGFLOW_REQUEST_LOG = 'dialogflow-runtime.googleapis.com%2Frequests';
/** On Google Cloud a CMEK store's service agent decrypts for every reader the service lets through. */
const GCP_SERVICE_AGENTS_DECRYPT: readonly string[] = [
  'the service agents of the stores (Cloud Storage, Cloud Logging, Dialogflow, Managed Kafka)',
];

/** `google_x.name` for a `${google_x.name.attr}` reference, else undefined. */
export function refAddress(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = REF.exec(v);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** The agent a resource protects: its `//` attribution; output of older versions falls back to the construct path. */
export function agentOf(r: Json | undefined): string | undefined {
  const meta = obj(r?.['//']);
  if (typeof meta[AGENT_KEY] === 'string') return meta[AGENT_KEY];
  const p = obj(meta.metadata).path;
  return typeof p === 'string' ? p.split('/')[1] : undefined;
}

/** `items` grouped by `key`, in their order. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Key in each resource's `//` block of a shared stack (terraform.stacks: per-agent): the project it serves. */
export const SHARED_KEY = 'convoguard_shared';

/** The project of a Terraform document's Google provider, when it names one. */
export function providerProject(doc: unknown): string | undefined {
  const p = one(obj(obj(doc).provider).google).project;
  return typeof p === 'string' ? p : undefined;
}

/** Whether a document is a shared stack of terraform.stacks: per-agent (its resources carry `//.convoguard_shared`). */
export function isSharedDoc(doc: TfDoc): boolean {
  return Object.values(doc.resource ?? {}).some((rs) =>
    Object.values(rs).some((r) => obj(r['//'])[SHARED_KEY] !== undefined),
  );
}

/**
 * The keys of a document's resources (`all`), by address, with who may decrypt through their IAM; `suffix` is added to
 * each key's `resource` (a shared document's keys name their stack). Also the key IAM members it read.
 */
function keyPostures(all: Record<string, Record<string, Json>>, suffix = '') {
  const list = (type: string) =>
    Object.entries(all[type] ?? {}).map(([name, r]) => ({ address: `${type}.${name}`, r }));
  const members = [
    ...list('google_kms_crypto_key_iam_member').map(({ r }) => ({
      key: refAddress(r.crypto_key_id),
      role: r.role,
      members: [r.member],
    })),
    ...list('google_kms_crypto_key_iam_binding').map(({ r }) => ({
      key: refAddress(r.crypto_key_id),
      role: r.role,
      members: arr(r.members),
    })),
  ];
  const membersOfKey = groupBy(members, (m) => m.key);
  const keys = new Map<string, KeyPosture>(
    list('google_kms_crypto_key').map(({ address, r }) => {
      const rotation =
        typeof r.rotation_period === 'string' ? Number(r.rotation_period.replace(/s$/, '')) / DAY : undefined;
      const decrypters = (membersOfKey.get(address) ?? [])
        .filter((m) => typeof m.role === 'string' && DECRYPT_ROLES.includes(m.role))
        .flatMap((m) => m.members.map(String))
        .filter((m) => !GOOGLE_SERVICE_AGENT.test(m) && !SERVICE_AGENT_REF.test(m))
        .sort();
      return [
        address,
        {
          resource: `${address}${suffix}`,
          name: String(r.name),
          rotationDays: Number.isFinite(rotation) ? rotation : undefined,
          deletionProtected: obj(r.lifecycle).prevent_destroy === true,
          decrypters,
          accountAdmins: false,
          throughServices: GCP_SERVICE_AGENTS_DECRYPT,
        },
      ];
    }),
  );
  return { keys, members };
}

/**
 * The agents' postures of one Terraform document. `context`: the shared documents of the same project (the
 * request-log routing of terraform.stacks: per-agent lives there); their project-wide resources count for every agent
 * here, and a log sink among them that convoguard did not create is outside the model.
 */
export function readTerraform(doc: TfDoc, source: string, context: readonly TfDoc[] = []): AgentPosture[] {
  const all = doc.resource ?? {};
  const get = (address: string | undefined): Json | undefined => {
    if (!address) return undefined;
    const dot = address.indexOf('.');
    return all[address.slice(0, dot)]?.[address.slice(dot + 1)];
  };
  // Each type's resources are listed once: every agent of a stack reads the same lists.
  const listed = new Map<string, Array<{ address: string; r: Json }>>();
  const entries = (type: string) => {
    let e = listed.get(type);
    if (!e)
      listed.set(type, (e = Object.entries(all[type] ?? {}).map(([name, r]) => ({ address: `${type}.${name}`, r }))));
    return e;
  };

  const cxAgents = entries('google_dialogflow_cx_agent');
  const cmekLocations = new Map(
    entries('google_dialogflow_encryption_spec').map(({ r }) => [
      String(r.location),
      refAddress(one(r.encryption_spec).kms_key) ?? String(one(r.encryption_spec).kms_key),
    ]),
  );
  const { keys, members: keyMembers } = keyPostures(all);
  const bucketMembers = [
    ...entries('google_storage_bucket_iam_member').map(({ r }) => ({
      bucket: refAddress(r.bucket) ?? String(r.bucket),
      role: r.role,
      members: [r.member],
    })),
    ...entries('google_storage_bucket_iam_binding').map(({ r }) => ({
      bucket: refAddress(r.bucket) ?? String(r.bucket),
      role: r.role,
      members: arr(r.members),
    })),
  ];
  const keysOfAgent = groupBy([...keys.values()], (k) => agentOf(get(k.resource)));
  const membersOfBucket = groupBy(bucketMembers, (m) => m.bucket);
  const usersOfSettings = groupBy(cxAgents, ({ r: a }) => refAddress(a.security_settings));
  const keyReaders = (key: string | undefined): Reader[] =>
    (keys.get(key ?? '')?.decrypters ?? []).map((who) => ({ who, via: 'key IAM', named: true }));

  /**
   * Which Dialogflow logs a sink or exclusion covers, read from its filter: only the two forms convoguard writes are
   * understood (every Dialogflow log, or the request log alone, of the resource's own project). Any other filter that
   * names Dialogflow (narrowed with AND severity>=ERROR, another project) is unknown: it counts as covering nothing,
   * and the agent lists it as unverified.
   */
  const unknownFilters: Array<{ resource: string; what: string }> = [];
  const coverage = (x: Json, address: string): 'all' | 'requests' | 'none' => {
    if (typeof x.filter !== 'string' || x.disabled === true) return 'none';
    const known = dialogflowFilterScope(x.filter);
    if (known && known.project === x.project) return known.scope;
    if (/dialogflow/i.test(x.filter))
      unknownFilters.push({
        resource: address,
        what: `its filter ${JSON.stringify(x.filter)} is not one convoguard writes: which Dialogflow logs it routes or excludes is not read, so it counts as none`,
      });
    return 'none';
  };
  // The routed buckets and the exclusions are the project's: read once for every agent of the document.
  const routedByProject = new Map<string, { stores: StorePosture[]; excluded: 'all' | 'requests' | 'none' }>();
  /**
   * Where Dialogflow's request logs land: each log bucket a sink routes them to (with its retention and key) and,
   * for an agent with logging on (`agentAddress`) and no exclusion keeping them out, the global _Default bucket.
   */
  const cloudLoggingStores = (agentAddress: string | undefined, project: string): StorePosture[] => {
    // Routing and exclusions act on their own project only: another project's exclusion keeps nothing out of this one.
    let routed = routedByProject.get(project);
    if (!routed) routedByProject.set(project, (routed = projectLogging(project)));
    const out = [...routed.stores];
    if (routed.excluded !== 'all' && agentAddress !== undefined) {
      out.push({
        kind: 'cloud-logging',
        // With the request log excluded alone, telephony and audit logs of Dialogflow still land in _Default.
        name: routed.excluded === 'requests' ? STORE_NAME.cloudLoggingDefaultOthers : STORE_NAME.cloudLoggingDefault,
        resource: agentAddress,
        retention: { configuredSeconds: CLOUD_LOGGING_DEFAULT_DAYS * DAY, lag: LAG.cloudLogging },
        encryption: { kind: 'provider' },
        redactedBy: [],
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
      });
    }
    return out;
  };
  // Project-wide Cloud Logging resources: this document's and its shared documents'. A shared document's resources
  // name their stack: the user looks for them there, not in the agent's stack.
  const stackOf = (d: TfDoc) => {
    const name = obj(obj(obj(d)['//']).metadata).stackName;
    return typeof name === 'string' ? ` (stack ${name})` : '';
  };
  const projectEntries = (type: string): Array<{ address: string; r: Json; from?: TfDoc }> => [
    ...entries(type),
    ...context.flatMap((d) =>
      Object.entries(d.resource?.[type] ?? {}).map(([name, r]) => ({
        address: `${type}.${name}${stackOf(d)}`,
        r,
        from: d,
      })),
    ),
  ];
  // The keys of a shared document that encrypt a store of this one (the routed log bucket's): each agent whose logs
  // land there lists that key, so its rotation, deletion protection and decrypters are checked like the agent's own.
  const contextKeys = new Map<TfDoc, Map<string, KeyPosture>>();
  const sharedKeyOf = new Map<string, KeyPosture>();
  const projectLogging = (project: string): { stores: StorePosture[]; excluded: 'all' | 'requests' | 'none' } => {
    const out: StorePosture[] = [];
    const ofProject = ({ r }: { r: Json }) => String(r.project) === project;
    for (const { r: sink } of projectEntries('google_logging_project_sink').filter(
      (e) => ofProject(e) && e.r.name !== '_Default' && coverage(e.r, e.address) !== 'none',
    )) {
      const m = /^logging\.googleapis\.com\/projects\/[^/]+\/locations\/([^/]+)\/buckets\/([^/]+)$/.exec(
        String(sink.destination),
      );
      const bucket = m
        ? projectEntries('google_logging_project_bucket_config').find(
            ({ r: b }) => b.bucket_id === m[2] && b.location === m[1],
          )
        : undefined;
      if (!m) continue;
      const days =
        typeof bucket?.r.retention_days === 'number' && bucket.r.retention_days > 0
          ? bucket.r.retention_days
          : CLOUD_LOGGING_DEFAULT_DAYS;
      const kms = one(bucket?.r.cmek_settings).kms_key_name;
      const resource = bucket?.address ?? String(sink.destination);
      const from = bucket?.from;
      if (from && !contextKeys.has(from)) contextKeys.set(from, keyPostures(from.resource ?? {}, stackOf(from)).keys);
      const sharedKey = from ? contextKeys.get(from)!.get(refAddress(kms) ?? '') : undefined;
      if (sharedKey) sharedKeyOf.set(resource, sharedKey);
      out.push({
        kind: 'cloud-logging',
        name: logBucketStoreName(m[2], m[1]),
        resource,
        retention: { configuredSeconds: days * DAY, lag: LAG.cloudLogging },
        encryption: kms
          ? { kind: 'customer', key: sharedKey?.resource ?? refAddress(kms) ?? String(kms) }
          : { kind: 'provider' },
        redactedBy: [],
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
      });
    }
    const exclusions = [
      ...projectEntries('google_logging_project_exclusion')
        .filter(ofProject)
        .map(({ address, r: e }) => coverage(e, address)),
      ...projectEntries('google_logging_project_sink')
        .filter((e) => ofProject(e) && e.r.name === '_Default')
        .flatMap(({ address, r: s }) =>
          arr(s.exclusions).map((e) => coverage({ ...obj(e), project: s.project }, address)),
        ),
    ];
    const excluded = exclusions.includes('all') ? 'all' : exclusions.includes('requests') ? 'requests' : 'none';
    return { stores: out, excluded };
  };

  // IAM the model does not read: key ring or project level, authoritative policies, members on keys it cannot tie to
  // a key of this document. Each can give someone decryption or object reads: it cannot be verified, so it is a finding.
  const modelled = new Set(keyMembers.filter((m) => m.key !== undefined && keys.has(m.key)).map((m) => m.key));
  const outsideTheModel: Array<{ resource: string; what: string }> = [];
  for (const [type, rs] of Object.entries(all)) {
    const kmsIam = /^google_kms_(key_ring|crypto_key)_iam_(member|binding|policy)$/.test(type);
    const projectIam = /^google_project_iam_(member|binding|policy)$/.test(type);
    const bucketPolicy = type === 'google_storage_bucket_iam_policy';
    if (!kmsIam && !projectIam && !bucketPolicy) continue;
    for (const [name, r] of Object.entries(rs)) {
      const address = `${type}.${name}`;
      const who = [r.member, ...arr(r.members)].filter((m) => m !== undefined).map(String);
      if (type === 'google_kms_crypto_key_iam_member' || type === 'google_kms_crypto_key_iam_binding') {
        // A custom role's permissions are defined elsewhere (it may hold cloudkms.cryptoKeyVersions.useToDecrypt).
        if (/^(projects|organizations)\//.test(String(r.role ?? ''))) {
          outsideTheModel.push({
            resource: address,
            what: `${address} grants the custom role ${String(r.role)} to ${who.join(', ')}; its permissions are not in this output`,
          });
          continue;
        }
        if (modelled.has(refAddress(r.crypto_key_id))) continue;
        outsideTheModel.push({
          resource: address,
          what: `${address} grants ${String(r.role)} to ${who.join(', ')} on a key this output does not define (${JSON.stringify(r.crypto_key_id)})`,
        });
      } else if (projectIam) {
        const role = String(r.role ?? '');
        if (DECRYPT_ROLES.includes(role) || OBJECT_READ_ROLES.includes(role) || type === 'google_project_iam_policy') {
          outsideTheModel.push({
            resource: address,
            what: `${address} grants ${role || 'a project policy'} to ${who.join(', ') || 'its members'} on the whole project`,
          });
        }
      } else {
        outsideTheModel.push({
          resource: address,
          what: `${address} (${type}) sets ${String(r.role ?? 'a policy')} for ${who.join(', ') || 'its members'}, outside what the report models`,
        });
      }
    }
  }

  // Meta-arguments that can make a resource the reader sees absent (count = 0) or many, and log sinks convoguard did
  // not create (they copy Dialogflow's request logs somewhere the report does not see).
  for (const [type, rs] of Object.entries(all)) {
    for (const [name, r] of Object.entries(rs)) {
      const address = `${type}.${name}`;
      for (const meta of ['count', 'for_each'] as const) {
        if (r[meta] !== undefined)
          outsideTheModel.push({
            resource: address,
            what: `${address} sets ${meta} = ${JSON.stringify(r[meta]).slice(0, 60)}, which decides whether (and how often) it exists`,
          });
      }
      if (
        /^google_logging_(project|folder|organization|billing_account)_sink$/.test(type) &&
        agentOf(r) === undefined
      ) {
        outsideTheModel.push({
          resource: address,
          what: `${address} routes log entries (${JSON.stringify(r.filter ?? 'all').slice(0, 60)}) to ${JSON.stringify(r.destination)}, a destination this report does not read`,
        });
      }
    }
  }

  for (const d of context) {
    for (const [type, rs] of Object.entries(d.resource ?? {})) {
      if (!/^google_logging_(project|folder|organization|billing_account)_sink$/.test(type)) continue;
      for (const [name, r] of Object.entries(rs)) {
        const meta = obj(r['//']);
        if (meta[AGENT_KEY] === undefined && meta[SHARED_KEY] === undefined) {
          outsideTheModel.push({
            resource: `${type}.${name}${stackOf(d)}`,
            what: `${type}.${name}${stackOf(d) || ' (shared stack)'} routes log entries (${JSON.stringify(r.filter ?? 'all').slice(0, 60)}) to ${JSON.stringify(r.destination)}, a destination this report does not read`,
          });
        }
      }
    }
  }

  /** An audio bucket as a store: its unconditional age rule (plus soft delete) bounds it; bucket IAM readers are listed. */
  const bucketStore = (bucketAddress: string, redactedBy: string[]): StorePosture => {
    // A literal bucket name is no resource of this document.
    const b = /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/.test(bucketAddress) ? get(bucketAddress) : undefined;
    const rules = arr(b?.lifecycle_rule).map(obj);
    // Only an unconditional age rule deletes everything; one limited by state or prefix does not.
    const ages = rules
      .filter(
        (x) =>
          one(x.action).type === 'Delete' &&
          typeof one(x.condition).age === 'number' &&
          one(x.condition).with_state === undefined &&
          one(x.condition).matches_prefix === undefined,
      )
      .map((x) => one(x.condition).age as number);
    const softDelete = one(b?.soft_delete_policy).retention_duration_seconds;
    const soft = typeof softDelete === 'number' ? softDelete : 7 * DAY; // Cloud Storage's default soft delete
    const versioned = one(b?.versioning).enabled === true;
    const kms = one(b?.encryption).default_kms_key_name;
    const keyAddress = refAddress(kms);
    const bucketReaders = (membersOfBucket.get(bucketAddress) ?? [])
      .filter((m) => typeof m.role === 'string' && OBJECT_READ_ROLES.includes(m.role))
      .flatMap((m) => m.members.map((who) => ({ who: String(who), via: `bucket IAM ${String(m.role)}`, named: true })));
    return {
      kind: 'audio',
      name: String(b?.name ?? bucketAddress),
      resource: bucketAddress,
      retention: {
        configuredSeconds: ages.length > 0 && !versioned ? Math.min(...ages) * DAY + soft : undefined,
        lag: LAG.gcsLifecycle,
      },
      encryption: kms ? { kind: 'customer', key: keyAddress ?? String(kms) } : { kind: 'provider' },
      redactedBy,
      public:
        b?.public_access_prevention !== 'enforced' ||
        bucketReaders.some((x) => /^all(Authenticated)?Users$/.test(x.who)),
      sensitive: true,
      readers: [
        ...keyReaders(keyAddress),
        ...bucketReaders,
        IMPLICIT_READERS.gcsObjectReaders,
        IMPLICIT_READERS.gcpKmsAdmins,
      ],
    };
  };

  const out: AgentPosture[] = [];
  for (const { address, r } of entries('google_dialogflow_cx_security_settings')) {
    const agent = agentOf(r) ?? address;
    const users = usersOfSettings.get(address) ?? [];
    const inspect = get(refAddress(r.inspect_template));
    const config = one(inspect?.inspect_config);
    const detectors = arr(config.info_types).map((t) => String(obj(t).name));
    const custom = arr(config.custom_info_types).map((t) => String(one(obj(t).info_type).name));
    const detection = dlpDetection(config, one(get(refAddress(r.deidentify_template))?.deidentify_config));
    const redaction: string[] = [];
    const redacts = r.redaction_strategy === 'REDACT_WITH_SERVICE' && Boolean(r.inspect_template);
    if (redacts) redaction.push('Dialogflow security settings (DLP)');
    // Parameters count for this agent only: pages and intents whose parent is one of its agents.
    const agentRefs = new Set(users.map(({ address: a }) => a));
    const ownedBy = (x: Json) => [...agentRefs].some((a) => String(x.parent ?? '').includes(a));
    const params = [
      ...entries('google_dialogflow_cx_page')
        .filter(({ r: p }) => ownedBy(p))
        .flatMap(({ r: p }) => arr(one(p.form).parameters)),
      ...entries('google_dialogflow_cx_intent')
        .filter(({ r: i }) => ownedBy(i))
        .flatMap(({ r: i }) => arr(i.parameters)),
    ].map(obj);
    const redacted = params.filter((p) => p.redact === true).length;
    if (params.length > 0) redaction.push(`parameter redaction (${redacted} of ${params.length} parameters)`);

    const stores: StorePosture[] = [];
    const days = typeof r.retention_window_days === 'number' ? r.retention_window_days : undefined;
    const purges = arr(r.purge_data_types).includes('DIALOGFLOW_HISTORY');
    stores.push({
      kind: 'conversation-history',
      name: STORE_NAME.dialogflowHistory,
      resource: address,
      retention: {
        configuredSeconds:
          r.retention_strategy === 'REMOVE_AFTER_CONVERSATION'
            ? 0
            : purges && days !== undefined
              ? days * DAY
              : undefined,
        lag: LAG.dialogflowHistory,
      },
      encryption: cmekLocations.has(String(r.location))
        ? { kind: 'customer', key: cmekLocations.get(String(r.location)) }
        : { kind: 'provider' },
      redactedBy: redacts ? ['Dialogflow security settings (DLP)'] : [],
      public: false,
      sensitive: true,
      readers: [IMPLICIT_READERS.dialogflowReaders],
    });
    const audio = one(r.audio_export_settings);
    if (audio.gcs_bucket)
      stores.push(
        bucketStore(
          refAddress(audio.gcs_bucket) ?? String(audio.gcs_bucket),
          audio.enable_audio_redaction === true ? ['DLP audio redaction (end-user audio only)'] : [],
        ),
      );
    if (one(r.insights_export_settings).enable_insights_export === true) {
      stores.push({
        kind: 'insights-export',
        name: STORE_NAME.insights,
        resource: address,
        retention: { lag: LAG.none },
        encryption: { kind: 'provider' },
        redactedBy: redacts ? ['Dialogflow security settings (DLP)'] : [],
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.insightsReaders],
      });
    }
    // Cloud Logging: on when an agent using these settings turns Stackdriver logging on (new or deprecated field).
    const logging = users.find(
      ({ r: a }) =>
        one(one(a.advanced_settings).logging_settings).enable_stackdriver_logging === true ||
        a.enable_stackdriver_logging === true,
    );
    // Routing is project-wide: the request logs of every agent with logging on reach the routed buckets (an agent
    // this output does not hold may have it on: counted too); _Default only when an agent using these settings has
    // logging on and nothing excludes its log. An agent here with logging off writes no request log.
    if (logging !== undefined || users.length === 0) {
      stores.push(
        ...cloudLoggingStores(logging?.address, String(logging?.r.project ?? users[0]?.r.project ?? r.project)),
      );
    }
    for (const { address: topicAddress, r: t } of entries('google_managed_kafka_topic')) {
      if (agentOf(t) !== agent) continue;
      const cluster = get(refAddress(t.cluster));
      const kms = one(cluster?.gcp_config).kms_key;
      const ms = Number(obj(t.configs)['retention.ms']);
      stores.push({
        kind: 'anonymized-topic',
        name: String(t.topic_id),
        resource: topicAddress,
        retention: {
          configuredSeconds: Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined,
          lag: LAG.kafkaRetention,
        },
        encryption: kms ? { kind: 'customer', key: refAddress(kms) ?? String(kms) } : { kind: 'provider' },
        redactedBy: ['anonymized before publishing'],
        public: false,
        sensitive: false,
        readers: [IMPLICIT_READERS.managedKafkaClients],
      });
    }
    // Generative paths: Dialogflow's own calls (no Model Armor setting exists in provider 6.50) and, with a Model
    // Armor template, the Vertex AI calls the team makes with it.
    const generative: GenerativePath[] = [];
    const genSettings = entries('google_dialogflow_cx_generative_settings').filter(({ r }) => agentOf(r) === agent);
    const armor = entries('google_model_armor_template').filter(({ r }) => agentOf(r) === agent);
    if (genSettings.length > 0 || armor.length > 0) {
      const banned = genSettings.flatMap(({ r }) => arr(one(r.generative_safety_settings).banned_phrases)).length;
      generative.push({
        path: DIALOGFLOW_GENERATIVE_PATH,
        note: `${DIALOGFLOW_NO_MODEL_ARMOR}${banned > 0 ? `; ${banned} banned phrase${banned === 1 ? '' : 's'}` : ''}`,
      });
    }
    for (const { address, r } of armor) {
      const sdp = one(one(one(r.filter_config).sdp_settings).advanced_config);
      const usesAgentTemplates = [sdp.inspect_template, sdp.deidentify_template].every(
        (t) => typeof t === 'string' && t.length > 0,
      );
      generative.push({
        path: MODEL_ARMOR_OWN_CALLS_PATH,
        ...(usesAgentTemplates ? { guardrail: String(r.template_id ?? address) } : {}),
        note: usesAgentTemplates
          ? 'only for calls that name the template'
          : `${address} has no advanced Sensitive Data Protection configuration (inspect and de-identify templates)`,
      });
    }
    out.push({
      agent,
      platform: 'dialogflow-cx',
      source,
      detection,
      attachedVia: address,
      ...(generative.length > 0 ? { generative } : {}),
      detectors,
      customPatterns: custom,
      redaction,
      attached: users.length > 0,
      stores,
      keys: [...(keysOfAgent.get(agent) ?? []), ...new Set(stores.flatMap((st) => sharedKeyOf.get(st.resource) ?? []))],
      unverified: [
        ...(keysOfAgent.get(agent) ?? [])
          .filter(
            (k) =>
              typeof get(k.resource)?.rotation_period === 'string' &&
              /\$\{/.test(String(get(k.resource)?.rotation_period)),
          )
          .map((k) => ({
            resource: k.resource,
            what: `rotation_period is ${JSON.stringify(get(k.resource)?.rotation_period)}`,
          })),
        ...outsideTheModel,
        ...unknownFilters,
        // Agents sharing one agent's settings: each has its own logging settings, and which is this agent is not said.
        ...(users.length > 1
          ? [
              {
                resource: address,
                what: `${users.length} Dialogflow agents use these security settings (${users.map((u) => u.address).join(', ')}): each has its own logging settings, and the output does not say which one is agent "${agent}"`,
              },
            ]
          : []),
      ],
    });
  }
  out.push(
    ...readCesApps({
      doc,
      source,
      entries,
      get,
      keysOf: (agent) => keysOfAgent.get(agent) ?? [],
      keyReaders,
      bucketStore,
      outsideTheModel,
      claimed: new Set(out.map((a) => a.agent)),
    }),
  );
  return withChecks(out, terraformChecks(all, agentOf, refAddress, DIALOGFLOW_REQUEST_LOG));
}
