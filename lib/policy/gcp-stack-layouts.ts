/** The Terraform stack layouts of the Google Cloud agents (policy `terraform.stacks`; gcp-layout.ts says what each does). A leaf module. */
export const GCP_STACK_LAYOUTS = ['per-location', 'per-agent'] as const;
export type GcpStackLayout = (typeof GCP_STACK_LAYOUTS)[number];
