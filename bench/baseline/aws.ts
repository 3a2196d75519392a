/**
 * The hand-written AWS baseline of `npm run bench`: a CDK app that declares, for BENCH_N lex agents over three
 * regions (bench/generate.ts), the resources convoguard synthesizes for them, with the same aws-cdk-lib constructs
 * (kms.Key, s3.Bucket, logs.LogGroup with a data protection policy, iam.Role/Policy/ManagedPolicy, the Lex L1s), the
 * same names and properties, written out directly: no policy file, no plan, no validation, no aspects or checks, no
 * attribution metadata. It shards each region by a fixed 30 agents per stack (convoguard measures an agent's cost
 * instead). Run: `BENCH_N=100 CDK_OUTDIR=out node bench/baseline/aws.js`.
 */
import { App, Aws, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lex from 'aws-cdk-lib/aws-lex';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

const N = Number(process.env.BENCH_N ?? 1);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const PER_STACK = 30;
const DECRYPTER = 'arn:aws:iam::111122223333:role/PrivacyOfficer';
const MANAGED = [
  'EmailAddress',
  'PhoneNumber-BR',
  'PhoneNumber-DE',
  'PhoneNumber-ES',
  'PhoneNumber-FR',
  'PhoneNumber-GB',
  'PhoneNumber-IT',
  'PhoneNumber-US',
  'CreditCardNumber',
];
const CUSTOM: Array<[string, string]> = [
  ['ORDER_NUMBER', 'ORD-[0-9]{8}'],
  ['SSML_REDACTION_MARKERS', '.mark name=.{1,2}redact-start.{1,2}/..*?.mark name=.{1,2}redact-end.{1,2}/.'],
  ['CONVOGUARD_CREDIT_CARD_NO_KEYWORD', '[0-9][0-9 -]{11,22}[0-9]'],
];

function agent(scope: Construct, name: string, region: string): void {
  const a = new Construct(scope, name);
  const prefix = `bench-${name}`;
  const group = `/convoguard/${prefix}/lex-conversations`;
  const audit = `${group}-data-protection-audit`;
  const logArn = (g: string) => `arn:${Aws.PARTITION}:logs:${region}:${Aws.ACCOUNT_ID}:log-group:${g}`;

  const key = new kms.Key(a, 'Key', {
    alias: `alias/convoguard/${prefix}`,
    description: 'convoguard: encrypts sensitive conversation data (logs, audio, topics)',
    enableKeyRotation: true,
    rotationPeriod: Duration.days(90),
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyDecryptExceptDecryptersAndServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Decrypt', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: {
        ArnNotLike: { 'aws:PrincipalArn': [DECRYPTER, `arn:${Aws.PARTITION}:iam::*:role/aws-service-role/*`] },
        StringNotEquals: {
          'kms:ViaService': ['s3', 'kafka', 'logs', 'secretsmanager'].map((s) => `${s}.${region}.amazonaws.com`),
        },
        Bool: { 'aws:PrincipalIsAWSService': 'false' },
        StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID },
      },
    }),
  );
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'SensitiveDataDecrypters',
      principals: [new iam.ArnPrincipal(DECRYPTER)],
      actions: ['kms:Decrypt', 'kms:DescribeKey'],
      resources: ['*'],
    }),
  );
  for (const g of [audit, group]) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `CloudWatchLogs${g.replace(/[^A-Za-z0-9]/g, '')}`,
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logArn(g) } },
      }),
    );
  }

  const accessLogs = new s3.Bucket(a, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(7), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const audio = new s3.Bucket(a, 'Audio', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: false,
    lifecycleRules: [
      {
        id: 'expire-sensitive-data',
        expiration: Duration.days(1),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });

  (audio.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
    destinationBucketName: accessLogs.bucketName,
    logFilePrefix: 'access/',
  };
  accessLogs.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3ServerAccessLogs',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [accessLogs.arnForObjects('access/*')],
      conditions: {
        ArnLike: { 'aws:SourceArn': audio.bucketArn },
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      },
    }),
  );

  const auditGroup = new logs.LogGroup(a, 'Audit', {
    logGroupName: audit,
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const logGroup = new logs.LogGroup(a, 'Logs', {
    logGroupName: group,
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_DAY,
    removalPolicy: RemovalPolicy.RETAIN,
    dataProtectionPolicy: new logs.DataProtectionPolicy({
      name: `${prefix}-data-protection`,
      description: 'convoguard: masks sensitive data in conversation logs at ingestion',
      identifiers: [
        ...MANAGED.map((m) => new logs.DataIdentifier(m)),
        ...CUSTOM.map(([n, r]) => new logs.CustomDataIdentifier(n, r)),
      ],
      logGroupAuditDestination: auditGroup,
    }),
  });

  new iam.ManagedPolicy(a, 'DenyUnmask', {
    description: `convoguard: denies logs:Unmask on the conversation logs of ${name} to everyone but access.decrypters`,
    document: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'DenyUnmaskOfConvoguardLogs',
          effect: iam.Effect.DENY,
          actions: ['logs:Unmask'],
          resources: [group, `${group}:*`, audit, `${audit}:*`].map(logArn),
          conditions: { ArnNotLike: { 'aws:PrincipalArn': [DECRYPTER] } },
        }),
      ],
    }),
  });

  const role = new iam.Role(a, 'BotRole', {
    assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com'),
    description: 'convoguard: Lex V2 bot role that writes protected conversation logs',
  });
  const policy = new iam.Policy(a, 'BotLogWriterPolicy', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'TextLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'AudioLogs',
        actions: ['s3:PutObject'],
        resources: [audio.arnForObjects('audio/*')],
      }),
      new iam.PolicyStatement({
        sid: 'AudioLogsEncryption',
        actions: ['kms:GenerateDataKey'],
        resources: [key.keyArn],
      }),
      new iam.PolicyStatement({ sid: 'Speech', actions: ['polly:SynthesizeSpeech'], resources: ['*'] }),
    ],
  });
  const logSettings = {
    textLogSettings: [
      {
        enabled: true,
        destination: { cloudWatch: { cloudWatchLogGroupArn: logGroup.logGroupArn, logPrefix: 'text/' } },
      },
    ],
    audioLogSettings: [
      {
        enabled: true,
        destination: { s3Bucket: { s3BucketArn: audio.bucketArn, logPrefix: 'audio/', kmsKeyArn: key.keyArn } },
      },
    ],
  };
  const bot = new lex.CfnBot(a, 'Bot', {
    name: prefix,
    roleArn: role.roleArn,
    dataPrivacy: { ChildDirected: false },
    idleSessionTtlInSeconds: 300,
    autoBuildBotLocales: true,
    botLocales: [
      {
        localeId: 'en_US',
        nluConfidenceThreshold: 0.4,
        intents: [
          {
            name: 'Pay',
            sampleUtterances: [{ utterance: 'pay my bill' }, { utterance: 'my email is {email}' }],
            slotPriorities: [{ priority: 1, slotName: 'email' }],
            slots: [
              {
                name: 'email',
                slotTypeName: 'AMAZON.EmailAddress',
                obfuscationSetting: { obfuscationSettingType: 'DefaultObfuscation' },
                valueElicitationSetting: {
                  slotConstraint: 'Required',
                  promptSpecification: {
                    maxRetries: 2,
                    messageGroupsList: [{ message: { plainTextMessage: { value: 'What is your email?' } } }],
                  },
                },
              },
            ],
          },
          { name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent' },
        ],
      },
    ],
    testBotAliasSettings: { conversationLogSettings: logSettings },
  });
  bot.node.addDependency(policy);
  const version = new lex.CfnBotVersion(a, 'BotVersion', {
    botId: bot.attrId,
    botVersionLocaleSpecification: [{ localeId: 'en_US', botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' } }],
  });
  new lex.CfnBotAlias(a, 'BotAlias', {
    botId: bot.attrId,
    botAliasName: 'live',
    botVersion: version.attrBotVersion,
    conversationLogSettings: logSettings,
  });
  Tags.of(a).add('convoguard:agent', name);
}

const app = new App();
REGIONS.forEach((region, r) => {
  const names = Array.from({ length: N }, (_, i) => i)
    .filter((i) => i % 3 === r)
    .map((i) => `a${i}`);
  for (let s = 0; s * PER_STACK < names.length; s++) {
    const stack = new Stack(app, `bench-aws-${region}${s === 0 ? '' : `-${s + 1}`}`, {
      env: { region },
      suppressTemplateIndentation: true,
    });
    Tags.of(stack).add('managed-by', 'convoguard');
    Tags.of(stack).add('convoguard-policy', 'bench');
    for (const name of names.slice(s * PER_STACK, (s + 1) * PER_STACK)) agent(stack, name, region);
  }
});
app.synth();
