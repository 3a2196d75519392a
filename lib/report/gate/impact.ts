/**
 * What a change does to each stateful resource, offline, from the base and head syntheses alone: kept, updated in
 * place, replaced (a property the resource's own schema marks create-only or force-new changed, or its type), deleted
 * (its logical id or address is gone), retained (gone from the stack, kept in the account by DeletionPolicy Retain) or
 * refused (Terraform's prevent_destroy stops the plan). `cdk diff` and `terraform plan` answer the same question
 * against the deployed stack and state, with credentials; this answers it in review, before either exists, and says
 * what a replacement or deletion loses.
 */
import { canonical, deepEqual } from './change';
import { isMap } from './compare';
import REPLACEMENT from './replacement.json';
import type { Synthesis } from './output';
import { TF_META_ARGUMENTS } from './shape';
import { Unit, unitsOf } from './units';

export type Fate = 'kept' | 'updated' | 'replaced' | 'deleted' | 'retained' | 'refused' | 'created' | 'superseded';

export interface ResourceFate {
  readonly fate: Fate;
  readonly file: string;
  readonly resource: string;
  readonly type: string;
  /** Why: the create-only properties that changed, the deletion policy, prevent_destroy. */
  readonly because?: string;
  /** What is lost when the resource is replaced or deleted. */
  readonly loses?: string;
  /** A change that reaches only a draft: production keeps serving what it served (a Lex bot whose live version stays). */
  readonly draftOnly?: string;
  readonly agent?: string;
}

/** What a stateful resource holds: what replacing or deleting it loses. One place, for the diff and the docs. */
export const LOSES: Readonly<Record<string, string>> = {
  'AWS::KMS::Key':
    'every ciphertext under the key becomes unreadable once the key is deleted (after its waiting period)',
  'AWS::S3::Bucket': 'the objects in the bucket (CloudFormation cannot delete a bucket that still holds objects)',
  'AWS::Logs::LogGroup': 'the log events in the group',
  'AWS::Lex::Bot': "the bot's draft, versions and aliases, with their conversation log settings",
  'AWS::Lex::BotVersion': 'the published version (an alias still serving it would break)',
  'AWS::MSK::Cluster': 'every topic of the cluster and its messages',
  'AWS::MSK::Topic': "the topic's messages",
  'AWS::SecretsManager::Secret': 'the stored credentials: clients using them stop connecting',
  'AWS::Bedrock::Guardrail': 'the guardrail and its versions: model specifications that name them stop screening',
  'AWS::Bedrock::GuardrailVersion': 'the version: a bot version published with it loses its guardrail',
  'AWS::SNS::Topic': 'its subscriptions',
  google_kms_key_ring: 'nothing at once (Cloud KMS never deletes key rings), but the keys in it are left behind',
  google_kms_crypto_key:
    'every ciphertext under the key becomes unreadable once its versions are destroyed (after destroy_scheduled_duration)',
  google_storage_bucket: 'the objects in the bucket (Terraform refuses while it holds objects, unless force_destroy)',
  google_logging_project_bucket_config:
    "the log entries in the bucket (a deleted bucket's name cannot be reused for 7 days)",
  google_bigquery_dataset: 'the tables in the dataset',
  google_managed_kafka_cluster: 'every topic of the cluster and its messages',
  google_managed_kafka_topic: "the topic's messages",
  google_pubsub_topic: 'undelivered messages and its subscriptions',
  google_dialogflow_cx_agent: "the agent's flows, pages, intents and conversation history",
  google_ces_app: "the app's agents, tools, guardrails and conversation history",
  google_ces_guardrail: 'nothing stored, but the app stops screening with it until a new one of the same id exists',
  google_dialogflow_cx_security_settings:
    'nothing stored, but the agent that names them loses its redaction until it names the new ones',
  google_data_loss_prevention_inspect_template:
    'nothing stored, but what names it stops inspecting until it names the new one',
  google_data_loss_prevention_deidentify_template:
    'nothing stored, but what names it stops de-identifying until it names the new one',
};

