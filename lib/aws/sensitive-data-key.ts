import { Annotations, Aws, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { brand, isBranded } from '../brand';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AWS_KMS_ROTATION_DAYS, KMS_DELETION_WINDOW_DAYS } from '../policy/platforms';
import { awsDecrypterProblem } from '../policy/principals';
import { AWS_DEFAULTS } from './defaults';
import { wholeDays } from './durations';
import { ConstructPropsError } from './errors';

export interface SensitiveDataKeyProps {
  /** Alias, such as `alias/convoguard/support`. */
  readonly alias: string;
  /**
   * Automatic rotation period, in whole days (90 to 2560).
   * @default Duration.days(90)
   */
  readonly rotationPeriod?: Duration;
  /**
   * Waiting period before a key scheduled for deletion is destroyed, in whole days (7 to 30).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
  /**
   * Automatic rotation period in days.
   * @deprecated use `rotationPeriod`
   * @default 90
   */
  readonly rotationDays?: number;
  /**
   * Waiting period before deletion, in days.
   * @deprecated use `pendingWindow`
   * @default 30
   */
  readonly pendingWindowDays?: number;
  /**
   * IAM role or user ARNs allowed to decrypt sensitive data. Wildcards are refused.
   * @default none
   */
  readonly decrypters?: string[];
  /**
   * What happens to the key when it leaves the stack. Keep RETAIN: a deleted key makes the data unreadable.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** @default a description naming convoguard */
  readonly description?: string;
  /**
   * Deny `kms:Decrypt` (and `kms:ReEncrypt*`) to every principal except the decrypters, AWS services, service-linked
   * roles, and requests S3, MSK, CloudWatch Logs or Secrets Manager (the Kafka SCRAM secret) make for the stores. The account root keeps administration
   * (`kms:*` stays, so the key remains manageable), but administrators can no longer decrypt directly.
   * @default true
   */
  readonly denyOtherDecrypters?: boolean;
}

/**
 * A customer-managed KMS key for sensitive conversation data: automatic rotation, RETAIN, an alias, and a key
 * policy that names who may decrypt. CloudWatch Logs gets use of the key only for the log groups you name
 * (`allowCloudWatchLogs`), conditioned on the log group's encryption context, a statement CDK does not add by itself.
 * Nothing grants `kms:Decrypt` to `*`.
 *
 * CloudFormation: `AWS::KMS::Key`, `AWS::KMS::Alias`.
 */
export class SensitiveDataKey extends Construct {
  /** Whether `x` is a SensitiveDataKey, from any loaded copy of convoguard (copy-safe, unlike `instanceof`). */
  public static isSensitiveDataKey(x: unknown): x is SensitiveDataKey {
    return isBranded(x, 'aws.SensitiveDataKey');
  }

  public readonly key: kms.Key;
  public readonly keyArn: string;
  /** Principal ARNs the deny statement exempts: the decrypters, and every grantee of grantDecrypt. */
  private readonly exempt: string[];
  private grants = 0;

