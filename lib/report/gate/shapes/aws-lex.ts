/** Amazon Lex V2 bots, versions and aliases: where conversation text goes, what is obfuscated, which models see it. */
import type { Verdict } from '../change';
import {
  addedItem,
  bool,
  byField,
  Cmp,
  Cx,
  deepEqualValues,
  fields,
  isMap,
  list,
  neutral,
  ordered,
  ref,
  referenceOf,
  set,
  unverified,
  verdict,
  weakening,
} from '../compare';
import { definitionOfVersion } from '../../lex-version';
import { always, cfnResource, INERT_ADDED, newAgentOr, Shape } from '../shape';
import { DESCRIPTION, TAGS } from './aws-kms';

const TEXT = neutral('text the bot says or hears (prompts, utterances, messages)');

/**
 * Dialog settings: prompts and flow are neutral, but a code hook turned on sends the conversation to a Lambda
 * function, a weakening.
 */
const dialog: Cmp = (b, h, at, cx) => {
  const out: Verdict[] = [];
  const walk = (
    x: unknown,
    y: unknown,
    path: readonly (string | number | { item: string })[],
    key: string | undefined,
  ) => {
    if (deepEqualValues(x, y)) return;
    if (
      key !== undefined &&
      /^(EnableCodeHookInvocation|IsActive|Enabled|EnableCodeHook)$/.test(key) &&
      (typeof x === 'boolean' || typeof y === 'boolean' || x === undefined || y === undefined)
    ) {
      if (y === true && x !== true)
        out.push(verdict(path, 'weakening', `${key} on: a Lambda code hook receives the conversation`, x, y));
      else out.push(verdict(path, 'strengthening', `${key} off`, x, y));
      return;
    }
    if (isMap(x) && isMap(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], [...path, k], k);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((v, i) => walk(v, y[i], [...path, i], undefined));
      return;
    }
    // A whole subtree added or removed: a code hook inside it that is on counts.
    const hooksOn =
      JSON.stringify(y ?? null).match(/"(EnableCodeHookInvocation|IsActive|EnableCodeHook)":true/g)?.length ?? 0;
    const hooksBefore =
      JSON.stringify(x ?? null).match(/"(EnableCodeHookInvocation|IsActive|EnableCodeHook)":true/g)?.length ?? 0;
    if (hooksOn > hooksBefore)
      out.push(verdict(path, 'weakening', 'a Lambda code hook now receives the conversation', x, y));
    else out.push(...TEXT(x, y, path, cx));
  };
  walk(b, h, at, undefined);
  return out;
};

/** A Bedrock guardrail on a model specification: removing it is a weakening; moving it to another guardrail is unverified. */
const guardrailConfig: Cmp = (b, h, at, cx) => {
  if (h === undefined)
    return [verdict(at, 'weakening', 'the guardrail removed: conversation text reaches the model unscreened', b, h)];
  if (b === undefined) return [verdict(at, 'strengthening', 'a guardrail added', b, h)];
  return fields({
    BedrockGuardrailIdentifier: ref('the guardrail'),
    BedrockGuardrailVersion: (x, y, p, c) => {
      // A version of the same guardrail: the version resource is reviewed where it is defined.
      const rx = referenceOf(x);
      const ry = referenceOf(y);
      if (y === 'DRAFT' || y === undefined)
        return [
          verdict(p, 'weakening', 'the guardrail version is DRAFT: an edit in the console changes what runs', x, y),
        ];
      if (rx && ry && c.head.typeOf(ry.address) === 'AWS::Bedrock::GuardrailVersion')
        return [verdict(p, 'neutral', `another version of the guardrail (${ry.address})`, x, y)];
      return ref('the guardrail version')(x, y, p, c);
    },
  })(b, h, at, cx);
};

const modelSpec = fields({
  ModelArn: neutral('the model'),
  BedrockGuardrailConfiguration: guardrailConfig,
  BedrockTraceStatus: ordered(['ENABLED', 'DISABLED'], {
    absent: 'DISABLED',
    why: 'Bedrock traces (they keep prompts and responses)',
  }),
  CustomPrompt: TEXT,
  BedrockModelCustomPrompt: TEXT,
});

const generativeFeature = fields({
  Enabled: bool({
    strong: false,
    absent: false,
    why: 'a generative feature (conversation text reaches a Bedrock model)',
  }),
  BedrockModelSpecification: modelSpec,
});

const generativeSettings = fields({
  BuildtimeSettings: fields({
    DescriptiveBotBuilderSpecification: generativeFeature,
    SampleUtteranceGenerationSpecification: generativeFeature,
  }),
  RuntimeSettings: fields({
    SlotResolutionImprovementSpecification: generativeFeature,
    NluImprovementSpecification: fields({
      Enabled: bool({ strong: false, absent: false, why: 'assisted NLU (no guardrail field exists for it)' }),
      AssistedNluMode: neutral('assisted NLU mode'),
      IntentDisambiguationSettings: neutral('disambiguation'),
    }),
  }),
});

