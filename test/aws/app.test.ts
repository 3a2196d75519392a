import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addAwsStacks } from '../../lib/aws';
import { loadPolicy, plan } from '../../lib/policy';
import { EXAMPLE, tmpDir } from '../helpers';

// One synthesis of the example policy with the AwsSolutions pack, shared by every test here.
const outdir = tmpDir('convoguard-aws-');
const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
const stacks = addAwsStacks(app, plan(loadPolicy(EXAMPLE).policy));
const stack = stacks['support-assistant-aws-us-east-1'];
let synthError: unknown;
try {
  app.synth();
} catch (e) {
  synthError = e;
}
const template = Template.fromStack(stack);
const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));

const logicalId = (type: string, pathSuffix: string): string => {
  const hit = Object.entries(template.findResources(type)).find(([, r]) =>
    String(r.Metadata?.['aws:cdk:path']).endsWith(pathSuffix),
  );
  if (!hit) throw new Error(`no ${type} at ${pathSuffix}`);
  return hit[0];
};

test('one stack per region, environment-agnostic for the account', () => {
  expect(Object.keys(stacks)).toEqual(['support-assistant-aws-us-east-1']);
  expect(stack.region).toBe('us-east-1');
  expect(stack.account).toMatch(/^\$\{Token\[AWS\.AccountId\.\d+\]\}$/);
});