  constructor(scope: Construct, id: string, props: SensitiveDataKeyProps) {
    super(scope, id);
    brand(this, 'aws.SensitiveDataKey');
    const problems: string[] = [];
    const rotation = wholeDays(problems, props, 'rotationPeriod', 'rotationDays', AWS_DEFAULTS.rotationDays);
    const pending = wholeDays(problems, props, 'pendingWindow', 'pendingWindowDays', AWS_DEFAULTS.pendingWindowDays);
    const r = AWS_KMS_ROTATION_DAYS;
    const w = KMS_DELETION_WINDOW_DAYS;
    if (!Token.isUnresolved(rotation) && (!Number.isInteger(rotation) || rotation < r.min || rotation > r.max))
      problems.push(`rotation period received ${rotation} days; expected ${r.min} to ${r.max}`);
    if (!Token.isUnresolved(pending) && (!Number.isInteger(pending) || pending < w.min || pending > w.max))
      problems.push(`pending window received ${pending} days; expected ${w.min} to ${w.max}`);
    for (const arn of props.decrypters ?? []) {
      // The deny statement lists decrypters as exceptions; a token cannot be checked here, IAM checks it at deploy.
      // A token (role.roleArn) is checked by IAM at deploy time; only literal ARNs can be checked here.
      const problem = Token.isUnresolved(arn) ? undefined : awsDecrypterProblem(arn);
      if (problem) problems.push(`decrypters ${problem}`);
    }
    ConstructPropsError.throwIfAny(this, problems);

    this.key = new kms.Key(this, 'Resource', {
      alias: props.alias,
      description: props.description ?? 'convoguard: encrypts sensitive conversation data (logs, audio, topics)',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(rotation),
      pendingWindow: Duration.days(pending),
      removalPolicy: props.removalPolicy ?? AWS_DEFAULTS.removalPolicy,
    });
    this.keyArn = this.key.keyArn;
    this.exempt = [...(props.decrypters ?? [])];
    if (props.denyOtherDecrypters ?? true) {
      const region = Stack.of(this).region;
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyDecryptExceptDecryptersAndServices',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:Decrypt', 'kms:ReEncrypt*'],
          resources: ['*'],
          conditions: {
            // Lazy: principals granted later with grantDecrypt are exempted too.
            ArnNotLike: {
              'aws:PrincipalArn': Lazy.list({
                produce: () => [...this.exempt, `arn:${Aws.PARTITION}:iam::*:role/aws-service-role/*`],
              }),
            },
            StringNotEquals: {
              'kms:ViaService': ['s3', 'kafka', 'logs', 'secretsmanager'].map(
                (service) => `${service}.${region}.amazonaws.com`,
              ),
            },
            Bool: { 'aws:PrincipalIsAWSService': 'false' },
            // Only principals of this account: AWS-owned accounts (MSK's EBS volumes use a grant from one) are left
            // to the key's grants, and other accounts have no allow statement anyway.
            StringEquals: { 'aws:PrincipalAccount': Stack.of(this).account },
          },
        }),
      );
    }
    if ((props.decrypters ?? []).length > 0) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'SensitiveDataDecrypters',
          principals: props.decrypters!.map((arn) => new iam.ArnPrincipal(arn)),
          actions: ['kms:Decrypt', 'kms:DescribeKey'],
          resources: ['*'],
        }),
      );
    }
  }

  /**
   * Lets CloudWatch Logs in this stack's region encrypt the named log groups with the key, and nothing else.
   * @param logGroupName the log group's name (its ARN is built from it, so the key policy does not depend on the log group)
   */
  public allowCloudWatchLogs(logGroupName: string): void {
    this.key.addToResourcePolicy(cloudWatchLogsStatement(this, logGroupName));
  }

  /**
   * Lets `grantee` (a role, a user or an ARN principal) decrypt with the key: a key policy statement naming it, and
   * an exemption from the deny statement. Key policy, not IAM policy, so the report lists it as a named decrypter.
   * Anyone granted here who is not in the policy's access.decrypters is a CG-READERS finding in review.
   */
  public grantDecrypt(grantee: iam.IGrantable): iam.Grant {
    const arn = principalArnOf(grantee.grantPrincipal);
    if (arn === undefined)
      throw new ConstructPropsError(
        this,
        'grantDecrypt received a principal without an ARN; expected a role, a user or an ArnPrincipal (the deny statement exempts principals by ARN)',
      );
    this.exempt.push(arn);
    const actions = ['kms:Decrypt', 'kms:DescribeKey'];
    // In the key policy, never the grantee's identity policy: the report reads who may decrypt from the key.
    return iam.Grant.addStatementToResourcePolicy({
      grantee,
      actions,
      resourceArns: ['*'],
      resource: this.key,
      statement: new iam.PolicyStatement({
        sid: `SensitiveDataDecrypterGrant${++this.grants}`,
        principals: [grantee.grantPrincipal],
        actions,
        resources: ['*'],
      }),
    });
  }
}

/** A key convoguard's constructs accept: a SensitiveDataKey, or any `kms.IKey` (yours, or `kms.Key.fromKeyArn`). */
export type KeyInput = SensitiveDataKey | kms.IKey;

/** The `kms.IKey` of a KeyInput (a SensitiveDataKey is recognised copy-safely, by its Symbol.for mark). */
export function keyOf(k: KeyInput): kms.IKey {
  return SensitiveDataKey.isSensitiveDataKey(k) ? k.key : k;
}

/**
 * Lets CloudWatch Logs use `k` for one log group. On a key whose policy is not managed in this app (imported with
 * fromKeyArn), the statement cannot be added: a warning says what to add, instead of a log group that cannot write.
 */
export function allowCloudWatchLogsOn(scope: Construct, k: KeyInput, logGroupName: string): void {
  const key = keyOf(k);
  const { statementAdded } = key.addToResourcePolicy(cloudWatchLogsStatement(scope, logGroupName), true);
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2(
      'convoguard:imported-key-policy',
      `the key ${key.keyArn} is not managed here: its key policy must let logs.<region>.amazonaws.com use it for the log group ${logGroupName} (kms:EncryptionContext:aws:logs:arn), or the log group cannot be encrypted`,
    );
  }
}

function cloudWatchLogsStatement(scope: Construct, logGroupName: string): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: `CloudWatchLogs${logGroupName.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 100),
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:log-group:${logGroupName}`,
      },
    },
  });
}

/** The ARN of a role, a user or an ARN principal (recognised by shape: principals may come from another copy of the library). */
export function principalArnOf(p: iam.IPrincipal): string | undefined {
  const x = p as Partial<iam.IRole & iam.IUser & iam.ArnPrincipal>;
  return x.roleArn ?? x.userArn ?? (typeof x.arn === 'string' ? x.arn : undefined);
}
