import { CfnOutput, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeFinding } from './acknowledge';
import { AWS_DEFAULTS, kafkaSupportsTopics } from './defaults';
import { ConstructPropsError } from './errors';
import { topicConfigs } from '../policy/kafka';
import { SensitiveDataKey } from './sensitive-data-key';

export interface AnonymizedTopic {
  readonly name: string;
  /** @default 3 */
  readonly partitions?: number;
  /** @default 3 (at most the broker count) */
  readonly replicationFactor?: number;
  readonly retentionMs: number;
  /**
   * `segment.ms`: how often the topic rolls a log segment. Kafka deletes a segment only once its newest event is past
   * `retention.ms`, so this is how long an event may outlive its retention.
   * @default 3600000 (one hour; Kafka's own default is 7 days)
   */
  readonly segmentMs?: number;
}

/** A new provisioned cluster for the topics. */
export interface NewClusterOptions {
  readonly clusterName: string;
  /** Subnets in 2 or 3 Availability Zones; one broker per subnet. */
  readonly subnetIds: string[];
  /** @default the VPC's default security group */
  readonly securityGroupIds?: string[];
  /** @default kafka.m7g.large */
  readonly brokerInstanceType?: string;
  /** At least 3.6.0 (AWS::MSK::Topic needs it). @default 3.6.0 */
  readonly kafkaVersion?: string;
  /**
   * Also let clients in with SASL/SCRAM, with a generated user in a Secrets Manager secret encrypted with the key
   * (MSK needs the `AmazonMSK_` prefix and a customer-managed key). Rasa's Kafka client cannot use IAM auth.
   * @default true
   */
  readonly scram?: boolean;
}

export interface AnonymizedTopicsProps {
  readonly key: SensitiveDataKey;
  readonly topics: AnonymizedTopic[];
  /** Create a cluster. Give exactly one of `cluster` and `clusterArn`. @default none: `clusterArn` is given */
  readonly cluster?: NewClusterOptions;
  /** An existing provisioned cluster (Kafka 3.6.0 or later; not Serverless). @default none: `cluster` is given */
  readonly clusterArn?: string;
}

/**
 * Kafka topics that carry anonymized events only: one `AWS::MSK::Topic` per stream, with `retention.ms` and
 * `cleanup.policy=delete`, in an MSK provisioned cluster that this construct creates (Kafka 3.6, encryption at rest
 * with the key, TLS between clients and brokers and inside the cluster, IAM authentication only, broker logs to an
 * encrypted log group) or that you bring. Outputs the IAM bootstrap brokers for the Rasa emitter.
 *
 * `configs` is the Base64 of a JSON map of topic configs (the form the MSK topic API decodes; unverified against a
 * live account).
 *
 * CloudFormation: `AWS::MSK::Cluster`, `AWS::Logs::LogGroup`, `AWS::MSK::Topic` × n, `Custom::AWS` (bootstrap brokers).
 */
export class AnonymizedTopics extends Construct {
  public readonly clusterArn: string;
  public readonly cluster?: msk.CfnCluster;
  public readonly topics: Readonly<Record<string, msk.CfnTopic>>;
  public readonly bootstrapBrokers: string;
  /** The SCRAM user Rasa publishes with, when the construct created the cluster. */
  public readonly scramSecret?: secretsmanager.Secret;
  public readonly scramBootstrapBrokers?: string;

