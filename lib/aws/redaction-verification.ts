import { Annotations, Aws, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { createHash } from 'crypto';
import { Construct, IConstruct } from 'constructs';
import { MACIE_FREQUENCY_DAYS, type MacieFrequency } from '../policy/verify';
import { acknowledgeFinding } from './acknowledge';
import { ConstructPropsError } from './errors';
import { KeyInput, keyOf } from './sensitive-data-key';

/** A Macie classification job over S3 prefixes where transcripts are kept (not audio: Macie cannot analyze it). */
/** A bucket and key prefix a Macie job scans. */
export interface MacieExport {
  /** The bucket's name. */
  readonly bucket: string;
  /** The key prefix; empty scans the whole bucket. */
  readonly path: string;
}

/** A Macie custom data identifier a job uses. */
export interface MacieJobIdentifier {
  /** Its id (`CfnCustomDataIdentifier.attrId`). */
  readonly id: string;
  /** Its name: with the regex, what makes a job with a changed identifier a new job. */
  readonly name: string;
  /** Its regex. */
  readonly regex: string;
}

/** The CloudWatch anomaly-detection alarm on a log group's findings. */
export interface FindingsAlarmOptions {
  /** The alarm's name. */
  readonly name: string;
  /** The log group whose `LogEventsWithFindings` it watches. */
  readonly logGroupName: string;
}

/** Metric filters that count what masking missed, and the alarm on the first one. */
export interface MissAlarmOptions {
  /** The alarm's name. */
  readonly name: string;
  /** The log group the filters read. */
  readonly logGroupName: string;
  /** The filters' metric namespace. */
  readonly metricNamespace: string;
  /** The filters' metric name. */
  readonly metricName: string;
  /** CloudWatch filter patterns, such as `{ $.inputTranscript = %[0-9]{3}-[0-9]{2}-[0-9]{4}% }`. */
  readonly filterPatterns: string[];
  /** What the filters need first: the log group. @default none */
  readonly dependsOn?: IConstruct[];
}

export interface MacieJobProps {
  /** Job name, at most 500 characters. */
  readonly name: string;
  /** Macie schedules daily, weekly (Mondays) or monthly (on the 1st). */
  readonly frequency: MacieFrequency;
  /** Buckets and key prefixes; an empty prefix scans the whole bucket. */
  readonly exports: MacieExport[];
  /**
   * Macie custom data identifiers to use besides the recommended managed identifiers: their id, and the name and
   * regex that make a job with a changed identifier a new job. @default none
   */
  readonly customDataIdentifiers?: MacieJobIdentifier[];
  /** Constructs the job must wait for: the account's Macie session, the custom data identifiers. @default none */
  readonly dependsOn?: IConstruct[];
}

export interface RedactionVerificationProps {
  /** The key the alert topic is encrypted with: CloudWatch gets kms:Decrypt and kms:GenerateDataKey* on it. */
  readonly key: KeyInput;
  /**
   * An SNS topic of yours for the alarm (its key policy must let cloudwatch.amazonaws.com use its key).
   * @default a topic created here, named `topicName`, encrypted with `key`, TLS-only
   */
  readonly topicArn?: string;
  /** Name of the topic created here. @default generated */
  readonly topicName?: string;
  /**
   * E-mail addresses subscribed to the topic (yours or the one created here): SNS delivers only to subscriptions, so
   * without one, or a topic someone reads, the alarm tells nobody. Each address confirms once. @default none
   */
  readonly emails?: string[];
  /**
   * An anomaly-detection alarm on `AWS/Logs` `LogEventsWithFindings` of a log group a data protection policy covers
   * (its own or the account's; Standard log class): a rise above the expected band (2 standard deviations, hourly
   * sums) means personal data reaches the group along a new path. A group no policy covers has no such metric.
   */
  readonly alarm: FindingsAlarmOptions;
  /**
   * The check that sees a miss: metric filters over the masked view of a log group (CloudWatch masks before metric
   * filters see an event), each counting events that still match a pattern of a kind masking should have caught, and
   * an alarm on the first one. A group holds at most 5 filter patterns with a regex. @default none
   */
  readonly missAlarm?: MissAlarmOptions;
  /** A scheduled Macie classification job over your transcript exports. @default none */
  readonly macieJob?: MacieJobProps;
}

/**
 * What proves, after a deploy, that redaction held on an agent's AWS stores: an alarm when findings in its protected
 * log group rise, notifying an encrypted SNS topic, and a scheduled Macie job over the S3 prefixes where transcripts
 * are exported. Macie jobs have no CloudFormation resource and cannot be changed or deleted: the job is created
 * through `AwsCustomResource`, a changed job definition creates a new job, and removal cancels it.
 *
 * CloudFormation: `AWS::SNS::Topic` (+ policy), `AWS::CloudWatch::Alarm`, `Custom::AWS` (Macie2 CreateClassificationJob).
 */
export class RedactionVerification extends Construct {
  public readonly topicArn: string;
  public readonly topic?: sns.Topic;
  /** The e-mail subscriptions of `emails`. */
  public readonly subscriptions: sns.CfnSubscription[];
  public readonly alarm: cloudwatch.CfnAlarm;
  /** The miss detector's metric filters and alarm (`missAlarm`). */
  public readonly missFilters: logs.CfnMetricFilter[];
  public readonly missAlarm?: cloudwatch.CfnAlarm;
  /** One Macie job per bucket (a job's prefixes apply to every bucket it lists). */
  public readonly macieJobs: cr.AwsCustomResource[];

  constructor(scope: Construct, id: string, props: RedactionVerificationProps) {
    super(scope, id);
    const problems: string[] = [];
    const job = props.macieJob;
    if (job) {
      if (job.exports.length === 0) problems.push('macieJob received no exports; expected at least one bucket');
      if (!Token.isUnresolved(job.name) && (job.name.length === 0 || job.name.length > 500))
        problems.push(`macieJob.name has ${job.name.length} characters; Macie allows 1 to 500`);
    }
    if (!Token.isUnresolved(props.alarm.name) && props.alarm.name.length > 255)
      problems.push(`alarm.name has ${props.alarm.name.length} characters; CloudWatch allows 255`);
    ConstructPropsError.throwIfAny(this, problems);

    const key = keyOf(props.key);
    for (const e of props.emails ?? [])
      if (!Token.isUnresolved(e) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e))
        problems.push(`emails: received ${JSON.stringify(e)}; expected an e-mail address`);
    ConstructPropsError.throwIfAny(this, problems);
    if (props.topicArn) {
      this.topicArn = props.topicArn;
    } else {
      this.topic = new sns.Topic(this, 'Topic', {
        topicName: props.topicName,
        masterKey: key,
        enforceSSL: true,
        displayName: 'convoguard redaction alerts',
      });
      this.topicArn = this.topic.topicArn;
      // The topic policy replaces SNS's default one: CloudWatch may publish, for this account's alarms only.
      const stack = Stack.of(this);
      this.topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.topic.topicArn],
          conditions: {
            ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
          },
        }),
      );
      // CloudWatch publishes to an encrypted topic only when the key lets it (cloudwatch.amazonaws.com, not the alarm's
      // role). The grant is for this account's alarm only (aws:SourceAccount, aws:SourceArn), so no other account's or
      // alarm's CloudWatch request can use the key (SNS "compatibility with AWS services"; the confused-deputy keys
      // are carried by CloudWatch's requests, unlike EventBridge's).
      const { statementAdded } = key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CloudWatchAlarmsPublishToAlertTopic',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': stack.account },
            ArnLike: {
              'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${stack.region}:${stack.account}:alarm:${props.alarm.name}`,
            },
          },
        }),
        true,
      );
      if (!statementAdded) {
        Annotations.of(this).addWarningV2(
          'convoguard:imported-key-policy',
          `the key ${key.keyArn} is not managed here: its key policy must let cloudwatch.amazonaws.com use kms:Decrypt and kms:GenerateDataKey*, or the alarm cannot publish to the topic`,
        );
      }
    }

    // Who is told: an e-mail subscription per address, named by the address (removing one moves no other).
    this.subscriptions = (props.emails ?? []).map(
      (endpoint) =>
        new sns.CfnSubscription(
          this,
          `Email${createHash('sha256').update(endpoint.toLowerCase()).digest('hex').slice(0, 8)}`,
          { topicArn: this.topicArn, protocol: 'email', endpoint },
        ),
    );
    this.alarm = new cloudwatch.CfnAlarm(this, 'FindingsRise', {
      alarmName: props.alarm.name,
      alarmDescription: `convoguard: more log events with personal data than expected in ${props.alarm.logGroupName} (masked there): find the new path that carries it`,
      comparisonOperator: 'GreaterThanUpperThreshold',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      thresholdMetricId: 'band',
      treatMissingData: 'notBreaching',
      metrics: [
        {
          id: 'findings',
          returnData: true,
          metricStat: {
            metric: {
              namespace: 'AWS/Logs',
              metricName: 'LogEventsWithFindings',
              dimensions: [{ name: 'LogGroupName', value: props.alarm.logGroupName }],
            },
            period: 3600,
            stat: 'Sum',
          },
        },
        {
          id: 'band',
          expression: 'ANOMALY_DETECTION_BAND(findings, 2)',
          label: 'expected log events with findings',
          returnData: true,
        },
      ],
      alarmActions: [this.topicArn],
    });

    const miss = props.missAlarm;
    if (miss) {
      const quota = 5;
      if (miss.filterPatterns.length === 0 || miss.filterPatterns.length > quota)
        throw new ConstructPropsError(
          this,
          `missAlarm.filterPatterns has ${miss.filterPatterns.length}; expected 1 to ${quota} (CloudWatch's limit of filter patterns with a regex per log group)`,
        );
      this.missFilters = miss.filterPatterns.map((filterPattern, i) => {
        const f = new logs.CfnMetricFilter(this, `Unmasked${i}`, {
          logGroupName: miss.logGroupName,
          filterPattern,
          metricTransformations: [
            { metricNamespace: miss.metricNamespace, metricName: miss.metricName, metricValue: '1', unit: 'Count' },
          ],
        });
        for (const d of miss.dependsOn ?? []) f.node.addDependency(d);
        return f;
      });
      // Static, not anomaly detection: one unmasked value is a miss, whatever the history says.
      this.missAlarm = new cloudwatch.CfnAlarm(this, 'UnmaskedValues', {
        alarmName: miss.name,
        alarmDescription: `convoguard: a value CloudWatch should have masked reached ${miss.logGroupName} unmasked: run convoguard canary, find the utterance with logs:Unmask, and add the pattern it needs`,
        namespace: miss.metricNamespace,
        metricName: miss.metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [this.topicArn],
      });
    } else {
      this.missFilters = [];
    }

    // A job's scoping applies to every bucket it lists: one job per bucket keeps each bucket's prefixes its own.
    const buckets = job ? [...new Set(job.exports.map((e) => e.bucket))] : [];
    this.macieJobs = job ? buckets.map((b) => this.createMacieJob(job, b)) : [];
  }

  private createMacieJob(job: MacieJobProps, bucket: string): cr.AwsCustomResource {
    const stack = Stack.of(this);
    const buckets = [bucket];
    const prefixes = [...new Set(job.exports.filter((e) => e.bucket === bucket).map((e) => e.path))];
    const schedule =
      job.frequency === 'daily'
        ? { dailySchedule: {} }
        : job.frequency === 'weekly'
          ? { weeklySchedule: { dayOfWeek: 'MONDAY' } }
          : { monthlySchedule: { dayOfMonth: 1 } };
    const definition = {
      jobType: 'SCHEDULED',
      name: `${job.name}-${bucket}`.slice(0, 500),
      description: `convoguard: transcripts scanned every ${MACIE_FREQUENCY_DAYS[job.frequency]} day(s) for personal data that redaction missed`,
      scheduleFrequency: schedule,
      initialRun: true,
      managedDataIdentifierSelector: 'RECOMMENDED',
      ...(job.customDataIdentifiers && job.customDataIdentifiers.length > 0
        ? { customDataIdentifierIds: job.customDataIdentifiers.map((c) => c.id) }
        : {}),
      s3JobDefinition: {
        bucketDefinitions: [{ accountId: Aws.ACCOUNT_ID, buckets }],
        // A bucket listed without a prefix is scanned whole: scoping applies only when every export names one.
        ...(prefixes.every((p) => p !== '')
          ? {
              scoping: {
                includes: {
                  and: [
                    {
                      simpleScopeTerm: {
                        comparator: 'STARTS_WITH',
                        key: 'OBJECT_KEY',
                        values: prefixes.map((p) => `${p}/`),
                      },
                    },
                  ],
                },
              },
            }
          : {}),
      },
    };
    // A Macie job cannot be changed: a new definition gets a new client token, so CloudFormation creates a new job
    // (a new physical id) and then cancels the old one through onDelete.
    // Hashed resolved (Refs stay {Ref: logicalId}), so the token is the same on every synth of the same definition;
    // the identifiers' names and regexes count too (a changed regex is a new identifier, so a new job).
    const identifiers = (job.customDataIdentifiers ?? []).map((c) => [c.name, c.regex]);
    const clientToken = `convoguard-${createHash('sha256')
      .update(JSON.stringify([stack.resolve(definition), identifiers]))
      .digest('hex')
      .slice(0, 32)}`;
    const create: cr.AwsSdkCall = {
      service: 'Macie2',
      action: 'createClassificationJob',
      parameters: { clientToken, ...definition },
      physicalResourceId: cr.PhysicalResourceId.fromResponse('jobId'),
    };
    // Named by its bucket, alone or not: adding a second bucket leaves the first job where it is.
    const resource = new cr.AwsCustomResource(this, `MacieJob-${bucket}`, {
      resourceType: 'Custom::MacieClassificationJob',
      onCreate: create,
      onUpdate: create,
      onDelete: {
        service: 'Macie2',
        action: 'updateClassificationJob',
        parameters: { jobId: new cr.PhysicalResourceIdReference(), jobStatus: 'CANCELLED' },
      },
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['macie2:CreateClassificationJob', 'macie2:UpdateClassificationJob', 'macie2:TagResource'],
          resources: [`arn:${Aws.PARTITION}:macie2:${stack.region}:${stack.account}:classification-job/*`],
        }),
      ]),
    });
    for (const d of job.dependsOn ?? []) resource.node.addDependency(d);
    const literal = (v: string, token: string) => (Token.isUnresolved(v) ? token : v);
    acknowledgeFinding(
      resource,
      'AwsSolutions::AwsSolutions-IAM5',
      `Resource::arn:<AWS::Partition>:macie2:${literal(stack.region, '<AWS::Region>')}:${literal(stack.account, '<AWS::AccountId>')}:classification-job/*`,
      'CreateClassificationJob names no job before it exists: the id comes back from the call, so the policy covers classification jobs of this account and region only.',
    );
    return resource;
  }
}
