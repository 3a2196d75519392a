/**
 * The other AWS resources convoguard writes: Bedrock guardrails, MSK clusters and topics, Secrets Manager secrets,
 * SNS topics, CloudWatch alarms, the Lambda function and custom resources of AwsCustomResource.
 */
import { canonical, Verdict } from '../change';
import {
  bool,
  byField,
  Cmp,
  compare,
  fields,
  isMap,
  list,
  neutral,
  num,
  ordered,
  ref,
  referenceOf,
  set,
  unverified,
  verdict,
} from '../compare';
import { policyDocument } from '../iam';
import { always, asPropertyChanges, cfnResource, INERT_ADDED, newAgentOr, Shape } from '../shape';
import { DESCRIPTION, TAGS } from './aws-kms';
import { TOPIC_CONFIGS } from './kafka';

const GUARDRAIL_ACTION = ordered(['NONE', 'ANONYMIZE', 'BLOCK'], { absent: 'NONE', why: 'guardrail action' });
const ENABLED_BY_DEFAULT = (why: string) => bool({ strong: true, absent: true, why });

const piiEntity = fields({
  Type: neutral('the entity type'),
  Action: GUARDRAIL_ACTION,
  InputAction: GUARDRAIL_ACTION,
  OutputAction: GUARDRAIL_ACTION,
  InputEnabled: ENABLED_BY_DEFAULT('screening prompts'),
  OutputEnabled: ENABLED_BY_DEFAULT('screening responses'),
});
const regexEntity = fields({
  Name: neutral('the pattern name'),
  Description: DESCRIPTION,
  Pattern: unverified('the pattern changed: what it now matches is not compared'),
  Action: GUARDRAIL_ACTION,
  InputAction: GUARDRAIL_ACTION,
  OutputAction: GUARDRAIL_ACTION,
  InputEnabled: ENABLED_BY_DEFAULT('screening prompts'),
  OutputEnabled: ENABLED_BY_DEFAULT('screening responses'),
});

/** The JSON of an AwsCustomResource call (`Create`/`Update`/`Delete`): a string, or an Fn::Join of one around references. */
export function sdkCall(v: unknown): { call?: Record<string, unknown>; opaque?: string } {
  if (v === undefined) return {};
  let text: string | undefined;
  if (typeof v === 'string') text = v;
  else {
    const join = isMap(v) ? v['Fn::Join'] : undefined;
    if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1]))
      text = join[1].map((p) => (typeof p === 'string' ? p : `«${canonical(p).replace(/"/g, "'")}»`)).join('');
  }
  if (text === undefined) return { opaque: 'a call the gate cannot read (not a JSON string)' };
  try {
    const call = JSON.parse(text) as unknown;
    return isMap(call) ? { call } : { opaque: 'a call that is not a JSON object' };
  } catch {
    return { opaque: 'a call that is not valid JSON' };
  }
}

/** How often a Macie job runs: more often is stronger. */
function macieFrequency(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (!isMap(v)) return undefined;
  if (v.dailySchedule !== undefined) return 3;
  if (v.weeklySchedule !== undefined) return 2;
  if (v.monthlySchedule !== undefined) return 1;
  return undefined;
}

const macieParameters = fields({
  clientToken: neutral('the idempotency token (a changed job is a new job)'),
  name: neutral('the job name'),
  description: DESCRIPTION,
  tags: TAGS,
  initialRun: neutral('whether the job runs once at creation'),
  jobType: ordered(['ONE_TIME', 'SCHEDULED'], { why: 'job type' }),
  scheduleFrequency: num({ stronger: 'higher', absent: 0, why: 'how often the job scans', parse: macieFrequency }),
  managedDataIdentifierSelector: ordered(['NONE', 'EXCLUDE', 'INCLUDE', 'RECOMMENDED', 'ALL'], {
    absent: 'RECOMMENDED',
    why: 'managed identifiers the job uses',
  }),
  managedDataIdentifierIds: unverified('which managed identifiers the job includes or excludes'),
  customDataIdentifierIds: set({
    key: canonical,
    added: 'strengthening',
    removed: 'weakening',
    why: 'custom identifier',
  }),
  s3JobDefinition: unverified('which buckets and objects the job scans'),
  samplingPercentage: num({ stronger: 'higher', absent: 100, why: 'share of objects scanned' }),
  jobId: neutral('the job id'),
  jobStatus: neutral('the job status'),
});

