import { Annotations, IAspect, IResolvable, Tokenization } from 'aws-cdk-lib';
import * as lex from 'aws-cdk-lib/aws-lex';
import { IConstruct } from 'constructs';
import { LEX_GENERATIVE_PATH } from '../policy/platforms';
import { lexBotLocales } from './lex-bot-locales';

export interface AttachBedrockGuardrailProps {
  /** The guardrail's ARN or id (`BedrockGuardrailIdentifier`). */
  readonly identifier: string;
  /** Its version (`BedrockGuardrailVersion`): a number, not DRAFT, so a console edit does not change what runs. */
  readonly version: string;
  /**
   * Bedrock traces keep prompts and responses.
   * @default 'DISABLED'
   */
  readonly traceStatus?: 'ENABLED' | 'DISABLED';
}

type ModelSpec = lex.CfnBot.BedrockModelSpecificationProperty;

/**
 * Sets `BedrockGuardrailConfiguration` (and `BedrockTraceStatus`) on every Bedrock model specification of every
 * `AWS::Lex::Bot` in the scope it is added to: descriptive bot builder, sample utterance generation, assisted slot
 * resolution, each QnAIntent and each Bedrock knowledge base intent. `LexBotProtection` adds it to its own bot only.
 * Bedrock agent mode and assisted NLU have no guardrail field: they are reported as warnings. A specification that
 * names another guardrail is set to this one, with a warning; a token where a specification should be is an error.
 */
export class AttachBedrockGuardrail implements IAspect {
  constructor(private readonly props: AttachBedrockGuardrailProps) {}

  public visit(node: IConstruct): void {
    const found = lexBotLocales(node, 'attach the Bedrock guardrail to its generative features');
    if (!found) return;
    const { bot, locales } = found;
    bot.botLocales = locales.map((l) =>
      this.opaque(bot, l, 'a locale') ? l : this.locale(bot, l as lex.CfnBot.BotLocaleProperty),
    );
  }

  private opaque(bot: lex.CfnBot, value: unknown, what: string): boolean {
    if (!Tokenization.isResolvable(value)) return false;
    Annotations.of(bot).addError(
      `convoguard: ${what} of the bot is a token, so convoguard cannot attach the Bedrock guardrail to what it holds; give it as an object`,
    );
    return true;
  }

  private locale(bot: lex.CfnBot, l: lex.CfnBot.BotLocaleProperty): lex.CfnBot.BotLocaleProperty {
    const where = `locale ${l.localeId}`;
    let out: lex.CfnBot.BotLocaleProperty = l;
    const gen = l.generativeAiSettings;
    if (gen !== undefined && !this.opaque(bot, gen, `the generative AI settings of ${where}`)) {
      const g = gen as lex.CfnBot.GenerativeAISettingsProperty;
      const build = g.buildtimeSettings as lex.CfnBot.BuildtimeSettingsProperty | IResolvable | undefined;
      const run = g.runtimeSettings as lex.CfnBot.RuntimeSettingsProperty | IResolvable | undefined;
      let buildtimeSettings = build;
      if (build !== undefined && !this.opaque(bot, build, `the build-time settings of ${where}`)) {
        const b = build as lex.CfnBot.BuildtimeSettingsProperty;
        buildtimeSettings = {
          ...b,
          ...(b.descriptiveBotBuilderSpecification
            ? {
                descriptiveBotBuilderSpecification: this.holder(
                  bot,
                  b.descriptiveBotBuilderSpecification,
                  LEX_GENERATIVE_PATH.descriptiveBotBuilder(l.localeId),
                ),
              }
            : {}),
          ...(b.sampleUtteranceGenerationSpecification
            ? {
                sampleUtteranceGenerationSpecification: this.holder(
                  bot,
                  b.sampleUtteranceGenerationSpecification,
                  LEX_GENERATIVE_PATH.sampleUtteranceGeneration(l.localeId),
                ),
              }
            : {}),
        };
      }
      let runtimeSettings = run;
      if (run !== undefined && !this.opaque(bot, run, `the runtime settings of ${where}`)) {
        const r = run as lex.CfnBot.RuntimeSettingsProperty;
        const nlu = r.nluImprovementSpecification as { enabled?: unknown } | undefined;
        if (nlu && nlu.enabled !== false) {
          Annotations.of(bot).addWarningV2(
            'convoguard:assisted-nlu-unguarded',
            `${LEX_GENERATIVE_PATH.assistedNlu(l.localeId)} sends utterances to a model Lex chooses, and Lex has no guardrail field for it: the Bedrock guardrail does not screen them`,
          );
        }
        runtimeSettings = {
          ...r,
          ...(r.slotResolutionImprovementSpecification
            ? {
                slotResolutionImprovementSpecification: this.holder(
                  bot,
                  r.slotResolutionImprovementSpecification,
                  LEX_GENERATIVE_PATH.slotResolution(l.localeId),
                ),
              }
            : {}),
        };
      }
      out = {
        ...out,
        generativeAiSettings: {
          ...g,
          ...(buildtimeSettings ? { buildtimeSettings } : {}),
          ...(runtimeSettings ? { runtimeSettings } : {}),
        },
      };
    }
    if (Array.isArray(l.intents)) {
      out = {
        ...out,
        intents: l.intents.map((i) =>
          this.opaque(bot, i, `an intent of ${where}`)
            ? i
            : this.intent(bot, l.localeId, i as lex.CfnBot.IntentProperty),
        ),
      };
    }
    return out;
  }

