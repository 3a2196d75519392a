import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { CxAgentStudioAgentPlan, TerraformBackend } from '../../policy/plan';
import { addAspect } from '../aspects';
import { ConvoGuardChecksAspect } from '../convoguard-checks-aspect';
import { applyBackend } from '../backend';
import { ProjectServiceAgents } from '../service-agents';
import { CES_BINDING_PROVIDER_VERSION } from './ces-resources';
import { cesTemplateReaderGrants, CxAgentStudioProtection } from './cx-agent-studio-protection';

export interface CesProtectionStackProps {
  readonly policyName: string;
  readonly project: string;
  /** `us` or `eu`. */
  readonly location: string;
  /** cx-agent-studio agent plans, all in this project and location. */
  readonly agents: CxAgentStudioAgentPlan[];
  /** @default local state, as for GcpProtectionStack */
  readonly backend?: TerraformBackend;
  /**
   * False when another CX Agent Studio stack of the same project (deployed first) owns the project's template-reader
   * grants: this stack then makes none.
   * @default true
   */
  readonly ownsProjectGrants?: boolean;
}

/**
 * A Terraform stack of CX Agent Studio apps: one per project and location. It pins hashicorp/google
 * `CES_BINDING_PROVIDER_VERSION` (the google_ces_* types need 7.x); every other Google Cloud stack keeps the 6.50.0
 * that `@cdktf/provider-google` binds, so adding an app changes no other stack.
 */
export class CesProtectionStack extends TerraformStack {
  public readonly protections: Readonly<Record<string, CxAgentStudioProtection>>;

  constructor(scope: Construct, id: string, props: CesProtectionStackProps) {
    super(scope, id);
    applyBackend(this, id, props.backend ?? { kind: 'local' });
    new GoogleProvider(this, 'google', { project: props.project });
    this.addOverride('terraform.required_providers.google.version', CES_BINDING_PROVIDER_VERSION);
    const serviceAgents = new ProjectServiceAgents(this, 'ServiceAgents', { project: props.project });
    // Project-level grants exist once per project, owned by the project (ProjectGrants), shared by every app: adding or
    // removing an app never creates, moves or removes them.
    const templateReaderGrants =
      props.ownsProjectGrants === false
        ? []
        : cesTemplateReaderGrants(new Construct(this, 'ProjectGrants'), props.project, serviceAgents.ces);
    const protections: Record<string, CxAgentStudioProtection> = {};
    for (const agent of props.agents)
      protections[agent.name] = new CxAgentStudioProtection(this, agent.name, {
        policyName: props.policyName,
        plan: agent,
        serviceAgents,
        templateReaderGrants,
      });
    this.protections = protections;
    addAspect(this, new ConvoGuardChecksAspect());
  }
}

export { cesStackName } from './ces-name';
