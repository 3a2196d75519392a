/**
 * The plan's shape: one variant per platform, every decision made (names, seconds, the method each platform really
 * applies, detector names), so adapters translate it without re-deciding, casting or asserting.
 */
import type { TerraformBackend } from './backend';
import type { GcpStackLayout } from './gcp-stack-layouts';
import type { CxAgentStudioAgentPlan } from './platforms/cx-agent-studio/plan-types';
import type { DialogflowCxAgentPlan, GcpSharedPlan } from './platforms/dialogflow-cx/plan-types';
import type { LexAgentPlan } from './platforms/lex/plan-types';
import type { MeyaAgentPlan } from './platforms/meya/plan-types';
import type { RasaAgentPlan } from './platforms/rasa/plan-types';

export type * from './plan-base';
export type * from './platforms/cx-agent-studio/plan-types';
export type * from './platforms/dialogflow-cx/plan-types';
export type * from './platforms/lex/plan-types';
export type * from './platforms/meya/plan-types';
export type * from './platforms/rasa/plan-types';

/** One agent's plan: a discriminated union on `platform`. */
export type AgentPlan = DialogflowCxAgentPlan | LexAgentPlan | RasaAgentPlan | MeyaAgentPlan | CxAgentStudioAgentPlan;

export interface ProtectionPlan {
  readonly policy: string;
  readonly version: 1;
  readonly agents: readonly AgentPlan[];
  /** Where the Google Cloud stacks keep Terraform state (terraform.backend; local when absent). */
  readonly terraformBackend: TerraformBackend;
  /** The policy's verify block, when there is one (each lex and dialogflow-cx agent has its own part). */
  readonly verify?: { readonly every?: string };
  /**
   * How the Google Cloud agents are laid out in Terraform stacks (terraform.stacks).
   * @default 'per-location'
   */
  readonly gcpStacks?: GcpStackLayout;
  /** Layout `per-agent`: the shared stack of each project and location that has something project-wide. */
  readonly gcpShared?: readonly GcpSharedPlan[];
  /** review.acknowledge: changes the review gate cannot classify, acknowledged with a reason. */
  readonly review?: {
    readonly acknowledge: ReadonlyArray<{ readonly resource: string; readonly path: string; readonly reason: string }>;
  };
}
