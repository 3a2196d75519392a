/** Dialogflow CX agents from a Terraform document: one posture per security settings, with the stores they govern. */
import {
  DIALOGFLOW_GENERATIVE_PATH,
  DIALOGFLOW_NO_MODEL_ARMOR,
  MODEL_ARMOR_OWN_CALLS_PATH,
} from '../../../policy/platforms';
import { DAY } from '../../../policy/duration';
import { GenerativePath, IMPLICIT_READERS, kafkaLagOf, LAG, STORE_NAME } from '../../../policy/posture';
import type { AgentPosture, KeyPosture, StorePosture } from '../../model';
import { dlpDetection } from './dlp';
import { agentOf, groupBy, refAddress, TfIndex } from './doc';
import { arr, Json, obj, one } from './json';

export interface DialogflowReadContext {
  readonly source: string;
  keysOf(agent: string): KeyPosture[];
  bucketStore(bucketAddress: string, redactedBy: string[]): StorePosture;
  cloudLoggingStores(agentAddress: string | undefined, project: string): StorePosture[];
  readonly sharedKeyOf: ReadonlyMap<string, KeyPosture>;
  readonly outsideTheModel: ReadonlyArray<{ resource: string; what: string }>;
  readonly unknownFilters: ReadonlyArray<{ resource: string; what: string }>;
}

export function readDialogflowAgents(idx: TfIndex, ctx: DialogflowReadContext): AgentPosture[] {
  const { entries, get } = idx;
  const { source, bucketStore, cloudLoggingStores, sharedKeyOf, outsideTheModel, unknownFilters } = ctx;
  const cxAgents = entries('google_dialogflow_cx_agent');
  const cmekLocations = new Map(
    entries('google_dialogflow_encryption_spec').map(({ r }) => [
      String(r.location),
      refAddress(one(r.encryption_spec).kms_key) ?? String(one(r.encryption_spec).kms_key),
    ]),
  );
  const usersOfSettings = groupBy(cxAgents, ({ r: a }) => refAddress(a.security_settings));
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
    // Kafka ACLs of the clusters here: once a topic has one (by name, prefix or allTopics), only the principals it
    // allows reach it; a topic none matches is open to every client of the cluster.
    const acls = entries('google_managed_kafka_acl').map(({ r: acl }) => ({
      cluster: refAddress(acl.cluster) ?? String(acl.cluster),
      id: String(acl.acl_id),
      readers: arr(acl.acl_entries)
        .map(obj)
        .filter((e) => (e.permission_type ?? 'ALLOW') === 'ALLOW' && ['READ', 'ALL'].includes(String(e.operation)))
        .map((e) => String(e.principal)),
    }));
    const topicReaders = (cluster: string, topic: string) => {
      const matching = acls.filter(
        (a) =>
          a.cluster === cluster &&
          (a.id === `topic/${topic}` ||
            a.id === 'allTopics' ||
            (a.id.startsWith('topicPrefixed/') && topic.startsWith(a.id.slice('topicPrefixed/'.length)))),
      );
      if (matching.length === 0) return [IMPLICIT_READERS.managedKafkaClients];
      const named = [...new Set(matching.flatMap((a) => a.readers))];
      return [
        ...named.map((who) => ({ who, via: 'a Kafka ACL allowing READ', named: true })),
        IMPLICIT_READERS.managedKafkaAclEditors,
      ];
    };
    for (const { address: topicAddress, r: t } of entries('google_managed_kafka_topic')) {
      if (agentOf(t) !== agent) continue;
      const cluster = get(refAddress(t.cluster));
      const kms = one(cluster?.gcp_config).kms_key;
      const ms = Number(obj(t.configs)['retention.ms']);
      const segment = obj(t.configs)['segment.ms'];
      stores.push({
        kind: 'anonymized-topic',
        name: String(t.topic_id),
        resource: topicAddress,
        retention: {
          configuredSeconds: Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined,
          lag: kafkaLagOf(segment === undefined ? undefined : Number(segment)),
        },
        encryption: kms ? { kind: 'customer', key: refAddress(kms) ?? String(kms) } : { kind: 'provider' },
        redactedBy: ['anonymized before publishing'],
        public: false,
        sensitive: false,
        readers: topicReaders(refAddress(t.cluster) ?? String(t.cluster), String(t.topic_id)),
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
      keys: [...ctx.keysOf(agent), ...new Set(stores.flatMap((st) => sharedKeyOf.get(st.resource) ?? []))],
      unverified: [
        ...ctx
          .keysOf(agent)
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
  return out;
}
