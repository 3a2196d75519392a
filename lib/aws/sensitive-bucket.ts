import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { brand, isBranded } from '../brand';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AWS_DEFAULTS } from './defaults';
import { wholeDays } from './durations';
import { ConstructPropsError } from './errors';
import { KeyInput, keyOf, principalArnOf, SensitiveDataKey } from './sensitive-data-key';

export interface SensitiveBucketProps {
  /** The key objects are encrypted with: a SensitiveDataKey or any `kms.IKey`. */
  readonly key: KeyInput;
  /**
   * When objects expire after creation, in whole days (at least 1). S3 rounds expiry to the next midnight UTC and
   * runs lifecycle once a day, so with one day an object is removed 24 to 48 hours after it was written, not at
   * exactly 24 hours.
   * @default Duration.days(1)
   */
  readonly expiration?: Duration;
  /**
   * How long the server access logs are kept, in whole days.
   * @default Duration.days(7)
   */
  readonly accessLogExpiration?: Duration;
  /**
   * Days after creation when objects expire.
   * @deprecated use `expiration`
   * @default 1
   */
  readonly expirationDays?: number;
  /**
   * Days the server access logs are kept.
   * @deprecated use `accessLogExpiration`
   * @default 7
   */
  readonly accessLogExpirationDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Only these principals (role or user ARNs) may read the objects: a bucket policy denies s3:GetObject and
   * s3:GetObjectVersion to every other principal, whatever its IAM policies allow (the key's deny exempts requests
   * made through S3, so without this anyone with s3:GetObject and kms:Decrypt reads). `grantRead` adds its grantee.
   * An empty list lets nobody read. Who can change the bucket policy can still lift it.
   * @default no restriction
   */
  readonly restrictReadsTo?: string[];
}

/**
 * A bucket for sensitive objects (Lex audio logs): SSE-KMS with the key and S3 Bucket Keys, expiry after 1 day
 * for current and noncurrent versions and incomplete uploads, TLS only, all public access blocked, bucket owner
 * enforced, server access logs (delivered through a bucket policy, no ACLs) to a log bucket that is itself encrypted
 * (SSE-S3: the only encryption S3 access logging delivers to) and short-lived, RETAIN.
 *
 * CloudFormation: `AWS::S3::Bucket` × 2, `AWS::S3::BucketPolicy` × 2.
 */
export class SensitiveBucket extends Construct {
  /** Whether `x` is a SensitiveBucket, from any loaded copy of convoguard (copy-safe, unlike `instanceof`). */
  public static isSensitiveBucket(x: unknown): x is SensitiveBucket {
    return isBranded(x, 'aws.SensitiveBucket');
  }

  public readonly bucket: s3.Bucket;
  public readonly accessLogs: s3.Bucket;
  private readonly sensitiveKey: KeyInput;
  /** The bucket policy's read deny and the principals it exempts, when reads are restricted. */
  private readonly readDeny?: { readonly statement: iam.PolicyStatement; readonly exempt: string[] };

  constructor(scope: Construct, id: string, props: SensitiveBucketProps) {
    super(scope, id);
    brand(this, 'aws.SensitiveBucket');
    const problems: string[] = [];
    const days = wholeDays(problems, props, 'expiration', 'expirationDays', AWS_DEFAULTS.sensitiveObjectExpirationDays);
    const accessLogDays = wholeDays(
      problems,
      props,
      'accessLogExpiration',
      'accessLogExpirationDays',
      AWS_DEFAULTS.accessLogExpirationDays,
    );
    for (const [name, d] of [
      ['expiration', days],
      ['accessLogExpiration', accessLogDays],
    ] as const)
      if (!Token.isUnresolved(d) && (!Number.isInteger(d) || d < 1))
        problems.push(`${name} received ${d} days; expected a whole number of days, at least 1`);
    ConstructPropsError.throwIfAny(this, problems);
    const removalPolicy = props.removalPolicy ?? AWS_DEFAULTS.removalPolicy;
    this.sensitiveKey = props.key;
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        {
          expiration: Duration.days(accessLogDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    this.bucket = new s3.Bucket(this, 'Resource', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: keyOf(props.key),
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-sensitive-data',
          expiration: Duration.days(days),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
    });
    // Server access logging through a bucket policy for the logging service, not the LogDeliveryWrite ACL that
    // `serverAccessLogsBucket` uses without a feature flag (ACLs are off in both buckets).
    (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: this.accessLogs.bucketName,
      logFilePrefix: 'access/',
    };
    this.accessLogs.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'S3ServerAccessLogs',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.accessLogs.arnForObjects('access/*')],
        conditions: {
          ArnLike: { 'aws:SourceArn': this.bucket.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
    );
    if (props.restrictReadsTo !== undefined) {
      const statement = new iam.PolicyStatement({
        sid: 'OnlyNamedReaders',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [this.bucket.arnForObjects('*')],
      });
      this.readDeny = { statement, exempt: [] };
      for (const arn of props.restrictReadsTo) this.exemptFromReadDeny(arn);
      this.bucket.addToResourcePolicy(statement);
    }
  }

  private exemptFromReadDeny(arn: string): void {
    if (!this.readDeny || this.readDeny.exempt.includes(arn)) return;
    this.readDeny.exempt.push(arn);
    this.readDeny.statement.addCondition('ArnNotEquals', { 'aws:PrincipalArn': [...this.readDeny.exempt] });
  }

  /**
   * Lets `grantee` (a role, a user or an ARN principal) read the objects: a bucket policy statement for
   * `s3:GetObject`, and, on a SensitiveDataKey, `grantDecrypt` (the objects are encrypted with it). Resource policies,
   * not IAM policies, so the report sees who can read.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    if (principalArnOf(grantee.grantPrincipal) === undefined)
      throw new ConstructPropsError(
        this,
        'grantRead received a principal without an ARN; expected a role, a user or an ArnPrincipal',
      );
    const objects = this.bucket.arnForObjects('*');
    const read = iam.Grant.addStatementToResourcePolicy({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [objects],
      resource: this.bucket,
      statement: new iam.PolicyStatement({
        sid: 'SensitiveObjectReaders',
        principals: [grantee.grantPrincipal],
        actions: ['s3:GetObject'],
        resources: [objects],
      }),
    });
    this.exemptFromReadDeny(principalArnOf(grantee.grantPrincipal)!);
    // The objects are encrypted with the key: a SensitiveDataKey grants in its key policy (and exempts the grantee
    // from its deny); any other IKey grants as it does.
    const k = this.sensitiveKey;
    const decrypt = SensitiveDataKey.isSensitiveDataKey(k) ? k.grantDecrypt(grantee) : keyOf(k).grantDecrypt(grantee);
    return read.combine(decrypt);
  }
}
