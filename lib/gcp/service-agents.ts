import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { DataGoogleStorageProjectServiceAccount } from '@cdktf/provider-google/lib/data-google-storage-project-service-account';
import { Construct } from 'constructs';

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
  }
}
