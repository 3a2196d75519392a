/** The Google Cloud resources convoguard writes through CDK for Terraform. */
import { canonical, Verdict } from '../change';
import {
  block,
  bool,
  byField,
  Cmp,
  fields,
  isMap,
  list,
  neutral,
  num,
  ordered,
  ref,
  set,
  unverified,
  verdict,
  weakening,
} from '../compare';
import {
  always,
  INERT_ADDED,
  newAgentOr,
  Shape,
  TF_LABELS,
  TF_LOCATION,
  TF_PROJECT,
  tfResource,
  UNKNOWN,
} from '../shape';
import { dlpStrength } from '../../detection';
import { grantShape } from './google-iam';
import { TOPIC_CONFIGS } from './kafka';
import { dialogflowFilterScope } from '../../../policy/platforms';

const DESCRIPTION = neutral('a description');
const NAME = neutral('a name (a new name is a new resource: see what it replaces)');
/** A key's or key ring's name: a new name is a new key, and Terraform destroys the old one and what it can decrypt. */
const KEY_NAME = unverified(
  'the name of a key or key ring: a new name is a new key, and the old one (with everything encrypted under it) is destroyed or left behind',
);
/** The name of a store: a new name is a new, empty store, and what names the old one by string keeps using it. */
const STORE_NAME = unverified(
  'the name of a store: a new name is a new store, and whatever names the old one by string (a sink destination, a Rasa topic, an export) keeps writing there',
);
const one = (v: unknown): Record<string, unknown> => (isMap(v) ? v : Array.isArray(v) && isMap(v[0]) ? v[0] : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const seconds = (v: unknown) =>
  typeof v === 'string' && /^\d+(\.\d+)?s$/.test(v) ? Number(v.slice(0, -1)) : typeof v === 'number' ? v : undefined;

/** What Cloud Storage lifecycle rules delete: the youngest age at which an unconditional Delete rule acts. */
function gcsDeleteAge(v: unknown, actionType = 'Delete'): number | 'opaque' {
  let age = Infinity;
  for (const r of asList(v)) {
    const action = one(one(r).action);
    const cond = one(one(r).condition);
    if (!['Delete', 'SetStorageClass', 'AbortIncompleteMultipartUpload'].includes(String(action.type))) return 'opaque';
    if (action.type !== actionType) continue;
    const scoped = Object.keys(cond).some(
      (k) =>
        k !== 'age' &&
        cond[k] !== undefined &&
        cond[k] !== null &&
        !(Array.isArray(cond[k]) && (cond[k] as unknown[]).length === 0),
    );
    if (!scoped && typeof cond.age === 'number') age = Math.min(age, cond.age);
  }
  return age;
}
const gcsLifecycle: Cmp = (b, h, at) => {
  const d = (n: number) => (n === Infinity ? 'never' : `${n}d`);
  const out: Verdict[] = [];
  // Parts of uploads that never completed hold audio too, until a rule aborts them.
  for (const [type, what] of [
    ['Delete', 'objects deleted'],
    ['AbortIncompleteMultipartUpload', 'incomplete uploads aborted'],
  ] as const) {
    const ab = gcsDeleteAge(b, type);
    const ah = gcsDeleteAge(h, type);
    if (ab === 'opaque' || ah === 'opaque')
      return [verdict(at, 'unverified', 'a lifecycle action the gate does not know', b, h)];
    if (ab !== ah)
      out.push(verdict(at, ah > ab ? 'weakening' : 'strengthening', `${what} after ${d(ab)} → ${d(ah)}`, b, h));
  }
  return out.length > 0
    ? out
    : [verdict(at, 'neutral', 'lifecycle rules changed without changing when objects are deleted', b, h)];
};

// DLP's likelihood threshold: a lower one finds more.
const LIKELIHOOD = ordered(['VERY_LIKELY', 'LIKELY', 'POSSIBLE', 'UNLIKELY', 'VERY_UNLIKELY'], {
  absent: 'POSSIBLE',
  why: 'likelihood threshold (lower finds more)',
});
const findingsCap = num({
  stronger: 'higher',
  absent: Infinity,
  why: 'findings cap (values past it are not redacted)',
  parse: (v) => (v === 0 ? Infinity : typeof v === 'number' ? v : undefined),
});
const infoTypeName = (x: unknown) =>
  isMap(x) ? (typeof one(x.info_type).name === 'string' ? String(one(x.info_type).name) : undefined) : undefined;

const customInfoType = fields({
  info_type: block({
    name: neutral('the name'),
    version: neutral('the version'),
    sensitivity_score: unverified('the sensitivity score'),
  }),
  // The likelihood DLP gives this type's findings (VERY_LIKELY by default): a lower one may fall under min_likelihood.
  likelihood: ordered(['VERY_UNLIKELY', 'UNLIKELY', 'POSSIBLE', 'LIKELY', 'VERY_LIKELY'], {
    absent: 'VERY_LIKELY',
    why: 'the likelihood its findings get',
  }),
  regex: block({
    pattern: unverified('the pattern changed: what it now matches is not compared'),
    group_indexes: unverified('which groups are findings'),
  }),
  dictionary: unverified('a dictionary detector'),
  stored_type: unverified('a stored dictionary'),
  surrogate_type: unverified('a surrogate type'),
  exclusion_type: ordered(['EXCLUSION_TYPE_EXCLUDE', 'EXCLUSION_TYPE_UNSPECIFIED'], {
    absent: 'EXCLUSION_TYPE_UNSPECIFIED',
    why: 'exclusion (an excluding custom type hides other findings)',
  }),
  detection_rules: unverified('hotword rules change likelihoods'),
  sensitivity_score: unverified('the sensitivity score'),
});

const ruleSet = set({
  key: canonical,
  added: (item, at) => [
    verdict(
      at,
      /exclusion_rule/.test(canonical(item)) ? 'weakening' : 'unverified',
      /exclusion_rule/.test(canonical(item))
        ? 'an exclusion rule: what it matches is not redacted'
        : 'a detection rule the gate does not evaluate',
      undefined,
      item,
    ),
  ],
  removed: (item, at) => [
    verdict(
      at,
      /exclusion_rule/.test(canonical(item)) ? 'strengthening' : 'unverified',
      'a detection rule removed',
      item,
      undefined,
    ),
  ],
  why: 'rule set',
});

const inspectConfig = block({
  info_types: set({
    key: byField('name'),
    added: 'strengthening',
    removed: 'weakening',
    item: fields({
      name: neutral('name'),
      version: neutral('version'),
      sensitivity_score: unverified('sensitivity score'),
    }),
    why: 'infoType',
  }),
  custom_info_types: set({
    key: infoTypeName,
    added: 'strengthening',
    removed: 'weakening',
    item: customInfoType,
    why: 'custom infoType',
  }),
  min_likelihood: LIKELIHOOD,
  include_quote: bool({
    strong: false,
    absent: false,
    why: 'quotes in findings (findings then hold the sensitive text)',
  }),
  exclude_info_types: bool({ strong: false, absent: false, why: 'excluding infoTypes from findings' }),
  limits: block({
    max_findings_per_item: findingsCap,
    max_findings_per_request: findingsCap,
    max_findings_per_info_type: unverified('findings caps per infoType'),
  }),
  rule_set: ruleSet,
  content_options: unverified('which content is inspected'),
});

/** How strongly a DLP primitive transformation removes a value (lib/report/detection decides), with what it is. */
function methodRank(p: unknown): { rank: number; detail: string } | undefined {
  const m = one(p);
  const keys = Object.keys(m).filter((k) => m[k] !== undefined);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  const c = one(m[k]);
  const partial =
    k === 'character_mask_config' &&
    ((typeof c.number_to_mask === 'number' && c.number_to_mask > 0) || c.characters_to_ignore !== undefined);
  const rank = dlpStrength(k, partial);
  if (rank === undefined) return undefined;
  return {
    rank,
    detail:
      rank === 1
        ? `${k} (reversible or generalised)`
        : partial
          ? `${k} keeping part of the value`
          : k === 'crypto_hash_config'
            ? `${k} (a hash links records)`
            : k,
  };
}

/** The de-identify template: per infoType, the transformation that applies (DLP applies the first that names it). */
const deidentifyConfig: Cmp = (b, h, at) => {
  const read = (v: unknown) => {
    const c = one(v);
    const extra = Object.keys(c).filter((k) => k !== 'info_type_transformations' && c[k] !== undefined);
    if (extra.length > 0) return { opaque: `a de-identify configuration with ${extra.join(', ')}` };
    const byType = new Map<string, unknown>();
    for (const t of asList(one(c.info_type_transformations).transformations)) {
      for (const it of asList(one(t).info_types)) {
        const n = String(one(it).name);
        if (!byType.has(n)) byType.set(n, one(t).primitive_transformation);
      }
    }
    return { byType };
  };
  const rb = read(b);
  const rh = read(h);
  if (!rb.byType || !rh.byType)
    return [verdict(at, 'unverified', `${rh.opaque ?? rb.opaque}: the gate does not read it`, b, h)];
  const out: Verdict[] = [];
  for (const [t, p] of rh.byType) {
    const before = rb.byType.get(t);
    if (before === undefined) {
      out.push(verdict([...at, { item: t }], 'strengthening', `${t} now de-identified`, undefined, p));
      continue;
    }
    if (canonical(before) === canonical(p)) continue;
    const x = methodRank(before);
    const y = methodRank(p);
    if (!x || !y)
      out.push(verdict([...at, { item: t }], 'unverified', `${t}: a transformation the gate does not rank`, before, p));
    else if (y.rank < x.rank)
      out.push(verdict([...at, { item: t }], 'weakening', `${t}: ${x.detail} → ${y.detail}`, before, p));
    else if (y.rank > x.rank)
      out.push(verdict([...at, { item: t }], 'strengthening', `${t}: ${x.detail} → ${y.detail}`, before, p));
    else
      out.push(
        verdict(
          [...at, { item: t }],
          'neutral',
          `${t}: another transformation of the same strength (${y.detail})`,
          before,
          p,
        ),
      );
  }
  for (const [t, p] of rb.byType)
    if (!rh.byType.has(t))
      out.push(verdict([...at, { item: t }], 'weakening', `${t} no longer de-identified`, p, undefined));
  return out;
};

/** A log sink's destination: a log bucket this output defines (reviewed as a store), or somewhere the review cannot see. */

/**
 * A sink or exclusion filter: between the two forms convoguard writes for one project, covering every Dialogflow log
 * is stronger than the request log alone; any other filter (narrowed, another project) is unverified.
 */
function dialogflowLogFilter(what: string): Cmp {
  return (b, h, at) => {
    const before = dialogflowFilterScope(b);
    const after = dialogflowFilterScope(h);
    if (!before || !after || before.project !== after.project)
      return [verdict(at, 'unverified', `which log entries the filter ${what}: not a filter convoguard writes`, b, h)];
    const rank = { requests: 1, all: 2 } as const;
    return [
      rank[after.scope] > rank[before.scope]
        ? verdict(at, 'strengthening', `${what} every Dialogflow log, not only the request log`, b, h)
        : verdict(
            at,
            'weakening',
            `${what} the request log only: telephony and audit logs of Dialogflow stay in _Default`,
            b,
            h,
          ),
    ];
  };
}

const sinkDestination: Cmp = (b, h, at, cx) => {
  const m =
    typeof h === 'string'
      ? /^logging\.googleapis\.com\/projects\/[^/]+\/locations\/([^/]+)\/buckets\/([^/]+)$/.exec(h)
      : null;
  const defined =
    m !== null &&
    cx.head
      .all('google_logging_project_bucket_config')
      .some((x) => one(x.value).bucket_id === m[2] && one(x.value).location === m[1]);
  return [
    verdict(
      at,
      defined ? 'neutral' : 'weakening',
      defined
        ? 'routes into a log bucket this output defines (reviewed as a store)'
        : `routes log entries to ${String(h)}, a destination this output does not define`,
      b,
      h,
    ),
  ];
};

/** The top-level alternatives of a regular expression: `(a)|(b)` is a and b. */
function alternatives(re: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(re.slice(start, i));
      start = i + 1;
    }
  }
  out.push(re.slice(start));
  return out;
}