const slot = fields({
  Name: neutral('the slot name'),
  Description: DESCRIPTION,
  SlotTypeName: neutral('the slot type'),
  ObfuscationSetting: fields({
    ObfuscationSettingType: ordered(['None', 'DefaultObfuscation'], { absent: 'None', why: 'slot obfuscation' }),
  }),
  ValueElicitationSetting: fields({
    SlotConstraint: neutral('whether the slot is required'),
    PromptSpecification: dialog,
    DefaultValueSpecification: neutral('default values'),
    SampleUtterances: TEXT,
    WaitAndContinueSpecification: dialog,
    SlotCaptureSetting: dialog,
    SlotResolutionSetting: fields({
      SlotResolutionStrategy: ordered(['EnhancedFallback', 'Default'], {
        absent: 'Default',
        why: 'slot resolution (EnhancedFallback sends the utterance to a Bedrock model)',
      }),
    }),
  }),
  MultipleValuesSetting: neutral('multiple values'),
  SubSlotSetting: neutral('composite slots'),
});

const NEW_SLOT = (item: unknown, at: Parameters<Cmp>[2]): Verdict[] => {
  const obfuscated =
    isMap(item) &&
    isMap(item.ObfuscationSetting) &&
    item.ObfuscationSetting.ObfuscationSettingType === 'DefaultObfuscation';
  return [
    verdict(
      at,
      'neutral',
      obfuscated
        ? 'a new slot, obfuscated'
        : 'a new slot without obfuscation: its value reaches the logs, where the data protection policy masks what it detects',
      undefined,
      item,
    ),
  ];
};

/** Built-in intents that send the conversation to a model or another service. */
const GENERATIVE_INTENTS = ['AMAZON.QnAIntent', 'AMAZON.BedrockAgentIntent', 'AMAZON.QinConnectIntent'];
const parentIntent: Cmp = (b, h, at) => {
  if (typeof h === 'string' && GENERATIVE_INTENTS.includes(h))
    return [verdict(at, 'weakening', `${h}: conversation text reaches a model or another service`, b, h)];
  if (h === undefined || (typeof h === 'string' && /^AMAZON\.[A-Za-z]+$/.test(h)))
    return [verdict(at, 'neutral', 'a built-in intent that calls no model', b, h)];
  return [verdict(at, 'unverified', 'a built-in intent the gate does not know', b, h)];
};

const intent: Cmp = (b, h, at, cx) =>
  fields({
    Name: neutral('the intent name'),
    Description: DESCRIPTION,
    SampleUtterances: TEXT,
    SlotPriorities: neutral('slot order'),
    Slots: set({
      key: byField('Name'),
      added: (item, p) => NEW_SLOT(item, p),
      removed: 'neutral',
      item: slot,
      why: 'slot',
    }),
    ParentIntentSignature: parentIntent,
    QnAIntentConfiguration: (x, y, p, c) =>
      x === undefined
        ? [verdict(p, 'weakening', 'a QnAIntent: conversation text reaches a Bedrock model', x, y)]
        : fields({ BedrockModelConfiguration: modelSpec, DataSourceConfiguration: neutral('where answers come from') })(
            x,
            y,
            p,
            c,
          ),
    BedrockAgentIntentConfiguration: weakening('a Bedrock agent intent: Lex has no guardrail field for it'),
    DialogCodeHook: fields({
      Enabled: bool({
        strong: false,
        absent: false,
        why: 'the dialog code hook (a Lambda function receives the conversation)',
      }),
    }),
    FulfillmentCodeHook: dialog,
    IntentConfirmationSetting: dialog,
    IntentClosingSetting: dialog,
    InitialResponseSetting: dialog,
    InputContexts: neutral('contexts'),
    OutputContexts: neutral('contexts'),
    KendraConfiguration: unverified('a Kendra index receives the conversation'),
    QInConnectIntentConfiguration: unverified('Amazon Q in Connect receives the conversation'),
  })(b, h, at, cx);

const locale = fields({
  LocaleId: neutral('the locale'),
  Description: DESCRIPTION,
  NluConfidenceThreshold: neutral('the NLU threshold'),
  VoiceSettings: neutral('the voice'),
  Intents: set({
    key: byField('Name'),
    added: addedItem(intent, 'a new intent'),
    removed: 'neutral',
    item: intent,
    why: 'intent',
  }),
  SlotTypes: set({
    key: byField('Name'),
    added: 'neutral',
    removed: 'neutral',
    item: neutral('slot type values'),
    why: 'slot type',
  }),
  GenerativeAISettings: generativeSettings,
  CustomVocabulary: neutral('custom vocabulary'),
  SpeechDetectionSensitivity: neutral('speech detection'),
  SpeechRecognitionSettings: neutral('speech recognition'),
  UnifiedSpeechSettings: neutral('speech'),
});

