import { DataLossPreventionInspectTemplate } from '@cdktf/provider-google/lib/data-loss-prevention-inspect-template';
import { Construct } from 'constructs';
import { DLP_GLOBAL_ONLY_INFO_TYPES } from '../policy/catalog';
import { re2Error } from '../policy/detectors';
import { GCP_DEFAULTS } from './defaults';
import { ConstructPropsError } from './errors';

export interface CustomInfoType {
  /** infoType name, such as ORDER_NUMBER. */
  readonly name: string;
  /** RE2 pattern. */
  readonly pattern: string;
  /** @default VERY_LIKELY */
  readonly likelihood?: string;
}

export interface InspectTemplateProps {
  readonly project: string;
  /** Location of the template: the location of the Dialogflow agent and security settings that use it. */
  readonly location: string;
  /** Template id (letters, digits, _ and -; at most 100). */
  readonly templateId: string;
  /** Built-in DLP infoTypes. */
  readonly infoTypes: string[];
  /** @default none */
  readonly customInfoTypes?: CustomInfoType[];
  /** @default POSSIBLE */
  readonly minLikelihood?: string;
  /**
   * Maximum findings per item; 0 is "no limit" to DLP, which is what redaction wants.
   * @default 0
   */
  readonly maxFindingsPerItem?: number;
  /** @default 0 */
  readonly maxFindingsPerRequest?: number;
  /** @default templateId */
  readonly displayName?: string;
  /** @default a description naming convoguard */
  readonly description?: string;
}

/**
 * A regional DLP inspection template: built-in infoTypes, custom regex infoTypes (RE2, checked here), a minimum
 * likelihood and limits. Its parent is always `projects/P/locations/L`: a bare `projects/P` parent gives a global
 * template that regional Dialogflow security settings reject. Changing a custom detector replaces the template.
 *
 * Terraform: `google_data_loss_prevention_inspect_template`.
 */
export class InspectTemplate extends Construct {
  public readonly template: DataLossPreventionInspectTemplate;
  /** Full template name (`projects/P/locations/L/inspectTemplates/ID`): what security settings reference. */
  public readonly templateName: string;
  public readonly location: string;

  constructor(scope: Construct, id: string, props: InspectTemplateProps) {
    super(scope, id);
    const problems: string[] = [];
    if (props.location !== 'global') {
      const globalOnly = props.infoTypes.filter((t) => DLP_GLOBAL_ONLY_INFO_TYPES.includes(t));
      if (globalOnly.length > 0)
        problems.push(
          `infoTypes ${globalOnly.join(', ')} work only in the "global" location; this template is in "${props.location}"`,
        );
    }
    if (props.infoTypes.length === 0 && (props.customInfoTypes ?? []).length === 0)
      problems.push('received no infoTypes and no customInfoTypes; expected at least one detector');
    for (const c of props.customInfoTypes ?? []) {
      const err = re2Error(c.pattern);
      if (err)
        problems.push(
          `customInfoTypes ${c.name} received ${JSON.stringify(c.pattern)}, which is not valid RE2: ${err}`,
        );
    }
    if (!/^[a-zA-Z0-9_-]{1,100}$/.test(props.templateId))
      problems.push(`templateId received "${props.templateId}"; expected 1-100 letters, digits, _ and -`);
    ConstructPropsError.throwIfAny(this, problems);

    this.location = props.location;
    this.template = new DataLossPreventionInspectTemplate(this, 'Resource', {
      parent: `projects/${props.project}/locations/${props.location}`,
      templateId: props.templateId,
      displayName: props.displayName ?? props.templateId,
      description: props.description ?? 'Managed by convoguard: detects sensitive data before Dialogflow writes logs',
      inspectConfig: {
        infoTypes: props.infoTypes.map((name) => ({ name })),
        minLikelihood: props.minLikelihood ?? GCP_DEFAULTS.minLikelihood,
        // Findings of scans that use this template (saved to BigQuery, published) never quote the data they found.
        includeQuote: false,
        customInfoTypes: (props.customInfoTypes ?? []).map((c) => ({
          infoType: { name: c.name },
          likelihood: c.likelihood ?? 'VERY_LIKELY',
          regex: { pattern: c.pattern },
        })),
        // DLP's own default is no limit; an explicit {0, 0} is dropped by the provider and shows as a diff on every plan.
        ...(props.maxFindingsPerItem || props.maxFindingsPerRequest
          ? {
              limits: {
                maxFindingsPerItem: props.maxFindingsPerItem ?? 0,
                maxFindingsPerRequest: props.maxFindingsPerRequest ?? 0,
              },
            }
          : {}),
      },
    });
    this.templateName = this.template.id;
  }
}
