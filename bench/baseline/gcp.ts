/**
 * The hand-written Google Cloud baseline of `npm run bench`: a CDK for Terraform app that declares, for BENCH_N
 * dialogflow-cx agents over three project/locations (bench/generate.ts), the resources convoguard synthesizes for
 * them, with the same provider classes (deep imports), names and properties, written out directly: no policy file,
 * no plan, no validation, no aspects or checks, no attribution in the `//` blocks. One stack per project/location, the
 * project grants and the request-log routing once per stack, as convoguard does.
 * Run: `BENCH_N=100 node bench/baseline/gcp.js` (writes cdktf.out/ in the working directory).
 */
import { DataGoogleLoggingProjectCmekSettings } from '@cdktf/provider-google/lib/data-google-logging-project-cmek-settings';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { DataLossPreventionDeidentifyTemplate } from '@cdktf/provider-google/lib/data-loss-prevention-deidentify-template';
import { DataLossPreventionInspectTemplate } from '@cdktf/provider-google/lib/data-loss-prevention-inspect-template';
import { DialogflowCxAgent } from '@cdktf/provider-google/lib/dialogflow-cx-agent';
import { DialogflowCxSecuritySettings } from '@cdktf/provider-google/lib/dialogflow-cx-security-settings';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { LoggingProjectBucketConfig } from '@cdktf/provider-google/lib/logging-project-bucket-config';
import { LoggingProjectExclusion } from '@cdktf/provider-google/lib/logging-project-exclusion';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamBinding } from '@cdktf/provider-google/lib/storage-bucket-iam-binding';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

const N = Number(process.env.BENCH_N ?? 1);
const PROJECTS = [
  { project: 'bench-p1', location: 'us-central1' },
  { project: 'bench-p2', location: 'europe-west2' },
  { project: 'bench-p3', location: 'us-west1' },
];
const DECRYPTER = 'group:privacy-officers@example.com';
const INFO_TYPES = ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD_NUMBER'];
const CUSTOM: Array<[string, string]> = [
  ['ORDER_NUMBER', 'ORD-[0-9]{8}'],
  ['SSML_REDACTION_MARKERS', '<mark name="redact-start"/>.*?<mark name="redact-end"/>'],
];

