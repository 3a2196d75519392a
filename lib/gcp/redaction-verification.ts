import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { DataLossPreventionJobTrigger } from '@cdktf/provider-google/lib/data-loss-prevention-job-trigger';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { MonitoringNotificationChannel } from '@cdktf/provider-google/lib/monitoring-notification-channel';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { dependable, ITerraformDependable, TerraformStack, Token } from 'cdktf';
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { DAY } from '../policy/duration';
import type { PlannedExport } from '../policy/verify';
import { ConstructPropsError } from './errors';

export interface RedactionScansProps {
  /** Days between scans: 1 to 60 (DLP job trigger schedule). */
  readonly everyDays: number;
  /** The inspect template the triggers use (`projects/P/locations/L/inspectTemplates/ID`): in `location`. */
  readonly inspectTemplateName: string;
  /** Cloud Storage prefixes and BigQuery tables where transcripts are exported. */
  readonly exports: PlannedExport[];
  /** Trigger id per export, in order (letters, digits, _ and -; at most 100). */
  readonly triggerIds: string[];
  /** BigQuery dataset created for the findings, in `location`, under the key. */
  readonly findingsDataset: string;
  /** Days the findings tables keep rows. */
  readonly findingsDays: number;
  /**
   * Grants the findings dataset waits for: the BigQuery encryption service account's use of the key.
   * @default none: the dataset does not wait
   */
  readonly keyGrants?: ITerraformDependable[];
}

/** The service agents the verification grants to, as IAM members. */
export interface VerificationServiceAgents {
  /** DLP's (for the scans). */
  readonly dlp: string;
  /** Cloud Monitoring notifications' (for the topic). */
  readonly monitoringNotifications: string;
}

/** A log-match alert policy: Cloud Logging entries matching `filter` open an incident. */
export interface LogAlertOptions {
  /** The alert policy's display name. */
  readonly displayName: string;
  /** The Cloud Logging filter. */
  readonly filter: string;
}

export interface RedactionVerificationProps {
  readonly project: string;
  /** A region: the scans' findings dataset and the trigger live there, with the inspect template. */
  readonly location: string;
  /** Cloud KMS key id for the created topic and dataset. */
  readonly kmsKeyId: string;
  /** Service agents, as IAM members: Pub/Sub and Monitoring notifications (for the topic), DLP (for the scans). */
  readonly serviceAgents: VerificationServiceAgents;
  /**
   * A Pub/Sub topic of yours (`projects/P/topics/T`) for alerts and findings.
   * @default a topic created here (`topicName`), encrypted with the key
   */
  readonly topic?: string;
  /** Name of the topic created here. @default required without `topic` */
  readonly topicName?: string;
  /** Grants that must exist before the created topic: the Pub/Sub service agent's use of the key. @default none */
  readonly topicDependsOn?: ITerraformDependable[];
  /** A log-match alert policy: Cloud Logging entries matching `filter` open an incident. @default none */
  readonly logAlert?: LogAlertOptions;
  /**
   * E-mail addresses the alert notifies, a Cloud Monitoring e-mail channel each: a Pub/Sub topic nobody subscribes
   * to keeps no message, so without them, or a topic of yours someone reads, the alert tells nobody. @default none
   */
  readonly emails?: string[];
  /** Scheduled DLP inspection of exports. @default none */
  readonly scans?: RedactionScansProps;
  /** Labels on what it creates: the topic, the notification channels, the alert policy and the findings dataset. @default none */
  readonly labels?: Record<string, string>;
}

/**
 * What proves, after a deploy, that redaction held on an agent's Google Cloud stores: a Cloud Monitoring log-match
 * alert on request logs that should hold only redacted text, notifying a Pub/Sub topic (CMEK), and DLP job triggers
 * that inspect your transcript exports with the agent's inspect template, publishing a notice per finished run to the
 * topic (DLP's pub_sub action carries the job's name, not the findings) and saving the findings (never the data: the
 * template quotes nothing) to a dataset under the key. Order: the channel, then
 * the Monitoring notification agent's publish grant (the agent may exist only once the project has a Pub/Sub channel),
 * then the alert; the DLP agent's publish, dataset-write and export-read grants before the triggers.
 *
 * Terraform: `google_pubsub_topic`, `google_pubsub_topic_iam_member` × 2, `google_monitoring_notification_channel`,
 * `google_monitoring_alert_policy`, `google_bigquery_dataset`, `google_bigquery_dataset_iam_member`,
 * `google_data_loss_prevention_job_trigger` and a read grant per export.
 */
export class RedactionVerification extends Construct {
  /** The topic alerts and findings go to (`projects/P/topics/T`). */
  public readonly topic: string;
  public readonly createdTopic?: PubsubTopic;
  public readonly channel: MonitoringNotificationChannel;
  /** The e-mail channels of `emails`. */
  public readonly emailChannels: MonitoringNotificationChannel[];
  public readonly alertPolicy?: MonitoringAlertPolicy;
  public readonly findingsDataset?: BigqueryDataset;
  public readonly triggers: DataLossPreventionJobTrigger[];

