/**
 * The marks convoguard writes on every resource it synthesizes, and reads back in the report and the gate: decided
 * here once, for both output formats. CloudFormation keeps them in a resource's `Metadata`, Terraform JSON in its
 * `//` comment block (which Terraform ignores).
 */
export const ATTRIBUTION = {
  /** The agent a CloudFormation resource protects (Metadata, and a tag where the type takes tags). */
  cfnAgent: 'convoguard:agent',
  /** Acknowledgements of a change, written on a CloudFormation resource in code. */
  cfnAcknowledge: 'convoguard:acknowledge',
  /** The agent a Terraform resource protects (`//.convoguard_agent`). */
  tfAgent: 'convoguard_agent',
  /** The project a shared Terraform resource serves (terraform.stacks: per-agent). */
  tfShared: 'convoguard_shared',
  /** Acknowledgements of a change, written on a Terraform resource in code. */
  tfAcknowledge: 'convoguard_acknowledge',
} as const;
