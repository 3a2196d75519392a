import { ManagedKafkaCluster } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaAcl } from '@cdktf/provider-google/lib/managed-kafka-acl';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import { ITerraformDependable, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { GCP_DEFAULTS } from './defaults';
import { ConstructPropsError } from './errors';
import { topicConfigs } from '../policy/kafka';

export interface AnonymizedTopic {
  readonly name: string;
  /** @default 3 */
  readonly partitions?: number;
  /** Changing it replaces the topic. @default 3 */
  readonly replicationFactor?: number;
  /** `retention.ms` */
  readonly retentionMs: number;
  /**
   * `segment.ms`: how often the topic rolls a log segment. Kafka deletes a segment only once its newest event is past
   * `retention.ms`, so this is how long an event may outlive its retention.
   * @default 3600000 (one hour; Kafka's own default is 7 days)
   */
  readonly segmentMs?: number;
  /**
   * A service account: a Kafka ACL on the topic lets it alone write (WRITE, DESCRIBE) and nobody read. Once a topic
   * has an ACL, Kafka's authorizer admits only the principals it allows. For the raw topic of Rasa 3.6-3.12.
   * @default none: every client of the cluster reads and writes the topic
   */
  readonly onlyWriter?: string;
}

export interface AnonymizedTopicsProps {
  readonly project: string;
  /** Region of the cluster, its key and its topics. */
  readonly location: string;
  /** Cluster id (`[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63). */
  readonly clusterId: string;
  /** Subnet (`projects/P/regions/R/subnetworks/S`) in the same region. */
  readonly subnet: string;
  /** Full id of the CMEK key; it must be in the cluster's region. */
  readonly kmsKeyId: string;
  /** Region of the key when `kmsKeyId` is a reference. */
  readonly kmsKeyLocation: string;
  readonly topics: AnonymizedTopic[];
  /** @default 3 */
  readonly vcpus?: number;
  /** @default 3 */
  readonly memoryGiB?: number;
  /** Resources to wait for: the Managed Kafka service agent's grant on the key. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** @default none */
  readonly labels?: Record<string, string>;
}

/**
 * A Managed Kafka cluster encrypted with a customer-managed key, and one topic per stream with `retention.ms`
 * and `cleanup.policy=delete`. The topics carry anonymized events only: Rasa publishes to them through its
 * anonymization pipeline. Outputs the bootstrap address for the Rasa emitter.
 *
 * Terraform: `google_managed_kafka_cluster`, `google_managed_kafka_topic` (one per stream), `google_managed_kafka_acl`
 * (per topic with `onlyWriter`), an output.
 */
export class AnonymizedTopics extends Construct {
  public readonly cluster: ManagedKafkaCluster;
  public readonly topics: Readonly<Record<string, ManagedKafkaTopic>>;
  /** The Kafka ACLs of the topics with `onlyWriter`, by topic name. */
  public readonly acls: Readonly<Record<string, ManagedKafkaAcl>>;
  /** `bootstrap.<cluster>.<region>.managedkafka.<project>.cloud.goog:9092` */
  public readonly bootstrapAddress: string;

  constructor(scope: Construct, id: string, props: AnonymizedTopicsProps) {
    super(scope, id);
    const vcpus = props.vcpus ?? GCP_DEFAULTS.kafkaVcpus;
    const memory = props.memoryGiB ?? GCP_DEFAULTS.kafkaMemoryGiB;
    const problems: string[] = [];
    const subnetRegion = /\/regions\/([^/]+)\//.exec(props.subnet)?.[1];
    if (subnetRegion !== props.location)
      problems.push(`subnet "${props.subnet}" is not in the cluster region "${props.location}"`);
    if (props.kmsKeyLocation !== props.location)
      problems.push(
        `the key is in "${props.kmsKeyLocation}" but the cluster is in "${props.location}"; Managed Kafka needs a key in its own region`,
      );
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(props.clusterId) || props.clusterId.length > 63)
      problems.push(`clusterId received "${props.clusterId}"; expected [a-z]([-a-z0-9]*[a-z0-9])?, at most 63`);
    if (vcpus < 3) problems.push(`vcpus received ${vcpus}; expected at least 3`);
    if (memory < vcpus || memory > vcpus * 8)
      problems.push(`memoryGiB received ${memory}; expected 1 to 8 GiB per vCPU`);
    const seen = new Set<string>();
    for (const t of props.topics) {
      if (seen.has(t.name)) problems.push(`topic "${t.name}" is declared twice`);
      seen.add(t.name);
      if (t.onlyWriter !== undefined && !/^[^@\s]+@[^@\s]+\.iam\.gserviceaccount\.com$/.test(t.onlyWriter))
        problems.push(
          `topic "${t.name}" onlyWriter received "${t.onlyWriter}"; expected a service account email (the SASL user Kafka ACLs name)`,
        );
      if ((t.replicationFactor ?? 3) > 3)
        problems.push(`topic "${t.name}" replicationFactor ${t.replicationFactor} exceeds the 3 brokers' zones`);
    }
    ConstructPropsError.throwIfAny(this, problems);

    this.cluster = new ManagedKafkaCluster(this, 'Cluster', {
      project: props.project,
      location: props.location,
      clusterId: props.clusterId,
      capacityConfig: { vcpuCount: String(vcpus), memoryBytes: String(memory * 1024 ** 3) },
      gcpConfig: { accessConfig: { networkConfigs: [{ subnet: props.subnet }] }, kmsKey: props.kmsKeyId },
      labels: props.labels,
      dependsOn: props.dependsOn,
    });
    const topics: Record<string, ManagedKafkaTopic> = {};
    for (const t of props.topics) {
      topics[t.name] = new ManagedKafkaTopic(this, `Topic-${t.name}`, {
        project: props.project,
        location: props.location,
        cluster: this.cluster.clusterId,
        topicId: t.name,
        partitionCount: t.partitions ?? 3,
        replicationFactor: t.replicationFactor ?? 3,
        configs: topicConfigs(t),
      });
    }
    this.topics = topics;
    const acls: Record<string, ManagedKafkaAcl> = {};
    for (const t of props.topics) {
      if (!t.onlyWriter) continue;
      const principal = `User:${t.onlyWriter}`;
      acls[t.name] = new ManagedKafkaAcl(this, `Acl-${t.name}`, {
        project: props.project,
        location: props.location,
        cluster: this.cluster.clusterId,
        aclId: `topic/${t.name}`,
        aclEntries: ['WRITE', 'DESCRIBE'].map((operation) => ({
          principal,
          operation,
          permissionType: 'ALLOW',
          host: '*',
        })),
        dependsOn: [topics[t.name]],
      });
    }
    this.acls = acls;
    this.bootstrapAddress = `bootstrap.${props.clusterId}.${props.location}.managedkafka.${props.project}.cloud.goog:9092`;
    new TerraformOutput(this, 'BootstrapAddress', {
      value: this.bootstrapAddress,
      description: 'Kafka bootstrap address for the Rasa event broker (anonymized topics)',
    });
  }
}
