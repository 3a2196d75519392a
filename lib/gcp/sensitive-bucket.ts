import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { GCP_DEFAULTS } from './defaults';
import { ConstructPropsError, locationOf } from './errors';

export interface SensitiveBucketProps {
  readonly project: string;
  /** Bucket name (global namespace). */
  readonly name: string;
  /** Bucket location; the key must live in the same location. */
  readonly location: string;
  /** Full id of the Cloud KMS key used as the default encryption key. */
  readonly kmsKeyId: string;
  /**
   * Location of the key, when `kmsKeyId` is a reference; checked against the bucket location.
   * @default read from a literal kmsKeyId
   */
  readonly kmsKeyLocation?: string;
  /**
   * Days after which objects are deleted. Cloud Storage lifecycle works in days, 1 is the minimum, and rules can
   * take up to 24 h to act.
   * @default 1
   */
  readonly objectAgeDays?: number;
  /**
   * Resources the bucket must wait for: the Cloud Storage service agent's grant on the key, without which
   * creating a CMEK bucket fails.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
  /** @default none */
  readonly labels?: Record<string, string>;
}

/**
 * A bucket for sensitive objects (Dialogflow audio export): CMEK default key, 1-day `Delete` lifecycle plus
 * `AbortIncompleteMultipartUpload`, uniform bucket-level access, public access prevention enforced, soft delete off
 * (otherwise deleted objects linger 7 days), no versioning, no retention policy (a retention policy is a minimum,
 * not a TTL), `force_destroy` off.
 *
 * Terraform: `google_storage_bucket`.
 */
export class SensitiveBucket extends Construct {
  public readonly bucket: StorageBucket;
  public readonly bucketName: string;
  /** `gs://name`, the form Dialogflow's audio export takes. */
  public readonly gsUri: string;

  constructor(scope: Construct, id: string, props: SensitiveBucketProps) {
    super(scope, id);
    const age = props.objectAgeDays ?? GCP_DEFAULTS.sensitiveObjectAgeDays;
    if (!Number.isInteger(age) || age < 1)
      throw new ConstructPropsError(this, `objectAgeDays received ${age}; expected a whole number of days, at least 1`);
    const keyLocation = props.kmsKeyLocation ?? locationOf(props.kmsKeyId);
    if (keyLocation && !sameLocation(keyLocation, props.location)) {
      throw new ConstructPropsError(
        this,
        `the key is in "${keyLocation}" but the bucket is in "${props.location}"; a bucket's CMEK key must be in the bucket's location`,
      );
    }
    this.bucket = new StorageBucket(this, 'Resource', {
      project: props.project,
      name: props.name,
      location: props.location.toUpperCase(),
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: GCP_DEFAULTS.publicAccessPrevention,
      forceDestroy: false,
      encryption: { defaultKmsKeyName: props.kmsKeyId },
      versioning: { enabled: false },
      softDeletePolicy: { retentionDurationSeconds: GCP_DEFAULTS.softDeleteRetentionSeconds },
      lifecycleRule: [
        { action: { type: 'Delete' }, condition: { age } },
        {
          action: { type: 'AbortIncompleteMultipartUpload' },
          condition: { age: GCP_DEFAULTS.abortIncompleteUploadAgeDays },
        },
      ],
      labels: props.labels,
      dependsOn: props.dependsOn,
    });
    this.bucketName = this.bucket.name;
    this.gsUri = `gs://${this.bucket.name}`;
  }
}

/**
 * Whether a key location serves a bucket location: the same region or multi-region, where Cloud KMS calls the EU
 * multi-region `europe` and Cloud Storage `EU`.
 */
function sameLocation(key: string, bucket: string): boolean {
  const norm = (l: string) => (l.toLowerCase() === 'europe' ? 'eu' : l.toLowerCase());
  return norm(key) === norm(bucket);
}
