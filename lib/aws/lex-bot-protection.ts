import { Annotations, AspectPriority, Aspects, CfnElement, Lazy, Stack, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Kind } from '../policy/catalog';
import { QNA_INTENT_NAME } from '../policy/platforms';
import { lexDefinitionHash, lexVersionDescription } from '../report/lex-version';
import { acknowledgeFinding } from './acknowledge';
import { AttachBedrockGuardrail } from './attach-bedrock-guardrail';
import { unsupportedAwsCdkLib } from './compat';
import { AWS_DEFAULTS } from './defaults';
import { ConstructPropsError } from './errors';
import { ObfuscateSensitiveSlots } from './obfuscate-sensitive-slots';
import { ProtectedLogGroup } from './protected-log-group';
import { SensitiveBucket } from './sensitive-bucket';
import { KeyInput, keyOf } from './sensitive-data-key';

/** A slot of an intent of a created bot. */
export interface CreateBotSlot {
  readonly name: string;
  /** A built-in slot type, such as `AMAZON.EmailAddress`. */
  readonly slotType: string;
  /** What the bot asks for the value. */
  readonly prompt: string;
}

/** An intent of a created bot: Lex builds no locale without one custom intent with a sample utterance. */
export interface CreateBotIntent {
  readonly name: string;
  /** Sample utterances; `{slot}` refers to a slot. At least one. */
  readonly utterances: string[];
  /** @default none */
  readonly slots?: CreateBotSlot[];
}

/** A bot the construct creates: your intents (at least one) and the fallback intent. */
export interface CreateBotOptions {
  /** Bot name. */
  readonly name: string;
  /** Locale, such as `en_US`. */
  readonly locale: string;
  /** @default 300 */
  readonly idleSessionTtlSeconds?: number;
  /** At least one custom intent with a sample utterance: a locale with only FallbackIntent does not build. */
  readonly intents: CreateBotIntent[];
  /** Amazon Bedrock features of the bot. @default none */
  readonly generative?: CreateBotGenerative;
}

/** An AMAZON.QnAIntent that answers from a Bedrock knowledge base. */
export interface CreateBotQna {
  /** The knowledge base's ARN. */
  readonly knowledgeBaseArn: string;
  /** Answer with the knowledge base's text as it is, instead of a generated answer. @default false */
  readonly exactResponse?: boolean;
}

/** The Bedrock features a created bot uses; give `guardrail` on the construct so they are screened. */
export interface CreateBotGenerative {
  /** The Bedrock foundation model ARN the features call. */
  readonly modelArn: string;
  /** Assisted slot resolution (RuntimeSettings.SlotResolutionImprovementSpecification). @default false */
  readonly assistedSlotResolution?: boolean;
  /** An AMAZON.QnAIntent answering from a Bedrock knowledge base. @default none */
  readonly qna?: CreateBotQna;
}

/** The Bedrock guardrail attached to every Bedrock model specification of the bot. */
export interface BotGuardrail {
  /** The guardrail ARN (a PiiGuardrail's `guardrailArn`). */
  readonly arn: string;
  /** A numbered version (a PiiGuardrail's `guardrailVersion`). */
  readonly version: string;
  /** @default 'DISABLED' */
  readonly traceStatus?: 'ENABLED' | 'DISABLED';
}

export interface LexBotProtectionProps {
  /** The key audio logs are encrypted with: a SensitiveDataKey or any `kms.IKey`. */
  readonly key: KeyInput;
  /** Where text conversation logs go: a ProtectedLogGroup or any `logs.ILogGroup` (yours should mask, as ProtectedLogGroup does). */
  readonly logGroup: ProtectedLogGroup | logs.ILogGroup;
  /** Where audio logs go: a SensitiveBucket or any `s3.IBucket`. */
  readonly audioBucket: SensitiveBucket | s3.IBucket;
  /** Kinds whose slots are obfuscated. */
  readonly kinds: Kind[];
  /** @default false */
  readonly obfuscateAllSlots?: boolean;
  /**
   * Custom slot types whose values are personal data (an `AccountNumber` type): their slots are obfuscated too. A
   * slot of another custom type gets a warning, since convoguard cannot tell what it holds.
   * @default none
   */
  readonly sensitiveSlotTypes?: string[];
  /** Create a bot. Give exactly one of `create` and `bot`. @default none: `bot` is given */
  readonly create?: CreateBotOptions;
  /** A bot declared in the same stack. Give exactly one of `create` and `bot`. @default none: `create` is given */
  readonly bot?: lex.CfnBot;
  /** The alias of `bot` that gets conversation logs. @default none (required with `bot`) */
  readonly botAlias?: lex.CfnBotAlias;
  /** The role of `bot`, which is given the log-writing permissions. @default none (required with `bot`) */
  readonly botRole?: iam.IRole;
  /**
   * A Bedrock guardrail for every Bedrock model specification of the bot (created or yours), attached by the
   * `AttachBedrockGuardrail` aspect; the bot role may apply it. Required when `create.generative` is given.
   * @default none
   */
  readonly guardrail?: BotGuardrail;
}