  constructor(scope: Construct, id: string, props: AnonymizedTopicsProps) {
    super(scope, id);
    if ((props.cluster === undefined) === (props.clusterArn === undefined)) {
      throw new ConstructPropsError(
        this,
        `received ${props.cluster ? 'both cluster and clusterArn' : 'neither cluster nor clusterArn'}; expected exactly one`,
      );
    }
    let brokers = 3;
    if (props.cluster) {
      const c = props.cluster;
      const version = c.kafkaVersion ?? AWS_DEFAULTS.kafkaVersion;
      const problems: string[] = [];
      if (!kafkaSupportsTopics(version))
        problems.push(`kafkaVersion received "${version}"; AWS::MSK::Topic needs 3.6.0 or later`);
      if (c.subnetIds.length < 2 || c.subnetIds.length > 3)
        problems.push(`subnetIds received ${c.subnetIds.length}; expected subnets in 2 or 3 Availability Zones`);
      ConstructPropsError.throwIfAny(this, problems);
      brokers = c.subnetIds.length;
      const scram = c.scram ?? true;
      const brokerLogs = new logs.LogGroup(this, 'BrokerLogs', {
        logGroupName: `/convoguard/msk/${c.clusterName}`,
        encryptionKey: props.key.key,
        retention: logs.RetentionDays.ONE_WEEK,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      props.key.allowCloudWatchLogs(`/convoguard/msk/${c.clusterName}`);
      this.cluster = new msk.CfnCluster(this, 'Cluster', {
        clusterName: c.clusterName,
        kafkaVersion: version,
        numberOfBrokerNodes: brokers,
        brokerNodeGroupInfo: {
          clientSubnets: c.subnetIds,
          instanceType: c.brokerInstanceType ?? AWS_DEFAULTS.brokerInstanceType,
          securityGroups: c.securityGroupIds,
          storageInfo: { ebsStorageInfo: { volumeSize: AWS_DEFAULTS.brokerVolumeGiB } },
        },
        encryptionInfo: {
          encryptionAtRest: { dataVolumeKmsKeyId: props.key.keyArn },
          encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
        },
        clientAuthentication: {
          sasl: { iam: { enabled: true }, ...(scram ? { scram: { enabled: true } } : {}) },
          unauthenticated: { enabled: false },
        },
        loggingInfo: { brokerLogs: { cloudWatchLogs: { enabled: true, logGroup: brokerLogs.logGroupName } } },
        enhancedMonitoring: 'PER_BROKER',
      });
      this.cluster.applyRemovalPolicy(RemovalPolicy.RETAIN);
      this.clusterArn = this.cluster.attrArn;
      if (scram) {
        this.scramSecret = new secretsmanager.Secret(this, 'RasaScramSecret', {
          secretName: `AmazonMSK_${c.clusterName}-rasa`,
          description: 'convoguard: SASL/SCRAM user with which Rasa publishes anonymized events to the MSK cluster',
          encryptionKey: props.key.key,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({ username: 'rasa' }),
            generateStringKey: 'password',
            excludePunctuation: true,
            passwordLength: 32,
          },
        });
        this.scramSecret.applyRemovalPolicy(RemovalPolicy.DESTROY);
        new msk.CfnBatchScramSecret(this, 'ScramSecrets', {
          clusterArn: this.clusterArn,
          secretArnList: [this.scramSecret.secretArn],
        });
        Validations.of(this.scramSecret).acknowledge({
          id: 'AwsSolutions::AwsSolutions-SMG4',
          reason:
            'MSK reads SCRAM credentials from this secret; rotating it needs a rotation function that also updates the Rasa deployment, which convoguard cannot reach.',
        });
      }
    } else {
      this.clusterArn = props.clusterArn!;
    }

    const topics: Record<string, msk.CfnTopic> = {};
    for (const t of props.topics) {
      const rf = t.replicationFactor ?? 3;
      if (rf > brokers)
        throw new ConstructPropsError(this, `topic "${t.name}" replicationFactor ${rf} exceeds the ${brokers} brokers`);
      topics[t.name] = new msk.CfnTopic(this, `Topic-${t.name}`, {
        clusterArn: this.clusterArn,
        topicName: t.name,
        partitionCount: t.partitions ?? 3,
        replicationFactor: rf,
        configs: Fn.base64(JSON.stringify(topicConfigs(t))),
      });
    }
    this.topics = topics;

    const lookup = new cr.AwsCustomResource(this, 'BootstrapBrokersLookup', {
      onUpdate: {
        service: 'Kafka',
        action: 'getBootstrapBrokers',
        parameters: { ClusterArn: this.clusterArn },
        physicalResourceId: cr.PhysicalResourceId.of(`${Stack.of(this).stackName}-${this.node.addr}-bootstrap`),
        outputPaths: ['BootstrapBrokerStringSaslIam', 'BootstrapBrokerStringSaslScram'],
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.clusterArn] }),
      installLatestAwsSdk: false,
    });
    if (this.cluster) lookup.node.addDependency(this.cluster);
    this.bootstrapBrokers = lookup.getResponseField('BootstrapBrokerStringSaslIam');
    new CfnOutput(this, 'BootstrapBrokers', {
      value: this.bootstrapBrokers,
      description: 'Kafka bootstrap brokers (SASL/IAM) for clients that speak IAM',
    });
    if (this.scramSecret) {
      this.scramBootstrapBrokers = lookup.getResponseField('BootstrapBrokerStringSaslScram');
      new CfnOutput(this, 'ScramBootstrapBrokers', {
        value: this.scramBootstrapBrokers,
        description: 'Kafka bootstrap brokers (SASL/SCRAM) for the Rasa event broker: KAFKA_BOOTSTRAP_SERVERS',
      });
      new CfnOutput(this, 'ScramSecretArn', {
        value: this.scramSecret.secretArn,
        description:
          'Secret holding the SCRAM username and password for Rasa: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD',
      });
    }
  }
}

/** cdk-nag findings on the provider function that AwsCustomResource adds once per stack, with reasons. */
export function acknowledgeCustomResourceProvider(stack: Stack): void {
  acknowledgeFinding(
    stack,
    'AwsSolutions::AwsSolutions-IAM4',
    'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    'The AwsCustomResource provider function (MSK bootstrap broker lookup, Macie classification job) uses AWSLambdaBasicExecutionRole only to write its own logs.',
  );
}