function callShape(params: Record<string, Cmp>): Cmp {
  return (b, h, at, cx) => {
    const cb = sdkCall(b);
    const ch = sdkCall(h);
    if (cb.opaque || ch.opaque) return [verdict(at, 'unverified', `${ch.opaque ?? cb.opaque}`, b, h)];
    const x = cb.call ?? {};
    const y = ch.call ?? {};
    const key = (c: Record<string, unknown>) => `${String(c.service)}.${String(c.action)}`;
    if (cb.call && ch.call && key(x) !== key(y))
      return [verdict(at, 'unverified', `the custom resource now calls ${key(y)} instead of ${key(x)}`, b, h)];
    const p = params[key(ch.call ?? x)];
    return compare(
      fields({
        service: neutral('the service'),
        action: neutral('the API call'),
        parameters: p ?? unverified(`the parameters of ${key(ch.call ?? x)}, which the gate does not read`),
        physicalResourceId: neutral('how CloudFormation names the result'),
        outputPaths: neutral('which outputs are kept'),
        region: unverified('the Region the call is made in'),
        assumedRoleArn: unverified('the role the call is made as'),
        ignoreErrorCodesMatching: unverified('errors the call ignores'),
        logApiResponseData: bool({ strong: false, absent: true, why: 'logging the API response' }),
      }),
      x,
      y,
      at,
      cx,
    );
  };
}

const CALL_PARAMETERS: Record<string, Cmp> = {
  'Macie2.createClassificationJob': macieParameters,
  'Macie2.updateClassificationJob': macieParameters,
  'Kafka.getBootstrapBrokers': fields({ ClusterArn: neutral('the cluster (a reference to this stack)') }),
};

/** A custom resource of AwsCustomResource: the calls it makes on create, update and delete. */
function customResource(
  added: Verdict['class'],
  addedWhy: string,
  removed: Verdict['class'],
  removedWhy: string,
): Shape {
  const call = callShape(CALL_PARAMETERS);
  const known = (v: unknown) => {
    const c = sdkCall(isMap(v) && isMap(v.Properties) ? v.Properties.Create : undefined).call;
    return c !== undefined && CALL_PARAMETERS[`${String(c.service)}.${String(c.action)}`] !== undefined;
  };
  return cfnResource(
    {
      ServiceToken: ref('the function that makes the calls'),
      Create: call,
      Update: call,
      Delete: call,
      InstallLatestAwsSdk: bool({
        strong: false,
        absent: true,
        why: 'installing the latest AWS SDK from npm at deploy time (code nobody reviewed)',
      }),
      Timeout: neutral('how long the call may take'),
      ServiceTimeout: neutral('how long the call may take'),
    },
    {
      added: (v) =>
        known(v)
          ? [verdict([], added, addedWhy, undefined, v)]
          : [verdict([], 'unverified', 'a custom resource making calls the gate does not know', undefined, v)],
      removed: always(removed, removedWhy),
    },
  );
}

const SCRAM = cfnResource({
  ClusterArn: ref('the cluster', { added: 'neutral' }),
  SecretArnList: set({
    key: canonical,
    // A secret this stack creates under its key is the Rasa consumer's; any other secret is someone else's credentials.
    added: (item, at, cx) => {
      const r = referenceOf(item);
      const own = r !== undefined && cx.head.typeOf(r.address) === 'AWS::SecretsManager::Secret';
      return [
        verdict(
          at,
          own ? 'neutral' : 'weakening',
          own
            ? `credentials in secret ${r.address}, which this stack creates, can read the cluster's topics`
            : `credentials in ${canonical(item)} (not a secret of this output) can read every topic of the cluster`,
          undefined,
          item,
        ),
      ];
    },
    removed: 'strengthening',
    why: 'SCRAM secret',
  }),
});

/** A Lambda function's code is the asset its S3Key names; the asset manifest says what that is (reviewed there). */
const lambdaCode = fields({
  S3Bucket: neutral('the assets bucket'),
  S3Key: neutral('the asset (its contents are compared in the asset manifest)'),
  S3ObjectVersion: unverified('an object version'),
  ZipFile: unverified('inline code'),
  ImageUri: unverified('a container image this review does not read'),
});

