import type { Construct } from 'constructs';
import type { PlannedDlpTransformation } from '../policy/dlp-transformations';
import type { AgentPlanBase } from '../policy/plan';
import { DeidentifyTemplate } from './deidentify-template';
import { InspectTemplate } from './inspect-template';

export interface AgentTemplatesProps {
  readonly project: string;
  /** The DLP location of the templates (the agent's, or the DLP name of an app's multi-region). */
  readonly location: string;
  readonly inspectTemplateId: string;
  readonly deidentifyTemplateId: string;
  /** The plan's detection, what the inspect template finds. */
  readonly plan: Pick<AgentPlanBase, 'detection'> & {
    readonly dlpTransformations: readonly PlannedDlpTransformation[];
    readonly cryptoKey?: { readonly kmsKeyName: string; readonly wrappedKey: string };
  };
}

/**
 * An agent's DLP inspect and de-identify templates from its plan, under the construct ids `InspectTemplate` and
 * `DeidentifyTemplate` of `scope`: the same for every Google platform that redacts with DLP (Dialogflow CX, CX Agent
 * Studio), written once.
 */
export function agentTemplates(
  scope: Construct,
  props: AgentTemplatesProps,
): { inspectTemplate: InspectTemplate; deidentifyTemplate: DeidentifyTemplate } {
  const { plan, project, location } = props;
  const inspectTemplate = new InspectTemplate(scope, 'InspectTemplate', {
    project,
    location,
    templateId: props.inspectTemplateId,
    infoTypes: plan.detection.kinds.flatMap((k) => k.detectors),
    customInfoTypes: plan.detection.patterns.map((p) => ({
      name: p.name,
      pattern: p.platformPattern,
      likelihood: p.likelihood,
    })),
    minLikelihood: plan.detection.minLikelihood,
  });
  const deidentifyTemplate = new DeidentifyTemplate(scope, 'DeidentifyTemplate', {
    project,
    location,
    templateId: props.deidentifyTemplateId,
    transformations: plan.dlpTransformations.map((t) => ({ ...t, infoTypes: [...t.infoTypes] })),
    cryptoKey: plan.cryptoKey,
  });
  return { inspectTemplate, deidentifyTemplate };
}
