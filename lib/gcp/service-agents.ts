import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { Construct } from 'constructs';
import { ROLES } from './defaults';

export interface ProjectServiceAgentsProps {
  /** Google Cloud project ID. */
  readonly project: string;
}

/**
 * The Google-managed service agents of a project, as IAM members. Cloud Storage's comes from the GA data source
 * `google_storage_project_service_account`, which creates the agent on projects that never used Cloud Storage (an
 * email built from the project number does not exist there yet). The others are built from the project number
 * (`data.google_project`): `google_project_service_identity`, which would create them, is beta-only. The Dialogflow
 * and CCAI CMEK agents must exist before their grants apply: see README, "What you must do once".
 */
export class ProjectServiceAgents extends Construct {
  public readonly projectNumber: string;
  public readonly dlp: string;
  public readonly dialogflow: string;
  /** Used by Dialogflow CX for customer-managed encryption keys. */
  public readonly dialogflowCmek: string;
  public readonly storage: string;
  public readonly managedKafka: string;
  /** Encrypts CMEK Pub/Sub topics. */
  public readonly pubsub: string;
  /** Publishes Cloud Monitoring notifications to Pub/Sub channels. */
  public readonly monitoringNotifications: string;
  /** CX Agent Studio's service agent: it redacts with the DLP templates and writes audio and BigQuery exports. */
  public readonly ces: string;

  constructor(scope: Construct, id: string, props: ProjectServiceAgentsProps) {
    super(scope, id);
    const project = new DataGoogleProject(this, 'Project', { projectId: props.project });
    this.projectNumber = project.number;
    const agent = (domain: string) => `serviceAccount:service-${project.number}@${domain}`;
    this.dlp = agent('dlp-api.iam.gserviceaccount.com');
    this.dialogflow = agent('gcp-sa-dialogflow.iam.gserviceaccount.com');
    this.dialogflowCmek = agent('gcp-sa-ccai-cmek.iam.gserviceaccount.com');
    this.storage = new DataGoogleStorageProjectServiceAccount(this, 'StorageAgent', { project: props.project }).member;
    this.managedKafka = agent('gcp-sa-managedkafka.iam.gserviceaccount.com');
    this.pubsub = agent('gcp-sa-pubsub.iam.gserviceaccount.com');
    this.monitoringNotifications = agent('gcp-sa-monitoring-notification.iam.gserviceaccount.com');
    this.ces = agent('gcp-sa-ces.iam.gserviceaccount.com');
  }
}

export interface ProjectTemplateReadersProps {
  /** Google Cloud project ID. */
  readonly project: string;
  /** The Dialogflow service agent of the project (`ProjectServiceAgents.dialogflow`). */
  readonly dialogflowServiceAgent: string;
}

/**
 * The project-level grants that let the Dialogflow service agent read the DLP inspect and de-identify templates
 * (`roles/dlp.inspectTemplatesReader`, `roles/dlp.deidentifyTemplatesReader`). Once per project, owned by the
 * project rather than by an agent, so adding or removing an agent never creates, moves or removes them.
 *
 * Terraform: `google_project_iam_member` × 2.
 */
export class ProjectTemplateReaders extends Construct {
  public readonly grants: ProjectIamMember[];

  constructor(scope: Construct, id: string, props: ProjectTemplateReadersProps) {
    super(scope, id);
    this.grants = templateReaderGrants(this, props);
  }
}

/**
 * The two template-reader grants, made in `scope` under fixed ids: ProjectTemplateReaders owns them for a project,
 * and DialogflowCxAgentProtection used on its own makes its own pair the same way (same addresses as before).
 */
export function templateReaderGrants(scope: Construct, props: ProjectTemplateReadersProps): ProjectIamMember[] {
  return [
    new ProjectIamMember(scope, 'DialogflowInspectTemplatesReader', {
      project: props.project,
      role: ROLES.inspectTemplatesReader,
      member: props.dialogflowServiceAgent,
    }),
    new ProjectIamMember(scope, 'DialogflowDeidentifyTemplatesReader', {
      project: props.project,
      role: ROLES.deidentifyTemplatesReader,
      member: props.dialogflowServiceAgent,
    }),
  ];
}
