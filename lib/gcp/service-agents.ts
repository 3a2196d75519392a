import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { Construct } from 'constructs';

export interface ProjectServiceAgentsProps {
  /** Google Cloud project ID. */
  readonly project: string;
}

/**
 * The Google-managed service agents of a project, as IAM members. `google_project_service_identity` is beta-only,
 * so the emails are built from the project number (`data.google_project`), the documented form.
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
    this.storage = agent('gs-project-accounts.iam.gserviceaccount.com');
    this.managedKafka = agent('gcp-sa-managedkafka.iam.gserviceaccount.com');
  }
}
