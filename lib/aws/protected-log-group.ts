import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { cloudWatchRegexError, CWL_MAX_CUSTOM_IDENTIFIERS } from '../policy/detectors';
import { auditLogGroupName, CLOUDWATCH_RETENTION_DAYS } from '../policy/platforms';
import { AWS_DEFAULTS } from './defaults';
import { ConstructPropsError } from './errors';
import { allowCloudWatchLogsOn, KeyInput, keyOf } from './sensitive-data-key';

/** A custom identifier: a name and a regex in CloudWatch Logs' restricted character set. */
export interface CustomIdentifier {
  /** Letters, digits, `_` and `-`; at most 128; not a managed identifier's name. */
  readonly name: string;
  /** At most 200 characters from CloudWatch's set (no groups). */
  readonly regex: string;
}

/** Where a data protection policy's findings go: one of a log group, a bucket or a Firehose delivery stream. */
export interface AuditDestination {
  /** A log group. @default none */
  readonly logGroup?: logs.ILogGroup;
  /** A bucket. @default none */
  readonly bucket?: import('aws-cdk-lib/aws-s3').IBucket;
  /** A Firehose delivery stream's name. @default none */
  readonly deliveryStreamName?: string;
}

export interface ProtectedLogGroupProps {
  readonly logGroupName: string;
  /** The key the log groups are encrypted with: a SensitiveDataKey or any `kms.IKey` (an imported key gets a warning: its policy must let CloudWatch Logs use it). */
  readonly key: KeyInput;
  /** Managed data identifiers, such as `EmailAddress`, `PhoneNumber-US`. */
  readonly managedIdentifiers: string[];
  /** @default none */
  readonly customIdentifiers?: CustomIdentifier[];
  /** Data protection policy name (letters, digits, `_` and `-` only: aws/aws-cdk#33557). */
  readonly dataProtectionPolicyName: string;
  /**
   * Where findings go. Give a log group, a bucket, or a Firehose delivery stream name.
   * @default a log group created here, encrypted with the key, with the same retention
   */
  readonly auditDestination?: AuditDestination;
  /**
   * Retention of conversation logs, in days: one of the values CloudWatch Logs accepts (`logs.RetentionDays`).
   * @default 1
   */
  readonly retention?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A KMS-encrypted log group that keeps conversation logs 1 day and masks sensitive data at ingestion with a
 * CloudWatch Logs data protection policy: managed identifiers from the catalog plus custom identifiers for the
 * policy's patterns, the SSML marker pattern and kinds CloudWatch cannot detect. Reading masked values needs
 * `logs:Unmask`, which nothing here grants. Limits are checked: 10 custom identifiers, 200-character regexes from
 * CloudWatch's character set.
 *
 * CloudFormation: `AWS::Logs::LogGroup` × 2 (conversations, audit findings), and the key policy statement.
 */
export class ProtectedLogGroup extends Construct {
  public readonly logGroup: logs.LogGroup;
  public readonly auditLogGroup?: logs.LogGroup;
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: ProtectedLogGroupProps) {
    super(scope, id);
    const custom = props.customIdentifiers ?? [];
    const problems: string[] = [];
    if (custom.length > CWL_MAX_CUSTOM_IDENTIFIERS)
      problems.push(
        `received ${custom.length} custom identifiers; CloudWatch Logs allows ${CWL_MAX_CUSTOM_IDENTIFIERS} per data protection policy`,
      );
    for (const c of custom) {
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(c.name))
        problems.push(`custom identifier name "${c.name}" must be 1-128 letters, digits, _ or -`);
      if (props.managedIdentifiers.includes(c.name))
        problems.push(`custom identifier "${c.name}" has the name of a managed identifier`);
      const err = cloudWatchRegexError(c.regex);
      if (err) problems.push(`custom identifier ${c.name}: the regex ${JSON.stringify(c.regex)} ${err}`);
    }
    if (!Token.isUnresolved(props.dataProtectionPolicyName) && !/^[A-Za-z0-9_-]+$/.test(props.dataProtectionPolicyName))
      problems.push(
        `dataProtectionPolicyName received "${props.dataProtectionPolicyName}"; expected letters, digits, _ and - (aws/aws-cdk#33557)`,
      );
    if (props.managedIdentifiers.length + custom.length === 0)
      problems.push('received no identifiers; expected at least one');
    if (
      props.retention !== undefined &&
      !Token.isUnresolved(props.retention) &&
      !CLOUDWATCH_RETENTION_DAYS.includes(props.retention)
    )
      problems.push(
        `retention received ${props.retention}; expected one of CloudWatch's values: ${CLOUDWATCH_RETENTION_DAYS.join(', ')}`,
      );
    ConstructPropsError.throwIfAny(this, problems);

    const retention = props.retention ?? logs.RetentionDays.ONE_DAY;
    const removalPolicy = props.removalPolicy ?? AWS_DEFAULTS.removalPolicy;
    let audit = props.auditDestination;
    if (!audit) {
      const auditName = auditLogGroupName(props.logGroupName);
      allowCloudWatchLogsOn(this, props.key, auditName);
      this.auditLogGroup = new logs.LogGroup(this, 'Audit', {
        logGroupName: auditName,
        encryptionKey: keyOf(props.key),
        retention,
        removalPolicy,
      });
      audit = { logGroup: this.auditLogGroup };
    }
    allowCloudWatchLogsOn(this, props.key, props.logGroupName);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      logGroupName: props.logGroupName,
      encryptionKey: keyOf(props.key),
      retention,
      removalPolicy,
      dataProtectionPolicy: new logs.DataProtectionPolicy({
        name: props.dataProtectionPolicyName,
        description: 'convoguard: masks sensitive data in conversation logs at ingestion',
        identifiers: [
          ...props.managedIdentifiers.map((n) => new logs.DataIdentifier(n)),
          ...custom.map((c) => new logs.CustomDataIdentifier(c.name, c.regex)),
        ],
        logGroupAuditDestination: audit.logGroup,
        s3BucketAuditDestination: audit.bucket,
        deliveryStreamNameAuditDestination: audit.deliveryStreamName,
      }),
    });
    this.logGroupArn = this.logGroup.logGroupArn;
  }
}
