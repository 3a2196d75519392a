import { DataLossPreventionDeidentifyTemplate } from '@cdktf/provider-google/lib/data-loss-prevention-deidentify-template';
import { Construct } from 'constructs';
import { ConstructPropsError } from './errors';

/** How a group of infoTypes is de-identified. */
export interface InfoTypeTransformation {
  /** DLP infoType names (built-in or custom). */
  readonly infoTypes: string[];
  /** mask | text | kind-name | hash */
  readonly method: 'mask' | 'text' | 'kind-name' | 'hash';
  /** Replacement text, for `text`. */
  readonly value?: string;
  /**
   * Masking character, for `mask`.
   * @default '*'
   */
  readonly char?: string;
}

/** A KMS-wrapped data key for `hash`: DLP unwraps `wrappedKey` with `kmsKeyName` at use. */
export interface KmsWrappedKey {
  /** Full Cloud KMS key name that wraps the data key. */
  readonly kmsKeyName: string;
  /** The 128, 192 or 256-bit data key, wrapped by `kmsKeyName`, base64. */
  readonly wrappedKey: string;
}

export interface DeidentifyTemplateProps {
  readonly project: string;
  /** Location: the location of the security settings that use the template. */
  readonly location: string;
  readonly templateId: string;
  readonly transformations: InfoTypeTransformation[];
  /**
   * Required when any transformation uses `hash`. You supply it: create a data key, wrap it with
   * `gcloud kms encrypt`, and give DLP's service agent `cryptoKeyDecrypter` on `kmsKeyName`.
   * @default none
   */
  readonly cryptoKey?: KmsWrappedKey;
  /** @default templateId */
  readonly displayName?: string;
}

/**
 * A regional DLP de-identification template built from the policy's rule sets, as
 * `info_type_transformations`: mask → `character_mask_config`, text → `replace_config`, kind-name →
 * `replace_with_info_type_config`, hash → `crypto_deterministic_config` with a KMS-wrapped key (deterministic, so the
 * same value always gives the same token and analytics can still join on it).
 *
 * Terraform: `google_data_loss_prevention_deidentify_template`.
 */
export class DeidentifyTemplate extends Construct {
  public readonly template: DataLossPreventionDeidentifyTemplate;
  /** Full template name, what security settings reference. */
  public readonly templateName: string;
  public readonly location: string;

  constructor(scope: Construct, id: string, props: DeidentifyTemplateProps) {
    super(scope, id);
    const problems: string[] = [];
    props.transformations.forEach((t, i) => {
      if (t.infoTypes.length === 0) problems.push(`transformations[${i}] names no infoTypes`);
      if (t.method === 'text' && t.value === undefined)
        problems.push(`transformations[${i}] uses text without a value`);
      if (t.char !== undefined && t.char.length !== 1)
        problems.push(`transformations[${i}].char received ${JSON.stringify(t.char)}; expected one character`);
    });
    if (props.transformations.some((t) => t.method === 'hash') && !props.cryptoKey) {
      problems.push('method hash needs cryptoKey (a KMS-wrapped data key): DLP cannot hash without a key you control');
    }
    if (props.transformations.length === 0) problems.push('received no transformations; expected at least one');
    ConstructPropsError.throwIfAny(this, problems);

    this.location = props.location;
    this.template = new DataLossPreventionDeidentifyTemplate(this, 'Resource', {
      parent: `projects/${props.project}/locations/${props.location}`,
      templateId: props.templateId,
      displayName: props.displayName ?? props.templateId,
      description: 'Managed by convoguard: de-identifies findings before Dialogflow writes logs',
      deidentifyConfig: {
        infoTypeTransformations: {
          transformations: props.transformations.map((t) => ({
            infoTypes: t.infoTypes.map((name) => ({ name })),
            primitiveTransformation: primitive(t, props.cryptoKey),
          })),
        },
      },
    });
    this.templateName = this.template.id;
  }
}

function primitive(t: InfoTypeTransformation, key: KmsWrappedKey | undefined) {
  switch (t.method) {
    case 'mask':
      return { characterMaskConfig: { maskingCharacter: t.char ?? '*' } };
    case 'text':
      return { replaceConfig: { newValue: { stringValue: t.value! } } };
    case 'kind-name':
      return { replaceWithInfoTypeConfig: true };
    case 'hash':
      return {
        cryptoDeterministicConfig: {
          cryptoKey: { kmsWrapped: { cryptoKeyName: key!.kmsKeyName, wrappedKey: key!.wrappedKey } },
          surrogateInfoType: { name: 'CONVOGUARD_TOKEN' },
        },
      };
  }
}
