import { DataGoogleLoggingProjectCmekSettings } from '@cdktf/provider-google/lib/data-google-logging-project-cmek-settings';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectExclusion } from '@cdktf/provider-google/lib/logging-project-exclusion';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { Construct } from 'constructs';
import { dialogflowLogsFilter, MULTI_REGION_LOCATIONS } from '../policy/platforms';
import { ROLES } from './defaults';
import { ConstructPropsError } from './errors';

export interface DialogflowLogRoutingProps {
  readonly project: string;
  /** A region: the log bucket and its key live here (CMEK log buckets need a regional location). */
  readonly location: string;
  /** Log bucket id (and the sink and exclusion names): letters, digits, `_` and `-`, at most 100. */
  readonly bucketId: string;
  /** Days the bucket keeps entries, at least 1 (Cloud Logging's minimum). */
  readonly retentionDays: number;
  /** Full id of a Cloud KMS key in `location` (`projects/P/locations/L/keyRings/R/cryptoKeys/K`). */
  readonly kmsKeyId: string;
}

/**
 * Keeps Dialogflow's logs (the request log, telephony logs, Dialogflow's Data Access audit logs: DIALOGFLOW_LOGS_COVERED)
 * out of the global `_Default` bucket (30 days, Google-managed key) and in a regional
 * log bucket with your key and your retention: `google_logging_project_bucket_config` (CMEK, `retention_days`), a
 * `google_logging_project_sink` of those logs into it, and a `google_logging_project_exclusion` of the same logs from
 * `_Default`. The Logging service agent (from `google_logging_project_cmek_settings`) gets
 * encrypter/decrypter on the key first. A sink into a bucket of its own project needs no writer grant.
 *
 * The filter is every Dialogflow log of the whole project (`dialogflowLogsFilter`): one routing serves every agent of a
 * project and location. Entries written before the exclusion exists stay in `_Default` for its retention.
 *
 * Terraform: `data.google_logging_project_cmek_settings`, `google_kms_crypto_key_iam_member`,
 * `google_logging_project_bucket_config`, `google_logging_project_sink`,
 * `google_logging_project_exclusion`.
 */
export class DialogflowLogRouting extends Construct {
  public readonly bucket: LoggingProjectBucketConfig;
  public readonly sink: LoggingProjectSink;
  public readonly exclusion: LoggingProjectExclusion;
  /** `logging.googleapis.com/projects/P/locations/L/buckets/B`: the sink's destination. */
  public readonly destination: string;

  constructor(scope: Construct, id: string, props: DialogflowLogRoutingProps) {
    super(scope, id);
    const problems: string[] = [];
    if (MULTI_REGION_LOCATIONS.includes(props.location))
      problems.push(`location received "${props.location}"; a CMEK log bucket needs a region such as us-central1`);
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(props.bucketId))
      problems.push(`bucketId received "${props.bucketId}"; expected 1-100 letters, digits, _ and -`);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1)
      problems.push(`retentionDays received ${props.retentionDays}; expected a whole number of days, at least 1`);
    ConstructPropsError.throwIfAny(this, problems);

    const filter = dialogflowLogsFilter(props.project);
    const cmek = new DataGoogleLoggingProjectCmekSettings(this, 'CmekSettings', { project: props.project });
    const keyGrant = new KmsCryptoKeyIamMember(this, 'LoggingKeyUser', {
      cryptoKeyId: props.kmsKeyId,
      role: ROLES.encrypterDecrypter,
      member: `serviceAccount:${cmek.serviceAccountId}`,
    });
    this.bucket = new LoggingProjectBucketConfig(this, 'Bucket', {
      project: props.project,
      location: props.location,
      bucketId: props.bucketId,
      retentionDays: props.retentionDays,
      description: 'convoguard: Dialogflow logs, kept as briefly as the policy allows, under a customer-managed key',
      cmekSettings: { kmsKeyName: props.kmsKeyId },
      dependsOn: [keyGrant],
    });
    this.destination = `logging.googleapis.com/projects/${props.project}/locations/${props.location}/buckets/${props.bucketId}`;
    this.sink = new LoggingProjectSink(this, 'Sink', {
      project: props.project,
      name: props.bucketId,
      destination: this.destination,
      filter,
      uniqueWriterIdentity: true,
      description: 'convoguard: every Dialogflow log into the short-lived CMEK bucket',
      dependsOn: [this.bucket],
    });
    // A sink into a log bucket of its own project needs no writer grant (Cloud Logging's routing docs; granting an
    // empty writer identity would fail the apply).
    this.exclusion = new LoggingProjectExclusion(this, 'DefaultExclusion', {
      project: props.project,
      name: `${props.bucketId}-not-default`,
      filter,
      description:
        'convoguard: Dialogflow logs go to the short-lived CMEK bucket, not to _Default (30 days, Google-managed key)',
      dependsOn: [this.sink],
    });
  }
}