/**
 * A log-match alert's filter: its structure (which logs, which fields) must stay, and each field's pattern is read as
 * a set of alternatives (one per detector): alternatives gained find more, alternatives lost find less.
 */
const logMatchFilter: Cmp = (b, h, at) => {
  const MATCH = /([A-Za-z0-9_.]+) =~ "((?:[^"\\]|\\.)*)"/g;
  const read = (v: unknown) => {
    const text = typeof v === 'string' ? v : '';
    const fields = new Map<string, Set<string>>();
    for (const m of text.matchAll(MATCH)) fields.set(m[1], new Set(alternatives(m[2])));
    return { skeleton: text.replace(MATCH, '$1 =~ ?'), fields };
  };
  const x = read(b);
  const y = read(h);
  if (typeof b !== 'string' || typeof h !== 'string' || x.skeleton !== y.skeleton)
    return [
      verdict(
        at,
        'unverified',
        'which log entries the alert matches changed: whether it still fires when redaction fails is not evaluated',
        b,
        h,
      ),
    ];
  const out: Verdict[] = [];
  for (const [field, after] of y.fields) {
    const before = x.fields.get(field) ?? new Set<string>();
    const gained = [...after].filter((a) => !before.has(a));
    const lost = [...before].filter((a) => !after.has(a));
    const show = [[...before].join('|'), [...after].join('|')] as const;
    // Patterns both lost and gained are a pattern changed: what it now matches is not compared.
    if (lost.length > 0 && gained.length > 0)
      out.push(
        verdict(
          [...at, { item: field }],
          'unverified',
          `the alert's patterns in ${field} changed (${lost.join(' | ')} → ${gained.join(' | ')}): what they now match is not compared`,
          ...show,
        ),
      );
    else if (lost.length > 0)
      out.push(
        verdict(
          [...at, { item: field }],
          'weakening',
          `the alert no longer matches ${lost.join(' | ')} in ${field}`,
          ...show,
        ),
      );
    else if (gained.length > 0)
      out.push(
        verdict(
          [...at, { item: field }],
          'strengthening',
          `the alert also matches ${gained.join(' | ')} in ${field}`,
          ...show,
        ),
      );
  }
  return out.length > 0 ? out : [verdict(at, 'neutral', 'the same patterns, another order', b, h)];
};