const data = REPLACEMENT as unknown as {
  cloudFormation: Record<string, { replaces: string[]; stateful: boolean }>;
  terraform: Record<string, { replaces: string[] }>;
};

/** Whether the change report lists a unit type: what holds data, or what protection of stored data hangs on. */
function stateful(type: string): boolean {
  return LOSES[type] !== undefined || data.cloudFormation[type]?.stateful === true;
}

/** A dotted path's value, through Terraform's single-block lists (`version_template.protection_level`). */
function at(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const k of path.split('.')) {
    if (Array.isArray(cur) && cur.length === 1) cur = cur[0];
    cur = isMap(cur) ? cur[k] : undefined;
  }
  return cur;
}

/** The create-only or force-new properties of a unit that differ between `b` and `h`. */
function replacingChanges(u: Unit, b: unknown, h: unknown): string[] {
  if (u.dialect === 'cfn') {
    const props = (x: unknown) => (isMap(x) && isMap(x.Properties) ? x.Properties : {});
    return (data.cloudFormation[u.type]?.replaces ?? []).filter((p) => !deepEqual(props(b)[p], props(h)[p]));
  }
  if (u.dialect === 'tf') {
    const replaces = data.terraform[u.type]?.replaces ?? [];
    if (replaces.includes('*')) {
      const args = (x: unknown) =>
        isMap(x) ? Object.fromEntries(Object.entries(x).filter(([k]) => !TF_META_ARGUMENTS.includes(k))) : {};
      return canonical(args(b)) === canonical(args(h)) ? [] : ['its arguments (the resource is immutable)'];
    }
    return replaces.filter((p) => !deepEqual(at(b, p), at(h, p)));
  }
  return [];
}

function retainedBy(u: Unit, value: unknown, policy: 'DeletionPolicy' | 'UpdateReplacePolicy'): boolean {
  return (
    u.dialect === 'cfn' &&
    isMap(value) &&
    (value[policy] === 'Retain' || value[policy] === 'RetainExceptOnCreate' || value[policy] === 'Snapshot')
  );
}
function preventDestroy(value: unknown): boolean {
  return isMap(value) && isMap(value.lifecycle) && value.lifecycle.prevent_destroy === true;
}

