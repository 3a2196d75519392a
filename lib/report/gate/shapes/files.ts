/**
 * Everything else a synthesis writes: the sections of a CloudFormation template beside its resources, the top-level
 * blocks of a Terraform document, the cloud assembly and cdktf manifests, the asset manifests, the agent files
 * (Rasa endpoints.yml, Meya sensitive_data.yaml), the service control policy, and convoguard's own plan and manifest.
 */
import {
  bool,
  byField,
  Cmp,
  fields,
  isMap,
  neutral,
  num,
  ordered,
  set,
  unverified,
  verdict,
  weakening,
} from '../compare';
import { policyDocument } from '../iam';
import { always, Shape, simple, UnitRule } from '../shape';

const NEUTRAL_UNIT = (why: string): Shape => simple(neutral(why), always('neutral', why), always('neutral', why));
const UNVERIFIED_UNIT = (why: string): Shape =>
  simple(unverified(why), always('unverified', `${why}: added`), always('unverified', `${why}: removed`));
const WEAKENING_UNIT = (why: string): Shape =>
  simple(weakening(why), always('weakening', why), always('neutral', `${why}: removed`));

/** A changed ${…} from Rasa's environment is flagged by the dialect check of every comparator; these say what a value means. */
const rasaRule = fields({
  entity: neutral('the entity'),
  substitution: (b, h, at) => {
    const known = ['mask', 'faker', 'text'];
    return [
      verdict(
        at,
        known.includes(String(h)) ? 'neutral' : 'unverified',
        known.includes(String(h))
          ? 'another substitution (each replaces the value)'
          : `substitution ${JSON.stringify(h)}, which Rasa does not know`,
        b,
        h,
      ),
    ];
  },
  value: neutral('the replacement text'),
  language: neutral('the language'),
});
const ruleList = fields({
  id: neutral('the id'),
  rules: set({ key: byField('entity'), added: 'strengthening', removed: 'weakening', item: rasaRule, why: 'entity' }),
});
const job = fields({
  min_after_session_end: num({ stronger: 'lower', absent: Infinity, why: 'minutes after a session ends' }),
  cron: unverified('when the job runs (a sparser schedule keeps data longer)'),
});

/**
 * A topic Rasa now publishes anonymized events to: reviewed when a stack of this synthesis provisions it (with the
 * retention and key the gate compares there); a topic nothing here provisions keeps events for however its
 * cluster says.
 */
const provisionedNames = (cx: Parameters<Cmp>[3]): unknown[] => [
  ...(cx.anywhere?.('AWS::MSK::Topic') ?? []).map((t) =>
    isMap(t.value) && isMap(t.value.Properties) ? t.value.Properties.TopicName : undefined,
  ),
  ...(cx.anywhere?.('google_managed_kafka_topic') ?? []).map((t) => (isMap(t.value) ? t.value.topic_id : undefined)),
];

const provisionedTopic = (item: unknown, at: Parameters<Cmp>[2], cx: Parameters<Cmp>[3]) => {
  const name = typeof item === 'string' ? item : isMap(item) ? item.name : undefined;
  const known = provisionedNames(cx).includes(name);
  return [
    verdict(
      at,
      known ? 'neutral' : 'unverified',
      known
        ? `anonymized events also go to topic ${String(name)}, which a stack of this synthesis provisions`
        : `events go to topic ${String(name)}, which no stack of this synthesis provisions: its retention and key are not reviewed`,
      undefined,
      item,
    ),
  ];
};

/**
 * The broker's own topic, where Rasa 3.6-3.12 writes every original event: a topic a stack of this synthesis
 * provisions is reviewed there (its retention, segment roll and key); any other keeps raw events as its cluster says.
 */
const rawTopic: Cmp = (b, h, at, cx) => {
  if (b === h) return [];
  const known = provisionedNames(cx).includes(h);
  return [
    verdict(
      at,
      known ? 'neutral' : 'unverified',
      known
        ? `every original event now goes to topic ${String(h)}, which a stack of this synthesis provisions (its retention and key are reviewed there)`
        : `every original event now goes to ${h === undefined ? "rasa_core_events (Rasa's default)" : `topic ${String(h)}`}, which no stack of this synthesis provisions: how long it keeps them and under which key is not reviewed`,
      b,
      h,
    ),
  ];
};