  constructor(scope: Construct, id: string, props: RedactionVerificationProps) {
    super(scope, id);
    const problems: string[] = [];
    const s = props.scans;
    if (!props.topic && !props.topicName) problems.push('received neither topic nor topicName; expected one');
    if (s) {
      if (!Number.isInteger(s.everyDays) || s.everyDays < 1 || s.everyDays > 60)
        problems.push(`scans.everyDays received ${s.everyDays}; DLP job triggers run 1 to 60 days apart`);
      if (s.triggerIds.length !== s.exports.length)
        problems.push(
          `scans.triggerIds has ${s.triggerIds.length} ids for ${s.exports.length} exports; expected one per export`,
        );
      if (s.exports.length === 0) problems.push('scans.exports is empty; expected at least one export');
      if (s.exports.some((e) => e.service === 's3'))
        problems.push('scans.exports holds an s3:// export; DLP scans Cloud Storage and BigQuery');
      if (
        !Token.isUnresolved(s.inspectTemplateName) &&
        !s.inspectTemplateName.includes(`/locations/${props.location}/`)
      ) {
        problems.push(
          `scans.inspectTemplateName "${s.inspectTemplateName}" is not in ${props.location}; a job trigger uses templates of its own location`,
        );
      }
    }
    ConstructPropsError.throwIfAny(this, problems);
    const { project, location } = props;

    if (props.topic) {
      this.topic = props.topic;
    } else {
      this.createdTopic = new PubsubTopic(this, 'Topic', {
        project,
        name: props.topicName!,
        kmsKeyName: props.kmsKeyId,
        labels: props.labels,
        dependsOn: props.topicDependsOn,
      });
      this.topic = this.createdTopic.id;
    }
    // On the agent's own topic the grant is the agent's; on yours, agents share it (see sharedGrant).
    const publisher = (id: string, member: string) => {
      const make = (scope: Construct, cid: string) =>
        new PubsubTopicIamMember(scope, cid, {
          project: topicProject(this.topic) ?? project,
          topic: this.topic,
          role: 'roles/pubsub.publisher',
          member,
        });
      // Keyed by which service agent it is (the member is a token whose text changes between syntheses).
      return this.createdTopic ? make(this, id) : sharedGrant(this, `pubsub|${this.topic}|${id}`, make);
    };
    // Cloud Monitoring's notification agent may come to exist only with the project's first Pub/Sub channel (user
    // reports; Google's docs do not say, and no GA resource creates it): the channel first, then the agent's grant,
    // then the alert that publishes through it.
    this.channel = new MonitoringNotificationChannel(this, 'Channel', {
      project,
      displayName: `convoguard redaction alerts (${topicName(this.topic)})`,
      type: 'pubsub',
      labels: { topic: this.topic },
      userLabels: props.labels,
    });
    // An e-mail channel per address, named by the address (removing one moves no other).
    this.emailChannels = (props.emails ?? []).map(
      (email) =>
        new MonitoringNotificationChannel(
          this,
          `Email${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 8)}`,
          {
            project,
            displayName: `convoguard redaction alerts (${email})`,
            type: 'email',
            labels: { email_address: email },
            userLabels: props.labels,
          },
        ),
    );
    const notifier = publisher('NotificationsPublish', props.serviceAgents.monitoringNotifications);
    notifier.dependsOn = [...(notifier.dependsOn ?? []), dependable(this.channel)];

    if (props.logAlert) {
      this.alertPolicy = new MonitoringAlertPolicy(this, 'UnredactedLogs', {
        project,
        displayName: props.logAlert.displayName,
        combiner: 'OR',
        severity: 'CRITICAL',
        conditions: [
          {
            displayName: 'request-log entry with unredacted personal data',
            conditionMatchedLog: { filter: props.logAlert.filter },
          },
        ],
        // A log-match condition needs a notification rate limit; one incident per hour is enough to act on.
        alertStrategy: { notificationRateLimit: { period: '3600s' }, autoClose: `${7 * DAY}s` },
        notificationChannels: [this.channel.id, ...this.emailChannels.map((c) => c.id)],
        documentation: {
          mimeType: 'text/markdown',
          subject: 'convoguard: unredacted personal data in Dialogflow request logs',
          content:
            'A Dialogflow request log entry matched a pattern of the privacy policy: redaction did not hold for it. Find the entry with the filter of this condition, then the intent, webhook or setting that carried the value.',
        },
        userLabels: props.labels,
        dependsOn: [notifier],
      });
    }

    const triggers: DataLossPreventionJobTrigger[] = [];
    if (s) {
      const dlpPublish = publisher('DlpPublish', props.serviceAgents.dlp);
      this.findingsDataset = new BigqueryDataset(this, 'Findings', {
        project,
        datasetId: s.findingsDataset,
        location,
        description:
          'convoguard: DLP findings of the transcript exports (info types and locations, no quotes of the data)',
        defaultTableExpirationMs: s.findingsDays * DAY * 1000,
        defaultEncryptionConfiguration: { kmsKeyName: props.kmsKeyId },
        deleteContentsOnDestroy: false,
        labels: props.labels,
        dependsOn: s.keyGrants,
      });
      const findingsWriter = new BigqueryDatasetIamMember(this, 'DlpWritesFindings', {
        project,
        datasetId: this.findingsDataset.datasetId,
        role: 'roles/bigquery.dataEditor',
        member: props.serviceAgents.dlp,
      });
      s.exports.forEach((e, i) => {
        const readers: ITerraformDependable[] = [];
        if (e.service === 'gcs')
          readers.push(
            sharedGrant(
              this,
              `gcs|${e.bucket}|dlp`,
              (scope, id) =>
                new StorageBucketIamMember(scope, id, {
                  bucket: e.bucket,
                  role: 'roles/storage.objectViewer',
                  member: props.serviceAgents.dlp,
                }),
            ),
          );
        if (e.service === 'bigquery') {
          readers.push(
            sharedGrant(
              this,
              `bigquery|${e.project}.${e.dataset}|dlp`,
              (scope, id) =>
                new BigqueryDatasetIamMember(scope, id, {
                  project: e.project,
                  datasetId: e.dataset,
                  role: 'roles/bigquery.dataViewer',
                  member: props.serviceAgents.dlp,
                }),
            ),
          );
        }
        triggers.push(
          // Named by the trigger id's fingerprint of the export, not its position: other scans keep their address.
          new DataLossPreventionJobTrigger(this, `Scan-${s.triggerIds[i].slice(-8)}`, {
            parent: `projects/${project}/locations/${location}`,
            triggerId: s.triggerIds[i],
            displayName: `convoguard scan of ${e.uri}`.slice(0, 100),
            description: `convoguard: inspects ${e.uri} every ${s.everyDays} days with the agent's inspect template for personal data that redaction missed`,
            triggers: [{ schedule: { recurrencePeriodDuration: `${s.everyDays * DAY}s` } }],
            inspectJob: {
              inspectTemplateName: s.inspectTemplateName,
              storageConfig:
                e.service === 'gcs'
                  ? {
                      cloudStorageOptions: {
                        fileSet: { url: `gs://${e.bucket}/${e.path ? `${e.path}/` : ''}**` },
                        fileTypes: ['TEXT_FILE', 'CSV', 'TSV'],
                      },
                      // Only objects new since the last run: each one is inspected once.
                      timespanConfig: { enableAutoPopulationOfTimespanConfig: true },
                    }
                  : {
                      bigQueryOptions: {
                        tableReference: {
                          projectId: (e as Extract<PlannedExport, { service: 'bigquery' }>).project,
                          datasetId: (e as Extract<PlannedExport, { service: 'bigquery' }>).dataset,
                          tableId: (e as Extract<PlannedExport, { service: 'bigquery' }>).table,
                        },
                      },
                    },
              actions: [
                { pubSub: { topic: this.topic } },
                {
                  saveFindings: {
                    outputConfig: { table: { projectId: project, datasetId: this.findingsDataset!.datasetId } },
                  },
                },
              ],
            },
            dependsOn: [dlpPublish, findingsWriter, ...readers],
          }),
        );
      });
    }
    this.triggers = triggers;
  }
}

