import { ModelArmorFloorsetting } from '@cdktf/provider-google/lib/model-armor-floorsetting';
import { ModelArmorTemplate } from '@cdktf/provider-google/lib/model-armor-template';
import { Construct } from 'constructs';
import { MULTI_REGION_LOCATIONS } from '../policy/platforms';
import { ConstructPropsError } from './errors';

export interface SensitiveDataArmorProps {
  readonly project: string;
  /** A region: Model Armor templates are regional and use DLP templates of their own location. */
  readonly location: string;
  /** Template id: letters, digits, _ and -. */
  readonly templateId: string;
  /** The DLP inspect template (`projects/P/locations/L/inspectTemplates/ID`), in `location`. */
  readonly inspectTemplate: string;
  /** The DLP de-identify template, in `location`; its infoTypes must all be in the inspect template. */
  readonly deidentifyTemplate: string;
  /** @default none */
  readonly labels?: Record<string, string>;
}

/**
 * A Model Armor template that screens prompts and responses with the agent's own DLP inspect and de-identify
 * templates (Sensitive Data Protection, advanced configuration), so the Vertex AI and Agent Builder calls a team
 * makes beside its agent redact what the agent's logs redact. Sanitize operations are not logged: the log entries
 * would carry the prompts. Dialogflow CX's own generative calls cannot use it (provider 6.50 has no such setting).
 *
 * Terraform: `google_model_armor_template`.
 */
export class SensitiveDataArmor extends Construct {
  public readonly template: ModelArmorTemplate;
  /** `projects/P/locations/L/templates/ID`: what a Vertex AI request or a sanitize call names. */
  public readonly templateName: string;

  constructor(scope: Construct, id: string, props: SensitiveDataArmorProps) {
    super(scope, id);
    if (MULTI_REGION_LOCATIONS.includes(props.location)) {
      throw new ConstructPropsError(
        this,
        `location received "${props.location}"; Model Armor templates are regional and read DLP templates of their own region`,
      );
    }
    const inLocation = `/locations/${props.location}/`;
    const literal = (v: string) => !v.includes('${');
    for (const [name, v] of [
      ['inspectTemplate', props.inspectTemplate],
      ['deidentifyTemplate', props.deidentifyTemplate],
    ] as const) {
      if (literal(v) && !v.includes(inLocation))
        throw new ConstructPropsError(
          this,
          `${name} received "${v}"; expected a DLP template in ${props.location}, the template's location`,
        );
    }
    this.template = new ModelArmorTemplate(this, 'Resource', {
      project: props.project,
      location: props.location,
      templateId: props.templateId,
      filterConfig: {
        sdpSettings: {
          advancedConfig: { inspectTemplate: props.inspectTemplate, deidentifyTemplate: props.deidentifyTemplate },
        },
      },
      templateMetadata: { logSanitizeOperations: false, enforcementType: 'INSPECT_AND_BLOCK' },
      ...(props.labels ? { labels: props.labels } : {}),
    });
    this.templateName = this.template.id;
  }
}

export interface ProjectArmorFloorProps {
  readonly project: string;
}

/**
 * The project's Model Armor floor setting: basic Sensitive Data Protection enforced on Vertex AI (`AI_PLATFORM`),
 * without Cloud Logging of findings. One per project; `terraform destroy` leaves it in place (the provider does not
 * delete floor settings).
 *
 * Terraform: `google_model_armor_floorsetting`.
 */
export class ProjectArmorFloor extends Construct {
  public readonly floorSetting: ModelArmorFloorsetting;

  constructor(scope: Construct, id: string, props: ProjectArmorFloorProps) {
    super(scope, id);
    this.floorSetting = new ModelArmorFloorsetting(this, 'Resource', {
      parent: `projects/${props.project}`,
      location: 'global',
      filterConfig: { sdpSettings: { basicConfig: { filterEnforcement: 'ENABLED' } } },
      enableFloorSettingEnforcement: true,
      integratedServices: ['AI_PLATFORM'],
      aiPlatformFloorSetting: { inspectAndBlock: true, enableCloudLogging: false },
    });
  }
}