/** The fate of every stateful resource between two syntheses (kept ones included). */
export function changeImpact(base: Synthesis, head: Synthesis): ResourceFate[] {
  const bu = unitsOf(base).filter((u) => stateful(u.type));
  const hu = unitsOf(head).filter((u) => stateful(u.type));
  const hByKey = new Map(hu.map((u) => [u.key, u]));
  const bByKey = new Map(bu.map((u) => [u.key, u]));
  // Terraform moved blocks of the head: the state at `from` is kept under `to`.
  const moved = new Map<string, string>();
  for (const f of head.files.values()) {
    if (f.kind !== 'tf-document' || !isMap(f.doc)) continue;
    for (const m of Array.isArray(f.doc.moved) ? f.doc.moved : [])
      if (isMap(m) && typeof m.from === 'string' && typeof m.to === 'string') moved.set(`${f.rel}#${m.from}`, m.to);
  }
  const out: ResourceFate[] = [];
  const fate = (u: Unit, f: Fate, extra: Partial<ResourceFate> = {}) =>
    out.push({
      fate: f,
      file: u.file,
      resource: u.address,
      type: u.type,
      ...(u.agent ? { agent: u.agent } : {}),
      ...extra,
    });
  for (const b of bu) {
    const h = hByKey.get(b.key);
    const movedTo = moved.get(b.key);
    if (!h && movedTo && hByKey.has(`${b.file}#${movedTo}`)) {
      fate(b, 'kept', { because: `a moved block keeps its state under ${movedTo}` });
      continue;
    }
    if (!h) {
      const successor =
        b.type === 'AWS::Lex::BotVersion'
          ? hu.find(
              (x) =>
                x.type === b.type &&
                x.file === b.file &&
                !bByKey.has(x.key) &&
                canonical((x.value as { Properties?: { BotId?: unknown } }).Properties?.BotId) ===
                  canonical((b.value as { Properties?: { BotId?: unknown } }).Properties?.BotId),
            )
          : undefined;
      if (successor)
        fate(b, 'superseded', {
          because: `a version published from the bot's new definition (${successor.address}) replaces it; the live alias moves there, so the change reaches production`,
        });
      else if (retainedBy(b, b.value, 'DeletionPolicy'))
        fate(b, 'retained', {
          because: `DeletionPolicy ${String((b.value as Record<string, unknown>).DeletionPolicy)}: removed from the stack, kept in the account`,
        });
      else if (preventDestroy(b.value))
        fate(b, 'refused', {
          because:
            'lifecycle.prevent_destroy: terraform plan refuses to destroy it (move it with terraform state mv, or remove it from the state, first)',
        });
      else fate(b, 'deleted', { because: 'its logical id or address is gone from the head', loses: LOSES[b.type] });
      continue;
    }
    if (h.type !== b.type) {
      fate(h, 'replaced', { because: `its type changed from ${b.type}`, loses: LOSES[b.type] });
      continue;
    }
    const changing = replacingChanges(b, b.value, h.value);
    if (changing.length > 0) {
      const because = `${changing.join(', ')} ${changing.length === 1 ? 'is' : 'are'} create-only: a change replaces the resource`;
      if (preventDestroy(b.value) && preventDestroy(h.value))
        fate(h, 'refused', { because: `${because}, and lifecycle.prevent_destroy refuses the destroy` });
      else
        fate(h, 'replaced', {
          because: retainedBy(b, h.value, 'UpdateReplacePolicy')
            ? `${because} (UpdateReplacePolicy Retain keeps the old one in the account)`
            : because,
          loses: retainedBy(b, h.value, 'UpdateReplacePolicy') ? undefined : LOSES[b.type],
        });
      continue;
    }
    fate(h, deepEqual(b.value, h.value) ? 'kept' : 'updated');
  }
  const movedInto = new Set(
    [...moved.entries()].filter(([from]) => bByKey.has(from)).map(([from, to]) => `${from.split('#')[0]}#${to}`),
  );
  for (const h of hu) if (!bByKey.has(h.key) && !movedInto.has(h.key)) fate(h, 'created');
  return withDraftOnly(out, base, head);
}

/**
 * A Lex bot updated while its live alias keeps serving the same version: the change reaches the bot's draft, and
 * production keeps running the version published before it.
 */
function withDraftOnly(fates: ResourceFate[], base: Synthesis, head: Synthesis): ResourceFate[] {
  const aliases = (s: Synthesis) => unitsOf(s).filter((u) => u.type === 'AWS::Lex::BotAlias');
  const served = (units: Unit[], file: string, bot: string) =>
    units
      .filter(
        (a) =>
          a.file === file &&
          isMap(a.value) &&
          isMap(a.value.Properties) &&
          canonical(a.value.Properties.BotId).includes(`"${bot}"`),
      )
      .map((a) => canonical((a.value as { Properties: Record<string, unknown> }).Properties.BotVersion));
  const [ba, ha] = [aliases(base), aliases(head)];
  return fates.map((f) => {
    if (f.type !== 'AWS::Lex::Bot' || f.fate !== 'updated') return f;
    const before = served(ba, f.file, f.resource);
    const after = served(ha, f.file, f.resource);
    return before.length > 0 && canonical(before) === canonical(after)
      ? {
          ...f,
          draftOnly:
            'the live alias keeps serving the same bot version: this change reaches the draft only, not production',
        }
      : f;
  });
}

/** Whether a fate loses what a stateful resource holds (what --fail-on-replace refuses). */
export function losesData(f: ResourceFate): boolean {
  return f.fate === 'replaced' || f.fate === 'deleted';
}