/**
 * Attaches protection to a Lex V2 bot alias: text conversation logs to the protected log group, audio logs to the
 * sensitive bucket with the KMS key, slot obfuscation (the `ObfuscateSensitiveSlots` aspect), `dataPrivacy`
 * written as the L1 needs it (`{ ChildDirected: false }`, PascalCase: the property is passed through verbatim) and
 * a bot role with exactly the permissions Lex needs to write those logs and synthesize speech. Child-directed bots
 * are refused: COPPA bots cannot keep conversation logs.
 *
 * CloudFormation (create): `AWS::IAM::Role`, `AWS::IAM::Policy`, `AWS::Lex::Bot`, `AWS::Lex::BotVersion`,
 * `AWS::Lex::BotAlias`; (existing bot): `AWS::IAM::Policy` and properties on your alias.
 */
export class LexBotProtection extends Construct {
  public readonly bot: lex.CfnBot;
  public readonly alias: lex.CfnBotAlias;
  public readonly role: iam.IRole;
  public readonly created: boolean;

  constructor(scope: Construct, id: string, props: LexBotProtectionProps) {
    super(scope, id);
    const unsupported = unsupportedAwsCdkLib();
    if (unsupported) throw new ConstructPropsError(this, unsupported);
    if ((props.create === undefined) === (props.bot === undefined)) {
      throw new ConstructPropsError(
        this,
        `received ${props.create ? 'both create and bot' : 'neither create nor bot'}; expected exactly one`,
      );
    }
    if (props.bot && (!props.botAlias || !props.botRole)) {
      throw new ConstructPropsError(
        this,
        'an existing bot needs botAlias (where conversation logs are set) and botRole (which writes them)',
      );
    }
    if (props.create?.generative && !props.guardrail) {
      throw new ConstructPropsError(
        this,
        'create.generative sends conversation text to Bedrock: give guardrail (a PiiGuardrail) so prompts and responses are screened',
      );
    }
    if (props.create && !props.create.intents.some((i) => i.utterances.length > 0)) {
      throw new ConstructPropsError(
        this,
        'create.intents needs at least one custom intent with a sample utterance: Lex does not build a locale with only FallbackIntent ("The locale doesn\'t have any utterances")',
      );
    }
    // Convoguard's constructs or yours (recognised by shape): the bucket inside a SensitiveBucket, the key inside a SensitiveDataKey.
    const audio = SensitiveBucket.isSensitiveBucket(props.audioBucket) ? props.audioBucket.bucket : props.audioBucket;
    const key = keyOf(props.key);
    const logSettings: lex.CfnBotAlias.ConversationLogSettingsProperty = {
      textLogSettings: [
        {
          enabled: true,
          destination: { cloudWatch: { cloudWatchLogGroupArn: props.logGroup.logGroupArn, logPrefix: 'text/' } },
        },
      ],
      audioLogSettings: [
        {
          enabled: true,
          destination: { s3Bucket: { s3BucketArn: audio.bucketArn, logPrefix: 'audio/', kmsKeyArn: key.keyArn } },
        },
      ],
    };

    if (props.bot) {
      checkDataPrivacy(this, props.bot.dataPrivacy);
      this.bot = props.bot;
      this.alias = props.botAlias!;
      this.alias.conversationLogSettings = logSettings;
      // The built-in test alias (TSTALIASID) logs too, wherever the bot says: it gets the same protected destinations.
      const test = props.bot.testBotAliasSettings;
      if (test !== undefined && Tokenization.isResolvable(test)) {
        throw new ConstructPropsError(
          this,
          "the bot's testBotAliasSettings is a token; convoguard must set its conversation logs to the protected destinations: give it as an object",
        );
      }
      const testSettings = (test ?? {}) as lex.CfnBot.TestBotAliasSettingsProperty;
      if (testSettings.conversationLogSettings !== undefined) {
        Annotations.of(props.bot).addWarningV2(
          'convoguard:test-alias-logs-replaced',
          "the bot's test alias had its own conversation log settings; convoguard replaced them with the protected log group and audio bucket",
        );
      }
      props.bot.testBotAliasSettings = { ...testSettings, conversationLogSettings: logSettings };
      this.role = props.botRole!;
      this.created = false;
    } else {
      const c = props.create!;
      const g = c.generative;
      const role = new iam.Role(this, 'BotRole', {
        assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com'),
        description: 'convoguard: Lex V2 bot role that writes protected conversation logs',
      });
      this.role = role;
      this.bot = new lex.CfnBot(this, 'Bot', {
        name: c.name,
        roleArn: role.roleArn,
        dataPrivacy: { ChildDirected: false },
        idleSessionTtlInSeconds: c.idleSessionTtlSeconds ?? AWS_DEFAULTS.idleSessionTtlSeconds,
        autoBuildBotLocales: true,
        botLocales: [
          {
            localeId: c.locale,
            nluConfidenceThreshold: AWS_DEFAULTS.nluConfidenceThreshold,
            intents: [
              ...c.intents.map(toIntent),
              ...(g?.qna ? [qnaIntent(g.modelArn, g.qna)] : []),
              { name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent' },
            ],
            // The guardrail is set on each model specification by AttachBedrockGuardrail, as on a bot you declare.
            ...(g?.assistedSlotResolution
              ? {
                  generativeAiSettings: {
                    runtimeSettings: {
                      slotResolutionImprovementSpecification: {
                        enabled: true,
                        bedrockModelSpecification: { modelArn: g.modelArn },
                      },
                    },
                  },
                }
              : {}),
          },
        ],
        // The built-in test alias logs too: protect it the same way.
        testBotAliasSettings: { conversationLogSettings: logSettings },
      });
      const version = new lex.CfnBotVersion(this, 'Version', {
        botId: this.bot.attrId,
        botVersionLocaleSpecification: [{ localeId: c.locale, botVersionLocaleDetails: { sourceBotVersion: 'DRAFT' } }],
      });
      publishOnChange(this.bot, version);
      this.alias = new lex.CfnBotAlias(this, 'Alias', {
        botId: this.bot.attrId,
        botAliasName: 'live',
        botVersion: version.attrBotVersion,
        conversationLogSettings: logSettings,
      });
      this.created = true;
    }

    const policy = new iam.Policy(this, 'LogWriterPolicy', {
      statements: [
        new iam.PolicyStatement({
          sid: 'TextLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [props.logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'AudioLogs',
          actions: ['s3:PutObject'],
          resources: [audio.arnForObjects('audio/*')],
        }),
        new iam.PolicyStatement({
          sid: 'AudioLogsEncryption',
          actions: ['kms:GenerateDataKey'],
          resources: [key.keyArn],
        }),
        new iam.PolicyStatement({ sid: 'Speech', actions: ['polly:SynthesizeSpeech'], resources: ['*'] }),
      ],
    });
    const g = props.create?.generative;
    if (g)
      policy.addStatements(
        new iam.PolicyStatement({ sid: 'BedrockModel', actions: ['bedrock:InvokeModel'], resources: [g.modelArn] }),
      );
    if (g?.qna)
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'KnowledgeBase',
          actions: ['bedrock:Retrieve'],
          resources: [g.qna.knowledgeBaseArn],
        }),
      );
    if (props.guardrail)
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'Guardrail',
          actions: ['bedrock:ApplyGuardrail'],
          resources: [props.guardrail.arn],
        }),
      );
    policy.attachToRole(this.role);
    this.alias.node.addDependency(policy);
    // A created bot builds its locales on create (autoBuildBotLocales), Bedrock features included: with its permissions.
    if (this.created) this.bot.node.addDependency(policy);
    const stack = Stack.of(this);
    // cdk-nag names the resource by logical id for a bucket of this app, by its ARN for an imported one.
    const cfnBucket = audio.node.defaultChild as CfnElement | undefined;
    const bucketRef = cfnBucket
      ? `<${stack.resolve(stack.getLogicalId(cfnBucket))}.Arn>`
      : String(stack.resolve(audio.bucketArn));
    acknowledgeFinding(
      policy,
      'AwsSolutions::AwsSolutions-IAM5',
      `Resource::${bucketRef}/audio/*`,
      'Lex writes one object per conversation under audio/ in the one sensitive bucket; object keys are not known in advance.',
    );
    acknowledgeFinding(
      policy,
      'AwsSolutions::AwsSolutions-IAM5',
      'Resource::*',
      'polly:SynthesizeSpeech takes no resource other than lexicons, so it cannot be narrowed; it reads no data.',
    );
    // Only this agent's bot: an aspect on the stack would reach every other agent's bot too.
    Aspects.of(this.bot).add(
      new ObfuscateSensitiveSlots({
        kinds: props.kinds,
        all: props.obfuscateAllSlots,
        slotTypes: props.sensitiveSlotTypes,
      }),
      { priority: AspectPriority.MUTATING },
    );
    if (props.guardrail) {
      Aspects.of(this.bot).add(
        new AttachBedrockGuardrail({
          identifier: props.guardrail.arn,
          version: props.guardrail.version,
          traceStatus: props.guardrail.traceStatus,
        }),
        { priority: AspectPriority.MUTATING },
      );
    }
  }
}