/** Where a text or audio log goes. */
const textLog = fields({
  Enabled: bool({ strong: false, absent: true, why: 'text logging' }),
  Destination: fields({
    CloudWatch: fields({
      CloudWatchLogGroupArn: ref('the log group conversation text goes to'),
      LogPrefix: neutral('a log prefix'),
    }),
  }),
});
const audioLog = fields({
  Enabled: bool({ strong: false, absent: true, why: 'audio logging' }),
  Destination: fields({
    S3Bucket: fields({
      S3BucketArn: ref('the bucket conversation audio goes to'),
      KmsKeyArn: ref('the key Lex encrypts audio with', { removed: 'weakening', added: 'strengthening' }),
      LogPrefix: neutral('a log prefix'),
    }),
  }),
});
export const conversationLogSettings = fields({
  TextLogSettings: list(textLog, 'text log settings'),
  AudioLogSettings: list(audioLog, 'audio log settings'),
});

/** Lambda code hooks per locale: a new one sends the conversation to a function. */
const localeSettings = set({
  key: byField('LocaleId'),
  added: (item, at) => [
    verdict(
      at,
      isMap(item) && isMap(item.BotAliasLocaleSetting) && item.BotAliasLocaleSetting.Enabled === true
        ? 'weakening'
        : 'neutral',
      'Lambda code hooks of a locale (the function receives the conversation)',
      undefined,
      item,
    ),
  ],
  removed: 'strengthening',
  item: unverified('the Lambda function that receives the conversation'),
  why: 'locale code hook settings',
});

/**
 * The live alias moving to another version of its bot: what reaches production. Neutral when convoguard published
 * the version from the bot's current definition (the posture rule CG-ALIAS-CURRENT checks that), otherwise the gate
 * cannot tell what the version holds.
 */
const sameBotVersion = (_b: { address: string }, h: { address: string }, cx: Cx): Verdict['class'] | undefined => {
  if (cx.head.typeOf(h.address) !== 'AWS::Lex::BotVersion') return undefined;
  const version = cx.head.valueOf(h.address) as { Properties?: { Description?: unknown } } | undefined;
  return definitionOfVersion(version?.Properties?.Description) !== undefined ? 'neutral' : 'unverified';
};

export const AWS_LEX: Record<string, Shape> = {
  'AWS::Lex::Bot': cfnResource(
    {
      Name: neutral('the bot name'),
      Description: DESCRIPTION,
      RoleArn: ref('the role Lex uses for the bot'),
      DataPrivacy: fields({ ChildDirected: neutral('COPPA') }),
      IdleSessionTTLInSeconds: neutral('how long a session stays open'),
      AutoBuildBotLocales: neutral('building locales on deploy'),
      BotTags: TAGS,
      TestBotAliasTags: TAGS,
      BotLocales: set({
        key: byField('LocaleId'),
        added: addedItem(locale, 'a new locale'),
        removed: 'neutral',
        item: locale,
        why: 'locale',
      }),
      TestBotAliasSettings: fields({
        ConversationLogSettings: conversationLogSettings,
        Description: DESCRIPTION,
        SentimentAnalysisSettings: unverified('sentiment analysis sends text to Comprehend'),
        BotAliasLocaleSettings: localeSettings,
      }),
      BotFileS3Location: weakening('the bot definition comes from a file in S3 that this review never read'),
      Replication: weakening('the bot is replicated to another Region'),
      ErrorLogSettings: neutral('error logs'),
    },
    {
      added: newAgentOr(
        always(
          'weakening',
          'another Lex bot for an agent that has one: its own test alias logs and generative settings are outside the reviewed bot',
        ),
      ),
      removed: always('neutral', 'the bot leaves the stack (the posture diff says what protection goes with it)'),
    },
  ),
  'AWS::Lex::BotVersion': cfnResource(
    {
      BotId: ref('the bot'),
      BotVersionLocaleSpecification: neutral('which locales the version takes from the draft'),
      Description: DESCRIPTION,
    },
    {
      added: INERT_ADDED,
      removed: always('neutral', 'a bot version removed (an alias that served it is reviewed there)'),
    },
  ),
  'AWS::Lex::BotAlias': cfnResource(
    {
      BotAliasName: neutral('the alias name'),
      Description: DESCRIPTION,
      BotAliasTags: TAGS,
      BotId: ref('the bot'),
      BotVersion: ref('the live alias serves another bot version (this is what reaches production)', {
        moves: sameBotVersion,
      }),
      ConversationLogSettings: conversationLogSettings,
      BotAliasLocaleSettings: localeSettings,
      SentimentAnalysisSettings: unverified('sentiment analysis sends text to Comprehend'),
    },
    {
      added: newAgentOr(
        always(
          'weakening',
          'another alias serves the bot: its own conversation log settings decide where its conversations go',
        ),
      ),
      removed: always('neutral', 'an alias removed (the posture diff says what protection goes with it)'),
    },
  ),
};
