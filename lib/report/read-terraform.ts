/** Posture of Dialogflow CX agents from synthesized Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json). */
import { AgentPosture, DAY, KeyPosture, StorePosture } from './model';

type Resource = Record<string, any>;
interface TfDoc {
  resource?: Record<string, Record<string, Resource>>;
}

const REF = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/;
const DECRYPT_ROLES = ['roles/cloudkms.cryptoKeyDecrypter', 'roles/cloudkms.cryptoKeyEncrypterDecrypter', 'roles/owner', 'roles/editor', 'roles/cloudkms.admin'];
const GOOGLE_SERVICE_AGENT = /^serviceAccount:service-.*@(gcp-sa-[a-z-]+|gs-project-accounts|dlp-api)\.iam\.gserviceaccount\.com$/;

/** `google_x.name` for a `${google_x.name.attr}` reference, else undefined. */
export function refAddress(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = REF.exec(v);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

function one<T>(v: T | T[] | undefined): T | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Agent name of a resource: the construct path segment after the stack. */
function agentOf(r: Resource): string | undefined {
  const p: string | undefined = r['//']?.metadata?.path;
  return p?.split('/')[1];
}

export function readTerraform(doc: TfDoc, source: string): AgentPosture[] {
  const all = doc.resource ?? {};
  const get = (address: string | undefined): Resource | undefined => {
    if (!address) return undefined;
    const [type, name] = address.split('.');
    return all[type]?.[name];
  };
  const entries = (type: string) => Object.entries(all[type] ?? {}).map(([name, r]) => ({ address: `${type}.${name}`, r }));

  const agents = new Map<string, AgentPosture & { stores: StorePosture[]; keys: KeyPosture[] }>();
  const attachedSettings = new Set(entries('google_dialogflow_cx_agent').map(({ r }) => refAddress(r.security_settings)).filter(Boolean));
  const redactedParams = entries('google_dialogflow_cx_page').flatMap(({ r }) => (one(r.form)?.parameters ?? []).filter((p: Resource) => p.redact === true)).length +
    entries('google_dialogflow_cx_intent').flatMap(({ r }) => (r.parameters ?? []).filter((p: Resource) => p.redact === true)).length;

  const cmekLocations = new Map(entries('google_dialogflow_encryption_spec').map(({ r }) => [String(r.location), refAddress(one(r.encryption_spec)?.kms_key) ?? String(one(r.encryption_spec)?.kms_key)]));
  for (const { address, r } of entries('google_dialogflow_cx_security_settings')) {
    const agent = agentOf(r) ?? address;
    const inspect = get(refAddress(r.inspect_template));
    const config = one(inspect?.inspect_config) ?? {};
    const detectors: string[] = (config.info_types ?? []).map((t: Resource) => t.name);
    const custom: string[] = (config.custom_info_types ?? []).map((t: Resource) => one(t.info_type)?.name);
    const redaction: string[] = [];
    if (r.redaction_strategy === 'REDACT_WITH_SERVICE' && r.inspect_template) redaction.push('Dialogflow security settings (DLP)');
    if (redactedParams > 0) redaction.push(`parameter redaction (${redactedParams} parameters)`);
    const stores: StorePosture[] = [];
    const days = typeof r.retention_window_days === 'number' ? r.retention_window_days : undefined;
    stores.push({
      kind: 'conversation-history',
      name: 'Dialogflow conversation history',
      resource: address,
      retentionSeconds: r.retention_strategy === 'REMOVE_AFTER_CONVERSATION' ? 0 : days !== undefined ? days * DAY : undefined,
      encryption: cmekLocations.has(String(r.location)) ? { kind: 'customer', key: cmekLocations.get(String(r.location)) } : { kind: 'provider' },
      redactedBy: redaction.length > 0 ? ['DLP'] : [],
      public: false,
      sensitive: true,
    });
    const audio = one(r.audio_export_settings);
    if (audio?.gcs_bucket) {
      const bucketAddress = refAddress(audio.gcs_bucket);
      const b = get(bucketAddress);
      stores.push(bucketStore(bucketAddress ?? String(audio.gcs_bucket), b, audio.enable_audio_redaction === true));
    }
    agents.set(agent, {
      agent,
      platform: 'dialogflow-cx',
      source,
      detectors,
      customPatterns: custom,
      redaction,
      attached: attachedSettings.has(address),
      stores,
      keys: [],
    });
  }

  // Topics, keys: attach to the agent of their construct path.
  for (const { address, r } of entries('google_managed_kafka_topic')) {
    const a = agents.get(agentOf(r) ?? '');
    if (!a) continue;
    const cluster = get(refAddress(r.cluster));
    const kms = one(cluster?.gcp_config)?.kms_key;
    const ms = Number(r.configs?.['retention.ms']);
    a.stores.push({
      kind: 'anonymized-topic',
      name: String(r.topic_id),
      resource: address,
      retentionSeconds: Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined,
      encryption: kms ? { kind: 'customer', key: refAddress(kms) ?? String(kms) } : { kind: 'provider' },
      redactedBy: ['anonymized before publishing'],
      public: false,
      sensitive: false,
    });
  }
  const members = [...entries('google_kms_crypto_key_iam_member').map(({ r }) => ({ key: refAddress(r.crypto_key_id), role: r.role, members: [r.member] })),
    ...entries('google_kms_crypto_key_iam_binding').map(({ r }) => ({ key: refAddress(r.crypto_key_id), role: r.role, members: r.members ?? [] }))];
  for (const { address, r } of entries('google_kms_crypto_key')) {
    const a = agents.get(agentOf(r) ?? '');
    if (!a) continue;
    const rotation = typeof r.rotation_period === 'string' ? Number(r.rotation_period.replace(/s$/, '')) / DAY : undefined;
    a.keys.push({
      resource: address,
      name: String(r.name),
      rotationDays: rotation,
      deletionProtected: r.lifecycle?.prevent_destroy === true,
      decrypters: members.filter((m) => m.key === address && DECRYPT_ROLES.includes(m.role)).flatMap((m) => m.members).filter((m: string) => !GOOGLE_SERVICE_AGENT.test(m)).sort(),
    });
  }
  return [...agents.values()];
}

function bucketStore(address: string, b: Resource | undefined, redacted: boolean): StorePosture {
  const rules: Resource[] = b?.lifecycle_rule ?? [];
  const ages = rules.filter((x) => one(x.action)?.type === 'Delete' && typeof one(x.condition)?.age === 'number').map((x) => one(x.condition).age as number);
  const softDelete = one(b?.soft_delete_policy)?.retention_duration_seconds;
  const soft = typeof softDelete === 'number' ? softDelete : 7 * DAY; // Cloud Storage's default soft delete
  const kms = one(b?.encryption)?.default_kms_key_name;
  return {
    kind: 'audio',
    name: String(b?.name ?? address),
    resource: address,
    retentionSeconds: ages.length > 0 ? Math.min(...ages) * DAY + soft : undefined,
    encryption: kms ? { kind: 'customer', key: refAddress(kms) ?? String(kms) } : { kind: 'provider' },
    redactedBy: redacted ? ['DLP audio redaction'] : [],
    public: b?.public_access_prevention !== 'enforced',
    sensitive: true,
  };
}