function agent(
  scope: Construct,
  i: number,
  project: string,
  location: string,
  shared: { storageAgent: string; grants: ProjectIamMember[]; routing: boolean },
): void {
  const name = `g${i}`;
  const a = new Construct(scope, name);
  const prefix = `bench-${name}`;
  const labels = {
    'convoguard-agent': name,
    'convoguard-policy': 'bench',
    'data-class': 'sensitive',
    'managed-by': 'convoguard',
  };
  const ring = new KmsKeyRing(a, 'KeyRing', {
    project,
    location,
    name: `${prefix}-keyring`,
    lifecycle: { preventDestroy: true },
  });
  const key = new KmsCryptoKey(a, 'Key', {
    keyRing: ring.id,
    name: `${prefix}-sensitive`,
    purpose: 'ENCRYPT_DECRYPT',
    rotationPeriod: '7776000s',
    destroyScheduledDuration: '2592000s',
    labels,
    lifecycle: { preventDestroy: true },
  });
  new KmsCryptoKeyIamMember(a, 'Decrypter0', {
    cryptoKeyId: key.id,
    role: 'roles/cloudkms.cryptoKeyDecrypter',
    member: DECRYPTER,
  });
  const storageGrant = new KmsCryptoKeyIamMember(a, 'StorageKeyUser', {
    cryptoKeyId: key.id,
    role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    member: shared.storageAgent,
  });
  const bucket = new StorageBucket(a, 'AudioBucket', {
    project,
    name: `${prefix}-audio-${project}`,
    location: location.toUpperCase(),
    storageClass: 'STANDARD',
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    forceDestroy: false,
    versioning: { enabled: false },
    softDeletePolicy: { retentionDurationSeconds: 0 },
    encryption: { defaultKmsKeyName: key.id },
    lifecycleRule: [
      { action: { type: 'Delete' }, condition: { age: 1 } },
      { action: { type: 'AbortIncompleteMultipartUpload' }, condition: { age: 1 } },
    ],
    labels,
    dependsOn: [storageGrant],
  });
  new StorageBucketIamBinding(a, 'AudioBucketReaders', {
    bucket: bucket.name,
    role: 'roles/storage.objectViewer',
    members: [DECRYPTER],
  });
  const parent = `projects/${project}/locations/${location}`;
  const inspect = new DataLossPreventionInspectTemplate(a, 'InspectTemplate', {
    parent,
    templateId: `${prefix}-inspect`,
    displayName: `${prefix}-inspect`,
    description: 'Managed by convoguard: detects sensitive data before Dialogflow writes logs',
    inspectConfig: {
      infoTypes: INFO_TYPES.map((n) => ({ name: n })),
      minLikelihood: 'POSSIBLE',
      includeQuote: false,
      customInfoTypes: CUSTOM.map(([n, p]) => ({
        infoType: { name: n },
        likelihood: 'VERY_LIKELY',
        regex: { pattern: p },
      })),
    },
  });
  const deidentify = new DataLossPreventionDeidentifyTemplate(a, 'DeidentifyTemplate', {
    parent,
    templateId: `${prefix}-deidentify`,
    displayName: `${prefix}-deidentify`,
    description: 'Managed by convoguard: de-identifies findings before Dialogflow writes logs',
    deidentifyConfig: {
      infoTypeTransformations: {
        transformations: [
          {
            infoTypes: [...INFO_TYPES, ...CUSTOM.map(([n]) => n)].map((n) => ({ name: n })),
            primitiveTransformation: { characterMaskConfig: { maskingCharacter: '*' } },
          },
        ],
      },
    },
  });
  const settings = new DialogflowCxSecuritySettings(a, 'SecuritySettings', {
    project,
    location,
    displayName: `${prefix} security settings`,
    inspectTemplate: inspect.id,
    deidentifyTemplate: deidentify.id,
    redactionStrategy: 'REDACT_WITH_SERVICE',
    redactionScope: 'REDACT_DISK_STORAGE',
    retentionWindowDays: 1,
    purgeDataTypes: ['DIALOGFLOW_HISTORY'],
    audioExportSettings: {
      gcsBucket: bucket.name,
      audioExportPattern: '{conversation}/{timestamp}',
      audioFormat: 'MP3',
      enableAudioRedaction: true,
    },
    insightsExportSettings: { enableInsightsExport: false },
  });
  if (shared.routing) {
    const filter = `logName="projects/${project}/logs/dialogflow-runtime.googleapis.com%2Frequests"`;
    const cmek = new DataGoogleLoggingProjectCmekSettings(a, 'CmekSettings', { project });
    const logKeyUser = new KmsCryptoKeyIamMember(a, 'LoggingKeyUser', {
      cryptoKeyId: key.id,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: `serviceAccount:${cmek.serviceAccountId}`,
    });
    const logBucket = new LoggingProjectBucketConfig(a, 'LogBucket', {
      project,
      location,
      bucketId: `${prefix}-logs`,
      retentionDays: 1,
      description: 'convoguard: Dialogflow request logs, kept as briefly as the policy allows, under the agent key',
      cmekSettings: { kmsKeyName: key.id },
      dependsOn: [logKeyUser],
    });
    const sink = new LoggingProjectSink(a, 'Sink', {
      project,
      name: `${prefix}-logs`,
      destination: `logging.googleapis.com/projects/${project}/locations/${location}/buckets/${prefix}-logs`,
      filter,
      uniqueWriterIdentity: true,
      description: 'convoguard: Dialogflow request logs into the short-lived CMEK bucket',
      dependsOn: [logBucket],
    });
    new LoggingProjectExclusion(a, 'DefaultExclusion', {
      project,
      name: `${prefix}-logs-not-default`,
      filter,
      description:
        'convoguard: Dialogflow request logs go to the short-lived CMEK bucket, not to _Default (30 days, Google-managed key)',
      dependsOn: [sink],
    });
  }
  new DialogflowCxAgent(a, 'Agent', {
    project,
    location,
    displayName: `G${i}`,
    defaultLanguageCode: 'en',
    timeZone: 'Europe/London',
    securitySettings: settings.id,
    advancedSettings: {
      loggingSettings: {
        enableStackdriverLogging: true,
        enableInteractionLogging: true,
        enableConsentBasedRedaction: false,
      },
    },
    dependsOn: shared.grants,
  });
}

const app = new App();
PROJECTS.forEach(({ project, location }, p) => {
  const ids = Array.from({ length: N }, (_, i) => i).filter((i) => i % 3 === p);
  if (ids.length === 0) return;
  const id = `bench-gcp-${project}-${location}`;
  const stack = new TerraformStack(app, id);
  new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
  new GoogleProvider(stack, 'google', { project, region: location });
  const number = new DataGoogleProject(stack, 'Project', { projectId: project }).number;
  const storageAgent = new DataGoogleStorageProjectServiceAccount(stack, 'StorageAgent', { project }).member;
  const dialogflow = `serviceAccount:service-${number}@gcp-sa-dialogflow.iam.gserviceaccount.com`;
  const grants = [
    new ProjectIamMember(stack, 'DialogflowInspectTemplatesReader', {
      project,
      role: 'roles/dlp.inspectTemplatesReader',
      member: dialogflow,
    }),
    new ProjectIamMember(stack, 'DialogflowDeidentifyTemplatesReader', {
      project,
      role: 'roles/dlp.deidentifyTemplatesReader',
      member: dialogflow,
    }),
  ];
  ids.forEach((i, k) => agent(stack, i, project, location, { storageAgent, grants, routing: k === 0 }));
});
app.synth();
