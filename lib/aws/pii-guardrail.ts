import { createHash } from 'crypto';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import { Construct } from 'constructs';
import type { GuardrailAction } from '../policy/plan';
import { BEDROCK_PII_ENTITY_TYPES } from '../policy/catalog';
import { BEDROCK_GUARDRAIL_LIMITS } from '../policy/platforms';
import { ConstructPropsError } from './errors';

/** A Bedrock PII entity type and what the guardrail does with it. */
export interface GuardrailPiiEntity {
  /** The Bedrock type (`EMAIL`, `CREDIT_DEBIT_CARD_NUMBER`, …). */
  readonly type: string;
  /** What the guardrail does with it. */
  readonly action: GuardrailAction;
}

/** A regex the guardrail screens, for what Bedrock has no PII type for. */
export interface GuardrailRegex {
  /** Its name. */
  readonly name: string;
  /** The regex (at most 500 characters). */
  readonly pattern: string;
  /** What the guardrail does with a match. */
  readonly action: GuardrailAction;
  /** Screen prompts only (InputEnabled true, OutputEnabled false): for a pattern that matches far more than its kind. @default false */
  readonly promptsOnly?: boolean;
}

export interface PiiGuardrailProps {
  /** Guardrail name: 1-50 letters, digits, _ and -. */
  readonly name: string;
  /** What the bot says when a prompt or a response is blocked (1-500 characters). */
  readonly blockedMessage: string;
  /** Bedrock PII entity types (`EMAIL`, `CREDIT_DEBIT_CARD_NUMBER`, …) with what to do with them. */
  readonly piiEntities: GuardrailPiiEntity[];
  /** Regexes for what Bedrock has no PII type for (at most 30, each at most 500 characters). @default none */
  readonly regexes?: GuardrailRegex[];
  /** @default 'convoguard: anonymizes personal data in prompts and responses' */
  readonly description?: string;
}

/**
 * An Amazon Bedrock guardrail that anonymizes (or blocks) personal data in the prompts and responses of generative
 * features, and a version of it: Lex needs a numbered version or DRAFT, and a version is a snapshot, so a changed
 * configuration gets a new `AWS::Bedrock::GuardrailVersion` (its identifier is create-only; the construct id carries
 * a hash of the configuration).
 *
 * The guardrail is not encrypted with the agent's key: it holds the policy's patterns, not conversation data, and
 * with access.enforce the key denies kms:Decrypt to everyone but the decrypters and the log and storage services.
 *
 * CloudFormation: `AWS::Bedrock::Guardrail`, `AWS::Bedrock::GuardrailVersion`.
 */
export class PiiGuardrail extends Construct {
  public readonly guardrail: bedrock.CfnGuardrail;
  public readonly version: bedrock.CfnGuardrailVersion;
  /** The guardrail ARN, for `BedrockGuardrailIdentifier` and IAM. */
  public readonly guardrailArn: string;
  /** The version number, for `BedrockGuardrailVersion`. */
  public readonly guardrailVersion: string;

  constructor(scope: Construct, id: string, props: PiiGuardrailProps) {
    super(scope, id);
    const regexes = props.regexes ?? [];
    const problems: string[] = [];
    if (!/^[0-9a-zA-Z_-]{1,50}$/.test(props.name))
      problems.push(`name received ${JSON.stringify(props.name)}; expected 1-50 letters, digits, _ and -`);
    if (props.blockedMessage.length < 1 || props.blockedMessage.length > BEDROCK_GUARDRAIL_LIMITS.message)
      problems.push(
        `blockedMessage has ${props.blockedMessage.length} characters; expected 1-${BEDROCK_GUARDRAIL_LIMITS.message}`,
      );
    if (props.piiEntities.length === 0 && regexes.length === 0)
      problems.push('received no PII entity and no regex; a guardrail needs at least one');
    if (regexes.length > BEDROCK_GUARDRAIL_LIMITS.regexes)
      problems.push(`received ${regexes.length} regexes; Bedrock allows ${BEDROCK_GUARDRAIL_LIMITS.regexes}`);
    for (const r of regexes) {
      if (r.pattern.length > BEDROCK_GUARDRAIL_LIMITS.regexLength)
        problems.push(
          `regex ${r.name} has ${r.pattern.length} characters; Bedrock allows ${BEDROCK_GUARDRAIL_LIMITS.regexLength}`,
        );
      if (r.name.length < 1 || r.name.length > BEDROCK_GUARDRAIL_LIMITS.regexName)
        problems.push(`regex name ${JSON.stringify(r.name)} is not 1-${BEDROCK_GUARDRAIL_LIMITS.regexName} characters`);
    }
    const types = props.piiEntities.map((e) => e.type);
    const unknownTypes = types.filter((t) => !BEDROCK_PII_ENTITY_TYPES.includes(t));
    if (unknownTypes.length > 0)
      problems.push(
        `PII entity types ${unknownTypes.join(', ')} are not Bedrock's; expected one of ${BEDROCK_PII_ENTITY_TYPES.join(', ')}`,
      );
    const dup = types.filter((t, i) => types.indexOf(t) !== i);
    if (dup.length > 0)
      problems.push(`PII entity types ${[...new Set(dup)].join(', ')} are listed twice; Bedrock requires unique types`);
    if (problems.length > 0) throw new ConstructPropsError(this, problems.join('; '));

    const sensitiveInformationPolicyConfig: bedrock.CfnGuardrail.SensitiveInformationPolicyConfigProperty = {
      ...(props.piiEntities.length > 0
        ? { piiEntitiesConfig: props.piiEntities.map((e) => ({ type: e.type, action: e.action })) }
        : {}),
      ...(regexes.length > 0
        ? {
            regexesConfig: regexes.map((r) => ({
              name: r.name,
              pattern: r.pattern,
              action: r.action,
              ...(r.promptsOnly ? { inputEnabled: true, outputEnabled: false } : {}),
            })),
          }
        : {}),
    };
    this.guardrail = new bedrock.CfnGuardrail(this, 'Resource', {
      name: props.name,
      description: props.description ?? 'convoguard: anonymizes personal data in prompts and responses',
      blockedInputMessaging: props.blockedMessage,
      blockedOutputsMessaging: props.blockedMessage,
      sensitiveInformationPolicyConfig,
    });
    // A version is a snapshot of the configuration it was created from: a new configuration needs a new version.
    const hash = createHash('sha256')
      .update(JSON.stringify([props.blockedMessage, sensitiveInformationPolicyConfig]))
      .digest('hex')
      .slice(0, 8);
    this.version = new bedrock.CfnGuardrailVersion(this, `Version${hash}`, {
      guardrailIdentifier: this.guardrail.attrGuardrailArn,
      description: `convoguard: configuration ${hash}`,
    });
    // A superseded version stays in the account: a bot version published from it may still be served (a rollback,
    // an alias you manage) and would otherwise lose its guardrail. Delete old versions by hand when nothing serves them.
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.guardrailArn = this.guardrail.attrGuardrailArn;
    this.guardrailVersion = this.version.attrVersion;
  }
}