/**
 * A version is a snapshot of the DRAFT when it was created, and CloudFormation never re-creates one whose properties
 * stay the same: an alias pinned to it would serve the first definition for ever, whatever later policy changes do
 * to the draft. So the version's logical id carries a hash of the bot's resolved properties (after every aspect, as
 * aws-lambda's currentVersion does): a changed definition is a new version, published from the updated draft, and the
 * alias moves to it. The hash is also in the description, for the report to check.
 */
function publishOnChange(bot: lex.CfnBot, version: lex.CfnBotVersion): void {
  const stack = Stack.of(bot);
  const originalId = stack.resolve(version.logicalId) as string;
  const hash = () => {
    const rendered = stack.resolve((bot as unknown as { _toCloudFormation(): unknown })._toCloudFormation()) as {
      Resources: Record<string, { Properties?: unknown }>;
    };
    return lexDefinitionHash(Object.values(rendered.Resources)[0]?.Properties ?? {});
  };
  version.overrideLogicalId(Lazy.uncachedString({ produce: () => `${originalId}${hash().slice(0, 8)}` }));
  version.description = Lazy.uncachedString({ produce: () => lexVersionDescription(hash()) });
}

function checkDataPrivacy(scope: Construct, dataPrivacy: unknown): void {
  const value = dataPrivacy as Record<string, unknown> | undefined;
  if (value && typeof value === 'object' && 'childDirected' in value) {
    throw new ConstructPropsError(
      scope,
      `the bot's dataPrivacy received ${JSON.stringify(value)}; AWS::Lex::Bot needs { ChildDirected: … } in PascalCase (the L1 passes the object through verbatim)`,
    );
  }
  if (value && value.ChildDirected === true) {
    throw new ConstructPropsError(
      scope,
      'the bot is child-directed (COPPA): Lex does not allow conversation logs for it, so convoguard cannot protect it this way',
    );
  }
}