/**
 * A grant on something agents share (your topic, your export buckets and datasets): made once per stack, owned by the
 * stack rather than by an agent, so removing one agent never removes what the others' alerts and scans rely on. Its
 * construct id comes from what it grants, so it stays put as agents come and go.
 */
function sharedGrant<T extends Construct>(scope: Construct, key: string, make: (stack: Construct, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  let grants = SHARED_GRANTS.get(stack);
  if (!grants) SHARED_GRANTS.set(stack, (grants = new Map()));
  // The id is a hash of the key: a token's text changes between syntheses, and an id made from it would move the grant.
  if (Token.isUnresolved(key)) throw new Error(`internal: a shared grant keyed by a token (${key})`);
  let grant = grants.get(key) as T | undefined;
  if (!grant) {
    grant = make(stack, `VerifyGrant-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`);
    grants.set(key, grant);
  }
  return grant;
}
const SHARED_GRANTS = new WeakMap<TerraformStack, Map<string, Construct>>();

/** `T` of `projects/P/topics/T` (or the reference itself when it is a token). */
function topicName(topic: string): string {
  return Token.isUnresolved(topic) ? 'the agent topic' : (topic.split('/').pop() ?? topic);
}

function topicProject(topic: string): string | undefined {
  return Token.isUnresolved(topic) ? undefined : /^projects\/([^/]+)\/topics\//.exec(topic)?.[1];
}