const RASA: Cmp = fields(
  {
    anonymization: fields({
      metadata: fields({
        language: unverified('the language the NER model detects'),
        model_name: unverified('the NER model (what it detects)'),
        model_provider: unverified('the NER provider'),
      }),
      rule_lists: set({ key: byField('id'), added: 'neutral', removed: 'weakening', item: ruleList, why: 'rule list' }),
    }),
    event_broker: fields(
      {
        type: unverified('the broker type'),
        url: unverified('where events go'),
        security_protocol: ordered(['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'], {
          absent: 'PLAINTEXT',
          why: 'transport security',
        }),
        sasl_mechanism: neutral('the SASL mechanism'),
        sasl_username: neutral('credentials (from the environment)'),
        sasl_password: neutral('credentials (from the environment)'),
        ssl_cafile: neutral('the CA bundle'),
        ssl_check_hostname: bool({ strong: true, absent: true, why: 'TLS host name checks' }),
        topic: rawTopic,
        stream_pii: bool({ strong: false, absent: true, why: 'streaming raw events (Rasa 3.13)' }),
        partition_by_sender: neutral('partitioning'),
        client_id: neutral('the client id'),
        anonymization_topics: set({
          key: (x) => (typeof x === 'string' ? x : isMap(x) && typeof x.name === 'string' ? x.name : undefined),
          added: provisionedTopic,
          removed: 'neutral',
          item: fields({
            name: neutral('the name'),
            anonymization_rules: unverified('the rule list that anonymizes the topic'),
            rasa_x_consumer: neutral('Rasa X events'),
          }),
          why: 'anonymized topic',
        }),
      },
      unverified('a broker setting the gate does not know'),
    ),
    logger: fields({
      formatter: fields({
        anonymization_rules: (b, h, at) => [
          verdict(
            at,
            h === undefined ? 'weakening' : b === undefined ? 'strengthening' : 'unverified',
            h === undefined ? 'the log formatter no longer anonymizes' : 'the rule list the log formatter applies',
            b,
            h,
          ),
        ],
      }),
    }),
    privacy: fields({
      tracker_store_settings: fields({ anonymization: job, deletion: job }),
      rules: set({
        key: byField('slot'),
        added: 'strengthening',
        removed: 'weakening',
        item: fields({
          slot: neutral('the slot'),
          anonymization: fields({
            type: ordered(['redact', 'mask'], { why: 'anonymization type (mask replaces the whole value)' }),
            keep_left: num({ stronger: 'lower', absent: 0, why: 'characters kept on the left' }),
            keep_right: num({ stronger: 'lower', absent: 0, why: 'characters kept on the right' }),
            redaction_char: neutral('the redaction character'),
          }),
        }),
        why: 'slot rule',
      }),
    }),
    lock_store: unverified(
      'the lock store: without a Redis lock store Rasa does not run the privacy jobs that anonymize and delete',
    ),
  },
  unverified('a key of endpoints.yml convoguard does not write: where it sends conversation data is not reviewed'),
);

const MEYA = fields(
  {
    type: unverified('the integration type'),
    enabled: bool({ strong: true, absent: true, why: 'Meya sensitive data' }),
    transport: bool({ strong: true, absent: true, why: 'encrypting transport data' }),
    transcript: bool({ strong: true, absent: true, why: 'encrypting transcripts' }),
  },
  unverified('a key Meya may read that the gate does not know'),
);

const fileAsset: Cmp = fields({
  displayName: neutral('a display name'),
  source: fields({
    path: unverified('where the asset is published from'),
    packaging: unverified('how the asset is packaged'),
    executable: weakening('a command runs when the asset is published'),
  }),
  destinations: unverified('where the asset is published'),
  isTemplate: neutral('whether the asset is the reviewed template (checked on every review)'),
  contentSha256: unverified(
    "the asset's contents changed: code that runs at deploy (a custom resource's handler), which this review does not read",
  ),
});