  private intent(bot: lex.CfnBot, locale: string, i: lex.CfnBot.IntentProperty): lex.CfnBot.IntentProperty {
    let out = i;
    const qna = i.qnAIntentConfiguration;
    if (qna !== undefined && !this.opaque(bot, qna, `the QnAIntent configuration of intent ${i.name}`)) {
      const q = qna as lex.CfnBot.QnAIntentConfigurationProperty;
      out = {
        ...out,
        qnAIntentConfiguration: {
          ...q,
          bedrockModelConfiguration: this.spec(
            bot,
            q.bedrockModelConfiguration,
            LEX_GENERATIVE_PATH.qnaIntent(i.name, locale),
          ),
        },
      };
    }
    const agentIntent = i.bedrockAgentIntentConfiguration;
    if (
      agentIntent !== undefined &&
      !this.opaque(bot, agentIntent, `the Bedrock agent intent configuration of intent ${i.name}`)
    ) {
      const a = agentIntent as lex.CfnBot.BedrockAgentIntentConfigurationProperty;
      if (a.bedrockAgentConfiguration) {
        Annotations.of(bot).addWarningV2(
          'convoguard:bedrock-agent-unguarded',
          `intent ${i.name} (${locale}) hands the conversation to a Bedrock agent, and Lex has no guardrail field for it: attach a guardrail to the agent itself in Bedrock`,
        );
      }
      const kb = a.bedrockAgentIntentKnowledgeBaseConfiguration;
      if (kb !== undefined && !this.opaque(bot, kb, `the knowledge base configuration of intent ${i.name}`)) {
        const k = kb as lex.CfnBot.BedrockAgentIntentKnowledgeBaseConfigurationProperty;
        out = {
          ...out,
          bedrockAgentIntentConfiguration: {
            ...a,
            bedrockAgentIntentKnowledgeBaseConfiguration: {
              ...k,
              bedrockModelConfiguration: this.spec(
                bot,
                k.bedrockModelConfiguration,
                LEX_GENERATIVE_PATH.knowledgeBaseIntent(i.name, locale),
              ),
            },
          },
        };
      }
    }
    return out;
  }

  /** A `{ Enabled, BedrockModelSpecification }` holder. */
  private holder<T extends { bedrockModelSpecification?: ModelSpec | IResolvable }>(
    bot: lex.CfnBot,
    h: T | IResolvable,
    what: string,
  ): T | IResolvable {
    if (this.opaque(bot, h, `the ${what} settings`)) return h;
    const v = h as T;
    return v.bedrockModelSpecification === undefined
      ? v
      : { ...v, bedrockModelSpecification: this.spec(bot, v.bedrockModelSpecification, what) };
  }

  private spec(bot: lex.CfnBot, s: ModelSpec | IResolvable, what: string): ModelSpec | IResolvable {
    if (this.opaque(bot, s, `the Bedrock model specification of ${what}`)) return s;
    const m = s as ModelSpec;
    const current = m.bedrockGuardrailConfiguration as lex.CfnBot.BedrockGuardrailConfigurationProperty | undefined;
    if (
      current &&
      !Tokenization.isResolvable(current) &&
      current.bedrockGuardrailIdentifier !== undefined &&
      current.bedrockGuardrailIdentifier !== this.props.identifier
    ) {
      Annotations.of(bot).addWarningV2(
        'convoguard:guardrail-replaced',
        `${what} named another Bedrock guardrail; convoguard set it to the policy's guardrail`,
      );
    }
    return {
      ...m,
      bedrockGuardrailConfiguration: {
        bedrockGuardrailIdentifier: this.props.identifier,
        bedrockGuardrailVersion: this.props.version,
      },
      bedrockTraceStatus: this.props.traceStatus ?? 'DISABLED',
    };
  }
}