/** A created bot's intent in the L1's shape: sample utterances, slots of built-in types in priority order. */
function toIntent(i: CreateBotIntent): lex.CfnBot.IntentProperty {
  const slots = i.slots ?? [];
  return {
    name: i.name,
    sampleUtterances: i.utterances.map((utterance) => ({ utterance })),
    ...(slots.length > 0
      ? {
          slots: slots.map((s) => ({
            name: s.name,
            slotTypeName: s.slotType,
            valueElicitationSetting: {
              slotConstraint: 'Required',
              promptSpecification: {
                maxRetries: 2,
                messageGroupsList: [{ message: { plainTextMessage: { value: s.prompt } } }],
              },
            },
          })),
          slotPriorities: slots.map((s, n) => ({ priority: n + 1, slotName: s.name })),
        }
      : {}),
  };
}

/** An AMAZON.QnAIntent answering from a Bedrock knowledge base (no sample utterances: Lex routes questions to it). */
function qnaIntent(modelArn: string, qna: NonNullable<CreateBotGenerative['qna']>): lex.CfnBot.IntentProperty {
  return {
    name: QNA_INTENT_NAME,
    parentIntentSignature: 'AMAZON.QnAIntent',
    qnAIntentConfiguration: {
      bedrockModelConfiguration: { modelArn },
      dataSourceConfiguration: {
        bedrockKnowledgeStoreConfiguration: {
          bedrockKnowledgeBaseArn: qna.knowledgeBaseArn,
          exactResponse: qna.exactResponse ?? false,
        },
      },
    },
  };
}