const LOGGING_SETTINGS = block({
  enable_stackdriver_logging: bool({ strong: false, absent: false, why: 'Cloud Logging of conversations' }),
  enable_interaction_logging: bool({ strong: false, absent: false, why: 'interaction logging (conversation history)' }),
  enable_consent_based_redaction: bool({ strong: true, absent: false, why: 'consent-based redaction' }),
});

const SECURITY_SETTINGS_REF = ref('the security settings that redact the agent', {
  removed: 'weakening',
  added: 'strengthening',
});

export const GOOGLE: Record<string, Shape> = {
  google_kms_key_ring: tfResource(
    { name: KEY_NAME, location: TF_LOCATION, project: TF_PROJECT },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a key ring leaves the state (Cloud KMS never deletes key rings)'),
    },
  ),
  google_kms_crypto_key: tfResource(
    {
      name: KEY_NAME,
      key_ring: ref('the key ring'),
      labels: TF_LABELS,
      rotation_period: num({ stronger: 'lower', absent: Infinity, why: 'rotation period', parse: seconds }),
      destroy_scheduled_duration: num({
        stronger: 'higher',
        absent: 30 * 86400,
        why: 'waiting period before a destroyed version is gone',
        parse: seconds,
      }),
      purpose: unverified('the key purpose'),
      version_template: unverified('the key version template (algorithm, protection level)'),
      import_only: unverified('imported key material'),
      skip_initial_version_creation: unverified('no key version'),
      crypto_key_backend: unverified('an external key backend'),
      key_access_justifications_policy: unverified('key access justifications'),
    },
    {
      added: INERT_ADDED,
      removed: always(
        'neutral',
        'a key leaves the state (its versions are destroyed after the waiting period: data under it becomes unreadable)',
      ),
    },
  ),
  google_kms_crypto_key_iam_member: grantShape('a key'),
  google_kms_crypto_key_iam_binding: grantShape('a key'),
  google_kms_key_ring_iam_member: grantShape('a key ring (every key in it)'),
  google_kms_key_ring_iam_binding: grantShape('a key ring (every key in it)'),
  google_project_iam_member: grantShape('the whole project'),
  google_project_iam_binding: grantShape('the whole project'),
  google_storage_bucket_iam_member: grantShape('a bucket'),
  google_storage_bucket_iam_binding: grantShape('a bucket'),
  google_bigquery_dataset_iam_member: grantShape('a BigQuery dataset'),
  google_bigquery_dataset_iam_binding: grantShape('a BigQuery dataset'),
  google_pubsub_topic_iam_member: grantShape('a Pub/Sub topic'),
  google_pubsub_topic_iam_binding: grantShape('a Pub/Sub topic'),
  google_storage_bucket: tfResource(
    {
      name: STORE_NAME,
      location: TF_LOCATION,
      project: TF_PROJECT,
      labels: TF_LABELS,
      storage_class: neutral('the storage class'),
      force_destroy: neutral('whether Terraform may delete a bucket that holds objects'),
      uniform_bucket_level_access: bool({
        strong: true,
        absent: false,
        why: 'uniform bucket-level access (no object ACLs)',
      }),
      public_access_prevention: ordered(['inherited', 'enforced'], {
        absent: 'inherited',
        why: 'public access prevention',
      }),
      versioning: block({
        enabled: bool({
          strong: false,
          absent: false,
          why: 'versioning (deleted objects are kept as noncurrent versions)',
        }),
      }),
      soft_delete_policy: block({
        retention_duration_seconds: num({
          stronger: 'lower',
          absent: 7 * 86400,
          why: 'soft delete (deleted objects can be restored)',
        }),
      }),
      lifecycle_rule: gcsLifecycle,
      encryption: block({
        default_kms_key_name: ref('the key objects are encrypted with', {
          removed: 'weakening',
          added: 'strengthening',
        }),
      }),
      retention_policy: weakening('a retention policy keeps objects past their lifecycle'),
      enable_object_retention: bool({ strong: false, absent: false, why: 'object retention (locks objects)' }),
      default_event_based_hold: bool({ strong: false, absent: false, why: 'event-based holds (keep objects)' }),
      logging: neutral('access logs (object names, not contents)'),
      cors: unverified('CORS lets browsers of other sites read objects'),
      website: weakening('a website serves the objects'),
      requester_pays: neutral('who pays'),
      autoclass: neutral('storage classes'),
      custom_placement_config: TF_LOCATION,
      hierarchical_namespace: unverified('a hierarchical namespace'),
      rpo: neutral('replication objective'),
    },
    {
      added: INERT_ADDED,
      removed: always(
        'neutral',
        'a bucket leaves the state (with force_destroy false, Terraform refuses while it holds objects)',
      ),
    },
  ),
  google_bigquery_dataset: tfResource(
    {
      dataset_id: STORE_NAME,
      location: TF_LOCATION,
      project: TF_PROJECT,
      labels: TF_LABELS,
      description: DESCRIPTION,
      friendly_name: neutral('a display name'),
      default_table_expiration_ms: num({ stronger: 'lower', absent: Infinity, why: 'table expiry' }),
      default_partition_expiration_ms: num({ stronger: 'lower', absent: Infinity, why: 'partition expiry' }),
      max_time_travel_hours: num({
        stronger: 'lower',
        absent: 168,
        why: 'time travel (deleted rows can be read back)',
      }),
      default_encryption_configuration: block({
        kms_key_name: ref('the key tables are encrypted with', { removed: 'weakening', added: 'strengthening' }),
      }),
      delete_contents_on_destroy: neutral('whether Terraform deletes tables with the dataset'),
      access: set({ key: canonical, added: 'weakening', removed: 'strengthening', why: 'dataset access entry' }),
      is_case_insensitive: neutral('naming'),
    },
    { added: INERT_ADDED, removed: always('neutral', 'a dataset leaves the state') },
  ),
  google_data_loss_prevention_inspect_template: tfResource(
    {
      parent: unverified('another project or location: Dialogflow needs the template in the agent’s'),
      template_id: NAME,
      display_name: neutral('a display name'),
      description: DESCRIPTION,
      inspect_config: inspectConfig,
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'an inspect template removed (what referred to it is reviewed there)'),
    },
  ),
  google_data_loss_prevention_deidentify_template: tfResource(
    {
      parent: unverified('another project or location'),
      template_id: NAME,
      display_name: neutral('a display name'),
      description: DESCRIPTION,
      deidentify_config: deidentifyConfig,
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a de-identify template removed (what referred to it is reviewed there)'),
    },
  ),
  google_data_loss_prevention_job_trigger: tfResource(
    {
      parent: unverified('another project or location'),
      trigger_id: NAME,
      display_name: neutral('a display name'),
      description: DESCRIPTION,
      status: ordered(['CANCELLED', 'PAUSED', 'HEALTHY'], { absent: 'HEALTHY', why: 'trigger status' }),
      triggers: list(
        fields({
          schedule: block({
            recurrence_period_duration: num({
              stronger: 'lower',
              absent: 'unverified',
              why: 'time between scans',
              parse: seconds,
            }),
          }),
          manual: unverified('a manual trigger'),
        }),
        'triggers',
      ),
      inspect_job: unverified('what the scan reads and where its findings go'),
    },
    {
      added: always('strengthening', 'a DLP scan added'),
      removed: always('weakening', 'a DLP scan removed: what redaction misses goes unnoticed'),
    },
  ),
  google_dialogflow_cx_security_settings: tfResource(
    {
      display_name: neutral('a display name'),
      location: TF_LOCATION,
      project: TF_PROJECT,
      redaction_strategy: ordered(['REDACTION_STRATEGY_UNSPECIFIED', 'REDACT_WITH_SERVICE'], {
        absent: 'REDACTION_STRATEGY_UNSPECIFIED',
        why: 'redaction strategy',
      }),
      redaction_scope: ordered(['REDACTION_SCOPE_UNSPECIFIED', 'REDACT_DISK_STORAGE'], {
        absent: 'REDACTION_SCOPE_UNSPECIFIED',
        why: 'redaction scope',
      }),
      inspect_template: ref('the inspect template that finds what is redacted', {
        removed: 'weakening',
        added: 'strengthening',
      }),
      deidentify_template: ref('the de-identify template that says how', {
        removed: 'weakening',
        added: 'strengthening',
      }),
      retention_window_days: num({ stronger: 'lower', absent: Infinity, why: 'history retention' }),
      retention_strategy: ordered(['RETENTION_STRATEGY_UNSPECIFIED', 'REMOVE_AFTER_CONVERSATION'], {
        absent: 'RETENTION_STRATEGY_UNSPECIFIED',
        why: 'retention strategy',
      }),
      purge_data_types: set({ key: canonical, added: 'strengthening', removed: 'weakening', why: 'purged data type' }),
      audio_export_settings: block({
        gcs_bucket: ref('the bucket audio is exported to'),
        audio_export_pattern: neutral('object names'),
        audio_format: neutral('the audio format'),
        enable_audio_redaction: bool({ strong: true, absent: false, why: 'audio redaction' }),
        store_tts_audio: bool({ strong: false, absent: false, why: 'storing the agent’s own speech' }),
      }),
      insights_export_settings: block({
        enable_insights_export: bool({ strong: false, absent: false, why: 'export to Conversational Insights' }),
      }),
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'security settings removed (the agent that used them is reviewed there)'),
    },
  ),
  google_dialogflow_cx_agent: tfResource(
    {
      display_name: neutral('a display name'),
      location: TF_LOCATION,
      project: TF_PROJECT,
      default_language_code: neutral('the language'),
      supported_language_codes: neutral('languages'),
      time_zone: neutral('the time zone'),
      description: DESCRIPTION,
      avatar_uri: neutral('an avatar'),
      enable_spell_correction: neutral('spell correction'),
      security_settings: SECURITY_SETTINGS_REF,
      enable_stackdriver_logging: bool({ strong: false, absent: false, why: 'Cloud Logging of conversations' }),
      advanced_settings: block({
        logging_settings: LOGGING_SETTINGS,
        audio_export_gcs_destination: unverified('a bucket audio is exported to'),
        speech_settings: neutral('speech'),
        dtmf_settings: neutral('DTMF'),
      }),
      speech_to_text_settings: neutral('speech'),
      text_to_speech_settings: neutral('speech'),
      git_integration_settings: unverified('the agent is exported to a Git repository'),
      gen_app_builder_settings: unverified('an Agent Builder engine'),
      delete_chat_engine_on_destroy: neutral('clean-up'),
    },
    {
      added: newAgentOr(
        always(
          'weakening',
          'another Dialogflow agent for an agent name that has one: its own logging settings are outside the reviewed agent',
        ),
      ),
      removed: always('neutral', 'the agent leaves the state (the posture diff says what protection goes with it)'),
    },
  ),
  google_dialogflow_cx_generative_settings: tfResource(
    {
      parent: ref('the agent'),
      language_code: neutral('the language'),
      generative_safety_settings: block({
        banned_phrases: set({
          key: byField('text', 'language_code'),
          added: 'strengthening',
          removed: 'weakening',
          why: 'banned phrase',
        }),
        default_banned_phrase_match_strategy: unverified('how banned phrases match'),
      }),
      knowledge_connector_settings: unverified('a knowledge connector'),
      fallback_settings: unverified('generative fallback'),
      llm_model_settings: neutral('the model'),
    },
    {
      added: newAgentOr(always('strengthening', 'generative safety settings added')),
      removed: always('weakening', 'generative safety settings removed'),
    },
  ),
  google_logging_project_bucket_config: tfResource(
    {
      bucket_id: STORE_NAME,
      location: TF_LOCATION,
      project: TF_PROJECT,
      description: DESCRIPTION,
      retention_days: num({ stronger: 'lower', absent: 30, why: 'log retention' }),
      cmek_settings: block({
        kms_key_name: ref('the key the log bucket is encrypted with', { removed: 'weakening', added: 'strengthening' }),
      }),
      locked: neutral('whether the bucket settings can change'),
      enable_analytics: bool({
        strong: false,
        absent: false,
        why: 'Log Analytics (a linked BigQuery dataset can read the entries)',
      }),
      index_configs: neutral('indexes'),
    },
    { added: INERT_ADDED, removed: always('neutral', 'a log bucket leaves the state') },
  ),
  google_logging_project_sink: tfResource(
    {
      name: NAME,
      project: TF_PROJECT,
      description: DESCRIPTION,
      filter: dialogflowLogFilter('routes'),
      destination: sinkDestination,
      exclusions: set({
        key: byField('name'),
        added: 'strengthening',
        removed: 'weakening',
        item: unverified('what the exclusion keeps out'),
        why: 'exclusion',
      }),
      disabled: unverified('a disabled sink routes nothing'),
      unique_writer_identity: neutral('the writer identity'),
      custom_writer_identity: unverified('a writer identity'),
      bigquery_options: unverified('BigQuery options'),
    },
    {
      added: (v, cx) => sinkDestination(undefined, isMap(v) ? v.destination : undefined, ['destination'], cx),
      removed: always('neutral', 'a sink removed (what its exclusion keeps out is reviewed with the exclusion)'),
    },
  ),
  google_logging_project_exclusion: tfResource(
    {
      name: NAME,
      project: TF_PROJECT,
      description: DESCRIPTION,
      filter: dialogflowLogFilter('keeps out of _Default'),
      disabled: bool({ strong: false, absent: false, why: 'the exclusion disabled' }),
    },
    {
      added: always('strengthening', 'log entries kept out of _Default'),
      removed: always('weakening', 'an exclusion removed: those entries stay 30 days in _Default again'),
    },
  ),
  google_managed_kafka_cluster: tfResource(
    {
      cluster_id: STORE_NAME,
      location: TF_LOCATION,
      project: TF_PROJECT,
      labels: TF_LABELS,
      capacity_config: neutral('capacity'),
      rebalance_config: neutral('rebalancing'),
      gcp_config: block({
        access_config: block({
          network_configs: set({
            key: canonical,
            added: 'unverified',
            removed: 'strengthening',
            why: 'subnet the cluster is reachable from',
          }),
        }),
        kms_key: ref('the key topics are encrypted with', { removed: 'weakening', added: 'strengthening' }),
      }),
      tls_config: unverified('mutual TLS'),
    },
    { added: INERT_ADDED, removed: always('neutral', 'a cluster leaves the state with its topics') },
  ),
  google_managed_kafka_acl: tfResource(
    {
      acl_id: unverified('which topics the ACL covers'),
      cluster: ref('the cluster'),
      location: TF_LOCATION,
      project: TF_PROJECT,
      acl_entries: unverified('who may read or write the topics it covers'),
    },
    {
      // What an added ACL allows is read by the posture (the topic's readers), and compared there.
      added: always('neutral', 'a Kafka ACL added: the topics it covers are reached by the principals it allows'),
      removed: always('weakening', 'a Kafka ACL removed: every client of the cluster reaches the topics it covered'),
    },
  ),
  google_managed_kafka_topic: tfResource(
    {
      topic_id: STORE_NAME,
      cluster: ref('the cluster'),
      location: TF_LOCATION,
      project: TF_PROJECT,
      partition_count: neutral('partitions'),
      replication_factor: neutral('replicas'),
      configs: TOPIC_CONFIGS,
    },
    { added: INERT_ADDED, removed: always('neutral', 'a topic removed') },
  ),
  google_model_armor_template: tfResource(
    {
      template_id: NAME,
      location: TF_LOCATION,
      project: TF_PROJECT,
      labels: TF_LABELS,
      filter_config: block({
        sdp_settings: block({
          advanced_config: block({
            inspect_template: ref('the inspect template Model Armor applies', {
              removed: 'weakening',
              added: 'strengthening',
            }),
            deidentify_template: ref('the de-identify template Model Armor applies', {
              removed: 'weakening',
              added: 'strengthening',
            }),
          }),
          basic_config: block({
            filter_enforcement: ordered(['DISABLED', 'ENABLED'], { absent: 'DISABLED', why: 'the basic filter' }),
          }),
        }),
        pi_and_jailbreak_filter_settings: neutral('prompt injection filter'),
        malicious_uri_filter_settings: neutral('URI filter'),
        rai_settings: neutral('responsible AI filters'),
      }),
      template_metadata: block(
        {
          enforcement_type: ordered(['INSPECT_ONLY', 'INSPECT_AND_BLOCK'], { why: 'enforcement' }),
          log_sanitize_operations: bool({ strong: false, absent: false, why: 'logging sanitize operations' }),
          log_template_operations: bool({ strong: false, absent: false, why: 'logging template operations' }),
          ignore_partial_invocation_failures: unverified('failures that let text through'),
        },
        neutral('template metadata'),
      ),
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a Model Armor template removed (the posture diff says which path loses it)'),
    },
  ),
  google_monitoring_alert_policy: tfResource(
    {
      display_name: neutral('a display name'),
      project: TF_PROJECT,
      enabled: bool({ strong: true, absent: true, why: 'the alert' }),
      notification_channels: set({
        key: canonical,
        added: 'strengthening',
        removed: 'weakening',
        why: 'notification channel',
      }),
      alert_strategy: neutral('how often it notifies'),
      documentation: neutral('what the notice says'),
      severity: neutral('severity'),
      user_labels: TF_LABELS,
      combiner: unverified('how conditions combine'),
      conditions: list(
        fields(
          {
            display_name: neutral('a display name'),
            condition_matched_log: block({
              filter: logMatchFilter,
              label_extractors: unverified('labels the notice carries (they can copy log text into it)'),
            }),
          },
          unverified('what the alert watches changed: whether it still fires when redaction fails is not evaluated'),
        ),
        'alert conditions',
      ),
    },
    {
      added: always('strengthening', 'an alert added'),
      removed: always('weakening', 'an alert removed: a failure of redaction it watched goes unnoticed'),
    },
  ),
  google_monitoring_notification_channel: tfResource(
    {
      display_name: neutral('a display name'),
      project: TF_PROJECT,
      type: unverified('the channel type'),
      labels: unverified('where notices go'),
      user_labels: TF_LABELS,
      enabled: bool({ strong: true, absent: true, why: 'the channel' }),
      description: DESCRIPTION,
      sensitive_labels: unverified('channel credentials'),
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a channel removed (the alerts that used it are reviewed there)'),
    },
  ),
  google_pubsub_topic: tfResource(
    {
      name: STORE_NAME,
      project: TF_PROJECT,
      labels: TF_LABELS,
      kms_key_name: ref('the key messages are encrypted with', { removed: 'weakening', added: 'strengthening' }),
      message_retention_duration: neutral('how long notices are kept'),
      message_storage_policy: TF_LOCATION,
      schema_settings: neutral('a schema'),
    },
    { added: INERT_ADDED, removed: always('neutral', 'a topic removed') },
  ),
  google_project_service: tfResource(
    {
      service: neutral('an API'),
      project: TF_PROJECT,
      disable_on_destroy: neutral('whether removing it disables the API'),
      disable_dependent_services: neutral('dependent APIs'),
    },
    { added: always('neutral', 'an API enabled'), removed: always('neutral', 'an API left to another state') },
  ),
  google_dialogflow_encryption_spec: tfResource(
    {
      location: TF_LOCATION,
      project: TF_PROJECT,
      encryption_spec: block({
        kms_key: ref('the key Dialogflow encrypts with', { removed: 'weakening', added: 'strengthening' }),
      }),
    },
    {
      added: always('strengthening', 'Dialogflow data under a customer-managed key'),
      removed: always('weakening', 'the customer-managed key setting removed'),
    },
  ),
  google_kms_crypto_key_iam_policy: {
    ...UNKNOWN,
    added: always('weakening', 'an authoritative key IAM policy: its members are not reviewed'),
  },
  google_project_iam_policy: { ...UNKNOWN, added: always('weakening', 'an authoritative project IAM policy') },
};

/** Data sources convoguard reads: they name service agents and the project, and change nothing. */
export const GOOGLE_DATA: Record<string, Shape> = Object.fromEntries(
  [
    'google_project',
    'google_storage_project_service_account',
    'google_logging_project_cmek_settings',
    'google_bigquery_default_service_account',
    'google_client_config',
    'google_project_service_identity',
  ].map((t) => [
    `data.${t}`,
    tfResource(
      { project: TF_PROJECT, project_id: TF_PROJECT, user_project: TF_PROJECT, service: neutral('the service') },
      {
        added: always('neutral', 'a data source that reads, never writes'),
        removed: always('neutral', 'a data source removed'),
      },
    ),
  ]),
);