test('cdk-nag AwsSolutions: zero unsuppressed findings, and every suppression has a specific reason', () => {
  expect(synthError).toBeUndefined();
  const nag = report.pluginReports.find((r: any) => /AwsSolutions/.test(r.pluginName));
  expect(nag).toBeDefined();
  expect(nag.violations).toEqual([]);
  const suppressed = (nag.suppressedViolations as Array<{ ruleName: string; reason: string }>)
    .map((v) => v.ruleName)
    .sort();
  expect(suppressed).toEqual([
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AwsSolutions-IAM5[Resource::*]',
    `AwsSolutions-IAM5[Resource::<${logicalId('AWS::S3::Bucket', 'billing/AudioBucket/Resource/Resource')}.Arn>/audio/*]`,
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:macie2:us-east-1:<AWS::AccountId>:classification-job/*]',
    'AwsSolutions-SMG4',
  ]);
  for (const v of nag.suppressedViolations) expect(v.reason.length).toBeGreaterThan(60);
});

test('no CDK warnings and no CloudFormation template-validation findings', () => {
  expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  for (const r of report.pluginReports.filter((x: any) => !/AwsSolutions/.test(x.pluginName)))
    expect(r.violations).toEqual([]);
});

test('the alias sends text logs to the protected log group and audio to the bucket with the key', () => {
  const logGroup = logicalId('AWS::Logs::LogGroup', 'billing/ConversationLogs/Resource/Resource');
  const bucket = logicalId('AWS::S3::Bucket', 'billing/AudioBucket/Resource/Resource');
  const key = logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource');
  const logSettings = {
    TextLogSettings: [
      {
        Enabled: true,
        Destination: { CloudWatch: { CloudWatchLogGroupArn: { 'Fn::GetAtt': [logGroup, 'Arn'] }, LogPrefix: 'text/' } },
      },
    ],
    AudioLogSettings: [
      {
        Enabled: true,
        Destination: {
          S3Bucket: {
            S3BucketArn: { 'Fn::GetAtt': [bucket, 'Arn'] },
            LogPrefix: 'audio/',
            KmsKeyArn: { 'Fn::GetAtt': [key, 'Arn'] },
          },
        },
      },
    ],
  };
  template.hasResourceProperties('AWS::Lex::BotAlias', {
    ConversationLogSettings: logSettings,
    BotVersion: { 'Fn::GetAtt': [logicalId('AWS::Lex::BotVersion', 'billing/Bot/Version'), 'BotVersion'] },
  });
  template.hasResourceProperties('AWS::Lex::Bot', {
    DataPrivacy: { ChildDirected: false },
    TestBotAliasSettings: { ConversationLogSettings: logSettings },
  });
});

test("the created bot builds: the policy's intent with sample utterances and an obfuscated email slot, the QnAIntent, then FallbackIntent", () => {
  const bot = Object.values(template.findResources('AWS::Lex::Bot'))[0] as any;
  const [payBill, qna, fallback] = bot.Properties.BotLocales[0].Intents;
  // The QnAIntent and its guardrail are asserted in bedrock-guardrail.test.ts.
  expect(qna).toMatchObject({ Name: 'AnswerFromKnowledgeBase', ParentIntentSignature: 'AMAZON.QnAIntent' });
  expect(payBill).toEqual({
    Name: 'PayBill',
    SampleUtterances: [{ Utterance: 'I want to pay my bill' }, { Utterance: 'pay my bill, my email is {email}' }],
    Slots: [
      {
        Name: 'email',
        SlotTypeName: 'AMAZON.EmailAddress',
        ValueElicitationSetting: {
          SlotConstraint: 'Required',
          PromptSpecification: {
            MaxRetries: 2,
            MessageGroupsList: [{ Message: { PlainTextMessage: { Value: 'What is your email?' } } }],
          },
        },
        ObfuscationSetting: { ObfuscationSettingType: 'DefaultObfuscation' },
      },
    ],
    SlotPriorities: [{ Priority: 1, SlotName: 'email' }],
  });
  expect(fallback).toEqual({ Name: 'FallbackIntent', ParentIntentSignature: 'AMAZON.FallbackIntent' });
});

test('the log group is encrypted, keeps one day, and masks the catalog and custom identifiers', () => {
  template.hasResourceProperties('AWS::Logs::LogGroup', {
    LogGroupName: '/convoguard/support-assistant-billing/lex-conversations',
    RetentionInDays: 1,
    KmsKeyId: { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource'), 'Arn'] },
    DataProtectionPolicy: Match.objectLike({
      Name: 'support-assistant-billing-data-protection',
      Configuration: {
        CustomDataIdentifier: [
          { Name: 'ORDER_NUMBER', Regex: 'ORD-[0-9]{8}' },
          {
            Name: 'SSML_REDACTION_MARKERS',
            Regex: '.mark name=.{1,2}redact-start.{1,2}/..*?.mark name=.{1,2}redact-end.{1,2}/.',
          },
          { Name: 'CONVOGUARD_CREDIT_CARD_NO_KEYWORD', Regex: '[0-9][0-9 -]{11,22}[0-9]' },
          { Name: 'CONVOGUARD_IBAN', Regex: '[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,38}[A-Za-z0-9]' },
          { Name: 'CONVOGUARD_US_SSN_NO_KEYWORD', Regex: '[0-9]{3}-[0-9]{2}-[0-9]{4}' },
          // CloudWatch's own DateOfBirth (with a keyword, month names included), plus bare numeric dates.
          {
            Name: 'CONVOGUARD_DATE_OF_BIRTH_NO_KEYWORD',
            Regex: '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}',
          },
        ],
      },
      Statement: Match.arrayWith([
        Match.objectLike({
          DataIdentifier: Match.arrayWith([
            Match.objectLike({
              'Fn::Join': ['', Match.arrayWith([':dataprotection::aws:data-identifier/EmailAddress'])],
            }),
            Match.objectLike({
              'Fn::Join': ['', Match.arrayWith([':dataprotection::aws:data-identifier/DateOfBirth'])],
            }),
            'ORDER_NUMBER',
          ]),
          Operation: { Audit: Match.anyValue() },
        }),
      ]),
    }),
  });
});

test('key: rotation, retained, CloudWatch Logs only for the named log groups, decrypt only for the decrypters', () => {
  const key = template.findResources('AWS::KMS::Key');
  const [id, k] = Object.entries(key)[0] as [string, any];
  expect(k.DeletionPolicy).toBe('Retain');
  expect(k.Properties).toMatchObject({ EnableKeyRotation: true, RotationPeriodInDays: 90, PendingWindowInDays: 30 });
  const statements = k.Properties.KeyPolicy.Statement as any[];
  const decrypters = statements.find((s) => s.Sid === 'SensitiveDataDecrypters');
  expect(decrypters).toMatchObject({
    Principal: { AWS: 'arn:aws:iam::111122223333:role/PrivacyOfficer' },
    Action: ['kms:Decrypt', 'kms:DescribeKey'],
  });
  const logsStatement = statements.find(
    (s) => s.Sid === 'CloudWatchLogsconvoguardsupportassistantbillinglexconversations',
  );
  expect(logsStatement.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
  expect(JSON.stringify(logsStatement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(
    ':log-group:/convoguard/support-assistant-billing/lex-conversations',
  );
  // Everyone but the decrypters, service-linked roles, AWS services and the stores' services is denied decryption;
  // no statement allows a wildcard principal.
  expect(statements.find((s) => s.Sid === 'DenyDecryptExceptDecryptersAndServices')).toEqual({
    Sid: 'DenyDecryptExceptDecryptersAndServices',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: ['kms:Decrypt', 'kms:ReEncrypt*'],
    Resource: '*',
    Condition: {
      ArnNotLike: {
        'aws:PrincipalArn': [
          'arn:aws:iam::111122223333:role/PrivacyOfficer',
          { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/aws-service-role/*']] },
        ],
      },
      StringNotEquals: {
        'kms:ViaService': [
          's3.us-east-1.amazonaws.com',
          'kafka.us-east-1.amazonaws.com',
          'logs.us-east-1.amazonaws.com',
          'secretsmanager.us-east-1.amazonaws.com',
        ],
      },
      Bool: { 'aws:PrincipalIsAWSService': 'false' },
      StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } },
    },
  });
  for (const s of statements.filter((x) => x.Effect === 'Allow')) {
    const p = s.Principal;
    expect(p === '*' || p?.AWS === '*').toBe(false);
  }
  // logs:Unmask cannot be restricted by a resource policy: a managed policy denies it to all but the decrypters.
  template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
    PolicyDocument: {
      Statement: [
        Match.objectLike({
          Effect: 'Deny',
          Action: 'logs:Unmask',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/PrivacyOfficer'] } },
        }),
      ],
    },
  });
  template.hasResourceProperties('AWS::KMS::Alias', {
    AliasName: 'alias/convoguard/support-assistant-billing',
    TargetKeyId: { 'Fn::GetAtt': [id, 'Arn'] },
  });
});

test('bot role can write only its logs and audio, and call its Bedrock model, knowledge base and guardrail', () => {
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lexv2.amazonaws.com' } })] },
  });
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        {
          Sid: 'TextLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: {
            'Fn::GetAtt': [logicalId('AWS::Logs::LogGroup', 'billing/ConversationLogs/Resource/Resource'), 'Arn'],
          },
        },
        {
          Sid: 'AudioLogs',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: {
            'Fn::Join': [
              '',
              [
                { 'Fn::GetAtt': [logicalId('AWS::S3::Bucket', 'billing/AudioBucket/Resource/Resource'), 'Arn'] },
                '/audio/*',
              ],
            ],
          },
        },
        {
          Sid: 'AudioLogsEncryption',
          Effect: 'Allow',
          Action: 'kms:GenerateDataKey',
          Resource: { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource'), 'Arn'] },
        },
        { Sid: 'Speech', Effect: 'Allow', Action: 'polly:SynthesizeSpeech', Resource: '*' },
        {
          Sid: 'BedrockModel',
          Effect: 'Allow',
          Action: 'bedrock:InvokeModel',
          Resource: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        },
        {
          Sid: 'KnowledgeBase',
          Effect: 'Allow',
          Action: 'bedrock:Retrieve',
          Resource: 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/KBEXAMPLE1',
        },
        {
          Sid: 'Guardrail',
          Effect: 'Allow',
          Action: 'bedrock:ApplyGuardrail',
          Resource: {
            'Fn::GetAtt': [logicalId('AWS::Bedrock::Guardrail', 'billing/Guardrail/Resource'), 'GuardrailArn'],
          },
        },
      ],
    },
    Roles: [{ Ref: logicalId('AWS::IAM::Role', 'billing/Bot/BotRole/Resource') }],
  });
});

test('bucket: KMS with bucket keys, one-day expiry, TLS only, private, access logs, retained', () => {
  const bucket = logicalId('AWS::S3::Bucket', 'billing/AudioBucket/Resource/Resource');
  template.hasResource('AWS::S3::Bucket', {
    DeletionPolicy: 'Retain',
    Properties: Match.objectLike({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource'), 'Arn'] },
            },
          },
        ],
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-sensitive-data',
            Status: 'Enabled',
            ExpirationInDays: 1,
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logicalId('AWS::S3::Bucket', 'billing/AudioBucket/AccessLogs/Resource') },
        LogFilePrefix: 'access/',
      },
    }),
  });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucket },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    },
  });
});

test('topics: in the encrypted TLS/IAM cluster, with retention, and the bootstrap brokers are an output', () => {
  const cluster = logicalId('AWS::MSK::Cluster', 'billing/Topics/Cluster');
  template.hasResourceProperties('AWS::MSK::Cluster', {
    KafkaVersion: '3.6.0',
    NumberOfBrokerNodes: 3,
    EncryptionInfo: {
      EncryptionAtRest: {
        DataVolumeKMSKeyId: { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource'), 'Arn'] },
      },
      EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
    },
    ClientAuthentication: { Sasl: { Iam: { Enabled: true } }, Unauthenticated: { Enabled: false } },
    // The example gives the cluster its own security group: without one, MSK uses the VPC's default group.
    BrokerNodeGroupInfo: { SecurityGroups: ['sg-0a1b2c3d4e5f60009'] },
  });
  const topic = Object.values(template.findResources('AWS::MSK::Topic'))[0] as any;
  expect(topic.Properties).toMatchObject({
    ClusterArn: { 'Fn::GetAtt': [cluster, 'Arn'] },
    TopicName: 'conversations-anonymized',
    PartitionCount: 3,
    ReplicationFactor: 3,
  });
  expect(JSON.parse(Buffer.from(topic.Properties.Configs['Fn::Base64'], 'utf8').toString())).toEqual({
    'retention.ms': '604800000',
    'cleanup.policy': 'delete',
    // Kafka deletes a segment once its newest event is past retention.ms: an hourly roll keeps that within the hour.
    'segment.ms': '3600000',
  });
  expect(Object.keys(template.findOutputs('*')).some((o) => o.includes('BootstrapBrokers'))).toBe(true);
});

test('Rasa can reach the topics: the cluster also takes SASL/SCRAM, with a generated user in a secret encrypted by the key', () => {
  const cluster = logicalId('AWS::MSK::Cluster', 'billing/Topics/Cluster');
  template.hasResourceProperties('AWS::MSK::Cluster', {
    ClientAuthentication: {
      Sasl: { Iam: { Enabled: true }, Scram: { Enabled: true } },
      Unauthenticated: { Enabled: false },
    },
  });
  const secret = logicalId('AWS::SecretsManager::Secret', 'billing/Topics/RasaScramSecret/Resource');
  template.hasResourceProperties('AWS::SecretsManager::Secret', {
    Name: 'AmazonMSK_support-assistant-billing-events-rasa',
    KmsKeyId: { 'Fn::GetAtt': [logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource'), 'Arn'] },
    GenerateSecretString: Match.objectLike({
      SecretStringTemplate: '{"username":"rasa"}',
      GenerateStringKey: 'password',
    }),
  });
  template.hasResourceProperties('AWS::MSK::BatchScramSecret', {
    ClusterArn: { 'Fn::GetAtt': [cluster, 'Arn'] },
    SecretArnList: [{ Ref: secret }],
  });
  expect(Object.keys(template.findOutputs('*')).some((o) => o.includes('ScramBootstrapBrokers'))).toBe(true);
});

describe('verify: the alarm, the alert topic and the Macie job that prove redaction held', () => {
  test('an anomaly-detection alarm on LogEventsWithFindings of the masked conversation log group notifies the encrypted topic', () => {
    const topic = logicalId('AWS::SNS::Topic', 'billing/Verify/Topic/Resource');
    const key = logicalId('AWS::KMS::Key', 'billing/Key/Resource/Resource');
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'support-assistant-billing-redaction-alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] },
    });
    // The topic policy replaces SNS's default: CloudWatch may publish for this account's alarms, over TLS only.
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    // TLS only, and CloudWatch may use the key to publish (a service principal: the decrypters' deny statement exempts it).
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      // Only this account's findings alarm may use the key through CloudWatch (no confused deputy).
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'CloudWatchAlarmsPublishToAlertTopic',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudwatch:us-east-1:',
                      { Ref: 'AWS::AccountId' },
                      ':alarm:support-assistant-billing-log-findings-rise',
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
    const logGroup = '/convoguard/support-assistant-billing/lex-conversations';
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: logGroup,
      DataProtectionPolicy: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'support-assistant-billing-log-findings-rise',
      ComparisonOperator: 'GreaterThanUpperThreshold',
      ThresholdMetricId: 'band',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topic }],
      Metrics: [
        {
          Id: 'findings',
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/Logs',
              MetricName: 'LogEventsWithFindings',
              Dimensions: [{ Name: 'LogGroupName', Value: logGroup }],
            },
            Period: 3600,
            Stat: 'Sum',
          },
        },
        Match.objectLike({ Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(findings, 2)' }),
      ],
    });
  });

  test('a weekly Macie job over the S3 export prefix, created through the SDK, cancelled on removal (jobs cannot be deleted)', () => {
    const [id, job] = Object.entries(template.findResources('Custom::MacieClassificationJob'))[0];
    const text = (v: unknown) =>
      typeof v === 'string'
        ? v
        : (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
            .map((p) => (typeof p === 'string' ? p : 'ACCOUNT'))
            .join('');
    const create = JSON.parse(text(job.Properties.Create));
    expect(create).toMatchObject({
      service: 'Macie2',
      action: 'createClassificationJob',
      physicalResourceId: { responsePath: 'jobId' },
      parameters: {
        clientToken: expect.stringMatching(/^convoguard-[0-9a-f]{32}$/),
        jobType: 'SCHEDULED',
        name: 'support-assistant-billing-exports-acme-lex-transcripts',
        scheduleFrequency: { weeklySchedule: { dayOfWeek: 'MONDAY' } },
        managedDataIdentifierSelector: 'RECOMMENDED',
        s3JobDefinition: {
          bucketDefinitions: [{ accountId: 'ACCOUNT', buckets: ['acme-lex-transcripts'] }],
          scoping: {
            includes: {
              and: [{ simpleScopeTerm: { comparator: 'STARTS_WITH', key: 'OBJECT_KEY', values: ['billing/'] } }],
            },
          },
        },
      },
    });
    // An update is a new job (a new client token → a new physical id); CloudFormation then deletes the old one: cancel.
    expect(JSON.parse(text(job.Properties.Update))).toEqual(create);
    expect(JSON.parse(text(job.Properties.Delete))).toMatchObject({
      service: 'Macie2',
      action: 'updateClassificationJob',
      parameters: { jobId: 'PHYSICAL:RESOURCEID:', jobStatus: 'CANCELLED' },
    });
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p).includes('macie2:CreateClassificationJob'),
    )!;
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Action: ['macie2:CreateClassificationJob', 'macie2:UpdateClassificationJob', 'macie2:TagResource'],
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':macie2:us-east-1:',
              { Ref: 'AWS::AccountId' },
              ':classification-job/*',
            ],
          ],
        },
      },
    ]);
    expect(id).toMatch(/^billingVerifyMacieJob/);
  });
});