/** A new asset: the stack's template (reviewed as such), contents the base published too, or new code. */
const fileAssetAdded: UnitRule = (v, cx) => {
  const a = isMap(v) ? v : {};
  if (isMap(a.source) && a.source.executable !== undefined)
    return [
      verdict(
        ['source', 'executable'],
        'weakening',
        'a command runs when the asset is published',
        undefined,
        a.source.executable,
      ),
    ];
  if (a.isTemplate === true) return [verdict([], 'neutral', 'publishes the reviewed template', undefined, undefined)];
  const same = cx.base.all('cdk:file-asset').some((x) => isMap(x.value) && x.value.contentSha256 === a.contentSha256);
  return [
    verdict(
      [],
      same ? 'neutral' : 'unverified',
      same
        ? 'the same contents as an asset of the base'
        : 'a new asset: code or files published and run at deploy, which this review does not read',
      undefined,
      undefined,
    ),
  ];
};

const stackArtifact = fields(
  {
    type: unverified('the artifact type'),
    environment: unverified('the account and Region the stack deploys to'),
    properties: fields({
      templateFile: unverified('the template the stack deploys'),
      terminationProtection: neutral('termination protection'),
      tags: neutral('stack tags'),
      validateOnSynth: neutral('validation'),
      assumeRoleArn: unverified('the role that deploys the stack'),
      assumeRoleExternalId: unverified('the role that deploys the stack'),
      cloudFormationExecutionRoleArn: unverified('the role CloudFormation deploys as'),
      stackTemplateAssetObjectUrl: neutral(
        'the published template (checked against the template file on every review)',
      ),
      requiresBootstrapStackVersion: neutral('bootstrap version'),
      bootstrapStackVersionSsmParameter: neutral('bootstrap version'),
      additionalDependencies: neutral('deploy order'),
      lookupRole: unverified('the role lookups use'),
      stackName: unverified('the stack the template deploys into'),
      notificationArns: unverified('who is told of stack events'),
    }),
    dependencies: neutral('deploy order'),
    metadata: neutral('construct metadata'),
    additionalMetadataFile: neutral('construct metadata'),
    displayName: neutral('a display name'),
  },
  unverified('an artifact field the gate does not know'),
);