export const AWS_SERVICES: Record<string, Shape> = {
  'AWS::Bedrock::Guardrail': cfnResource(
    {
      Name: neutral('the guardrail name'),
      Description: DESCRIPTION,
      Tags: TAGS,
      BlockedInputMessaging: neutral('the message a blocked prompt gets'),
      BlockedOutputsMessaging: neutral('the message a blocked response gets'),
      SensitiveInformationPolicyConfig: fields({
        PiiEntitiesConfig: set({
          key: byField('Type'),
          added: 'strengthening',
          removed: 'weakening',
          item: piiEntity,
          why: 'PII entity',
        }),
        RegexesConfig: set({
          key: byField('Name'),
          added: 'strengthening',
          removed: 'weakening',
          item: regexEntity,
          why: 'pattern',
        }),
      }),
      KmsKeyArn: ref('the key the guardrail is encrypted with', { removed: 'weakening', added: 'strengthening' }),
      CrossRegionConfig: unverified('prompts are screened in other Regions'),
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a guardrail removed (each model specification that named it is reviewed there)'),
    },
  ),
  'AWS::Bedrock::GuardrailVersion': cfnResource(
    { GuardrailIdentifier: ref('the guardrail'), Description: DESCRIPTION },
    {
      added: INERT_ADDED,
      removed: always(
        'neutral',
        'a guardrail version removed (each model specification that named it is reviewed there)',
      ),
    },
  ),
  'AWS::MSK::Cluster': cfnResource(
    {
      ClusterName: neutral('the cluster name'),
      KafkaVersion: neutral('the Kafka version'),
      NumberOfBrokerNodes: neutral('capacity'),
      EnhancedMonitoring: neutral('monitoring'),
      LoggingInfo: neutral('broker logs (they hold no messages)'),
      CurrentVersion: neutral('the cluster version'),
      Tags: TAGS,
      BrokerNodeGroupInfo: fields({
        InstanceType: neutral('capacity'),
        StorageInfo: neutral('capacity'),
        ClientSubnets: unverified('the subnets clients reach the cluster from'),
        SecurityGroups: unverified('who may connect'),
        ConnectivityInfo: unverified('public or cross-VPC connectivity'),
        BrokerAZDistribution: neutral('placement'),
      }),
      ClientAuthentication: fields({
        Sasl: fields({
          Iam: fields({
            Enabled: bool({
              strong: false,
              absent: false,
              why: 'IAM access control (every principal allowed kafka-cluster actions reads topics)',
            }),
          }),
          Scram: fields({ Enabled: neutral('SASL/SCRAM (secrets listed in BatchScramSecret)') }),
        }),
        Unauthenticated: fields({ Enabled: bool({ strong: false, absent: false, why: 'unauthenticated access' }) }),
        Tls: unverified('TLS client authentication (certificate authorities)'),
      }),
      EncryptionInfo: fields({
        EncryptionAtRest: fields({
          DataVolumeKMSKeyId: ref('the key that encrypts topics at rest', {
            removed: 'weakening',
            added: 'strengthening',
          }),
        }),
        EncryptionInTransit: fields({
          ClientBroker: ordered(['PLAINTEXT', 'TLS_PLAINTEXT', 'TLS'], {
            absent: 'TLS',
            why: 'encryption between clients and brokers',
          }),
          InCluster: bool({ strong: true, absent: true, why: 'encryption between brokers' }),
        }),
      }),
      ConfigurationInfo: unverified('a broker configuration (it can set default retention)'),
      OpenMonitoring: unverified('Prometheus endpoints'),
      StorageMode: neutral('storage'),
    },
    { added: INERT_ADDED, removed: always('neutral', 'the cluster leaves the stack with its topics') },
  ),
  'AWS::MSK::Topic': cfnResource(
    {
      TopicName: unverified(
        'the topic name: a new name is a new topic, and the Rasa file that names the old one keeps writing there',
      ),
      ClusterArn: ref('the cluster'),
      PartitionCount: neutral('partitions'),
      ReplicationFactor: neutral('replicas'),
      Configs: (b, h, at, cx) => {
        const decode = (v: unknown): unknown => {
          if (v === undefined) return {};
          const s =
            typeof v === 'string'
              ? Buffer.from(v, 'base64').toString('utf8')
              : isMap(v) && typeof v['Fn::Base64'] === 'string'
                ? v['Fn::Base64']
                : undefined;
          if (s === undefined) return undefined;
          try {
            return JSON.parse(s) as unknown;
          } catch {
            return undefined;
          }
        };
        const x = decode(b);
        const y = decode(h);
        if (!isMap(x) || !isMap(y))
          return [verdict(at, 'unverified', 'topic configuration the gate cannot decode', b, h)];
        return compare(TOPIC_CONFIGS, x, y, at, cx);
      },
    },
    { added: INERT_ADDED, removed: always('neutral', 'a topic removed') },
  ),
  'AWS::SecretsManager::Secret': cfnResource(
    {
      Name: neutral('the secret name'),
      Description: DESCRIPTION,
      Tags: TAGS,
      KmsKeyId: ref('the key the secret is encrypted with', { removed: 'weakening', added: 'strengthening' }),
      GenerateSecretString: neutral('how the password is generated'),
      SecretString: unverified('a literal secret value in the template'),
      ReplicaRegions: unverified('copies of the secret in other Regions'),
    },
    { added: INERT_ADDED, removed: always('neutral', 'a secret removed') },
  ),
  'AWS::SNS::Topic': cfnResource(
    {
      TopicName: neutral('the topic name'),
      DisplayName: neutral('the display name'),
      Tags: TAGS,
      KmsMasterKeyId: ref('the key the topic is encrypted with', { removed: 'weakening', added: 'strengthening' }),
      Subscription: list(fields({ Endpoint: neutral('who is notified'), Protocol: neutral('how') }), 'subscriptions'),
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a topic removed (the alarms that notified it are reviewed there)'),
    },
  ),
  'AWS::SNS::TopicPolicy': cfnResource({
    Topics: set({ key: canonical, added: 'neutral', removed: 'neutral', why: 'topic' }),
    PolicyDocument: policyDocument,
  }),
  'AWS::SNS::Subscription': cfnResource(
    {
      TopicArn: ref('the topic'),
      Endpoint: neutral('who is notified'),
      Protocol: neutral('how'),
      RawMessageDelivery: neutral('format'),
      FilterPolicy: neutral('which notices'),
      FilterPolicyScope: neutral('which notices'),
    },
    {
      added: always('neutral', 'someone is notified of alarm notices (no conversation text)'),
      removed: always('weakening', 'a subscriber removed: that person is no longer notified'),
    },
  ),
  'AWS::CloudWatch::Alarm': cfnResource(
    {
      AlarmName: neutral('the alarm name'),
      AlarmDescription: DESCRIPTION,
      Tags: TAGS,
      AlarmActions: set({ key: canonical, added: 'strengthening', removed: 'weakening', why: 'alarm action' }),
      OKActions: neutral('actions on recovery'),
      InsufficientDataActions: neutral('actions on missing data'),
      ActionsEnabled: bool({ strong: true, absent: true, why: 'alarm actions' }),
    },
    {
      rest: unverified('what the alarm watches changed: whether it still fires when redaction fails is not evaluated'),
      added: always('strengthening', 'an alarm added'),
      removed: always('weakening', 'an alarm removed: a failure of redaction it watched goes unnoticed'),
    },
  ),
  'AWS::Lambda::Function': cfnResource(
    {
      Code: lambdaCode,
      Handler: neutral('the handler'),
      Runtime: neutral('the runtime'),
      Role: ref('the role the function runs as'),
      Timeout: neutral('how long it may run'),
      MemorySize: neutral('memory'),
      Description: DESCRIPTION,
      Tags: TAGS,
      Architectures: neutral('architecture'),
      LoggingConfig: neutral('where the function logs'),
      Environment: unverified('environment variables the function reads'),
      Layers: unverified('code layers this review does not read'),
      VpcConfig: unverified('network placement'),
    },
    {
      added: always(
        'neutral',
        'a function runs only when something invokes it: each custom resource that does is reviewed',
      ),
      removed: always('neutral', 'a function removed'),
    },
  ),
  'Custom::AWS': customResource(
    'neutral',
    'a custom resource that reads an attribute (a lookup)',
    'neutral',
    'a lookup removed',
  ),
  'Custom::MacieClassificationJob': customResource(
    'strengthening',
    'a Macie scan added',
    'weakening',
    'a Macie scan removed: what redaction misses in the exports goes unnoticed',
  ),
  'AWS::MSK::BatchScramSecret': { ...SCRAM, added: newAgentOr(asPropertyChanges(SCRAM.compare, 'added')) },
};