export const FILE_SHAPES: Record<string, Shape> = {
  'cfn:Description': NEUTRAL_UNIT('the template description'),
  'cfn:Metadata': NEUTRAL_UNIT('template metadata'),
  'cfn:Outputs': NEUTRAL_UNIT('a stack output'),
  'cfn:Rules': NEUTRAL_UNIT('a template rule (a check at deploy time)'),
  'cfn:Parameters': UNVERIFIED_UNIT('a template parameter (its value feeds references the gate cannot resolve)'),
  'cfn:Conditions': UNVERIFIED_UNIT('a template condition'),
  'cfn:Mappings': UNVERIFIED_UNIT('a template mapping'),
  'cfn:AWSTemplateFormatVersion': UNVERIFIED_UNIT('the template format version'),
  'cfn:Transform': WEAKENING_UNIT(
    'a transform (macro) rewrites the template at deploy time: what deploys is not what was reviewed',
  ),
  'tf:terraform': simple(
    fields({
      backend: unverified('where Terraform keeps state: the next deploy may not see what exists'),
      required_providers: unverified('another provider or version: the same arguments can mean something else'),
      required_version: neutral('the Terraform version'),
      cloud: unverified('Terraform Cloud'),
    }),
    always('unverified', 'a terraform block'),
    always('unverified', 'the terraform block removed'),
  ),
  'tf:provider': UNVERIFIED_UNIT('a provider configuration (project, region, credentials)'),
  'tf:output': NEUTRAL_UNIT('a Terraform output'),
  'tf:variable': UNVERIFIED_UNIT('a Terraform variable (its value feeds expressions the gate cannot evaluate)'),
  'tf:locals': UNVERIFIED_UNIT('Terraform locals'),
  'tf:module': WEAKENING_UNIT('a module: resources from code this review does not read'),
  'tf://': NEUTRAL_UNIT('a "//" comment: Terraform ignores it'),
  // What a moved resource is, before and after, is compared resource by resource: the block itself only keeps state.
  'tf:moved': NEUTRAL_UNIT(
    'moved blocks: Terraform moves existing state to a new address instead of destroying and creating it',
  ),
  'data.external': WEAKENING_UNIT('data.external runs a program when Terraform plans'),
  'cdk:file-asset': simple(fileAsset, fileAssetAdded, always('neutral', 'an asset no longer published')),
  'cdk-assets:version': NEUTRAL_UNIT('the manifest version'),
  'cdk:artifact:aws:cloudformation:stack': simple(
    stackArtifact,
    always('unverified', 'a new stack artifact'),
    always('neutral', 'a stack artifact removed'),
  ),
  'cdk:artifact:cdk:asset-manifest': simple(
    fields({
      type: unverified('the artifact type'),
      properties: fields({
        file: unverified('the asset manifest'),
        requiresBootstrapStackVersion: neutral('bootstrap version'),
        bootstrapStackVersionSsmParameter: neutral('bootstrap version'),
      }),
      displayName: neutral('a display name'),
    }),
    always('neutral', 'the asset manifest of a stack'),
    always('neutral', 'an asset manifest removed'),
  ),
  'cdk:artifact:cdk:tree': NEUTRAL_UNIT('the construct tree (not deployed)'),
  'cdk:artifact:cdk:feature-flag-report': NEUTRAL_UNIT('the feature flag report (not deployed)'),
  'cdk-manifest:version': NEUTRAL_UNIT('the manifest version'),
  'cdk-manifest:minimumCliVersion': NEUTRAL_UNIT('the CLI version'),
  'cdktf:stack': simple(
    fields({
      annotations: neutral('synth messages'),
      constructPath: neutral('the construct path'),
      dependencies: neutral('deploy order'),
      name: neutral('the stack name'),
      synthesizedStackPath: unverified('the document the stack deploys'),
      workingDirectory: unverified('where the stack deploys from'),
      stackMetadataPath: neutral('metadata'),
    }),
    always('neutral', 'a new stack (its document is reviewed resource by resource)'),
    always('neutral', 'a stack removed (its resources are reviewed as removed)'),
  ),
  'cdktf-manifest:version': NEUTRAL_UNIT('the manifest version'),
  'rasa-endpoints': simple(
    RASA,
    always('neutral', 'a new agent file (its agent is reviewed in the posture diff)'),
    always('neutral', 'an agent file removed (the posture diff says what protection goes with it)'),
  ),
  'meya-sensitive-data': simple(
    MEYA,
    always('neutral', 'a new agent file (its agent is reviewed in the posture diff)'),
    always('neutral', 'an agent file removed (the posture diff says what protection goes with it)'),
  ),
  scp: simple(
    policyDocument,
    always('neutral', 'a service control policy to apply'),
    always('weakening', 'the service control policy is no longer written'),
  ),
  'convoguard-plan': NEUTRAL_UNIT('the plan (not deployed: the expected posture the report compares with)'),
  'convoguard-manifest': simple(
    fields({
      version: unverified('the manifest version'),
      generator: neutral('the convoguard version that synthesized'),
      synthId: neutral('the synthesis id'),
      policy: neutral('the policy file and its hash'),
      folders: neutral('the folders written'),
      agents: neutral('the agents (each is reviewed in the posture diff)'),
      files: neutral('the files written (each is reviewed on its own)'),
    }),
    always('neutral', 'the synthesis manifest'),
    always('neutral', 'the synthesis manifest'),
  ),
  'synth-mark': NEUTRAL_UNIT('the synthesis id mark'),
  'cdk-informational': NEUTRAL_UNIT(
    'a file cdk deploy does not read (construct tree, annotations, validation report, version)',
  ),
  file: UNVERIFIED_UNIT('a file convoguard does not write; deploy tools may read it'),
};
