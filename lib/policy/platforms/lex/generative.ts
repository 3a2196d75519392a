/** Lex's generative features: the paths conversation text takes to a model, the Bedrock guardrail that screens them, and their rules. */
import { CATALOG, Kind } from '../../catalog';
import type { PathSegment } from '../../errors';
import { resourcePrefix } from '../../names';
import type { BedrockGuardrailPlan, LexAgentPlan, LexGenerativePlan } from '../../plan-types';
import type { LexAgentSpec, Policy } from '../../schema';
import type { Finding } from '../types';
import { BEDROCK_GUARDRAIL_LIMITS } from './limits';
import { fallbackIdentifierName } from './coverage';

/** The name of the intent a created bot answers questions with (AMAZON.QnAIntent). */
export const QNA_INTENT_NAME = 'AnswerFromKnowledgeBase';

/**
 * The name of each way a Lex bot sends conversation text to Bedrock, stated once: the plan, the guardrail aspect's
 * warnings and the report's reader all use it, so a planned path and the one read from a template match.
 */
export const LEX_GENERATIVE_PATH = {
  descriptiveBotBuilder: (locale: string) => `descriptive bot builder (${locale})`,
  sampleUtteranceGeneration: (locale: string) => `sample utterance generation (${locale})`,
  slotResolution: (locale: string) => `assisted slot resolution (${locale})`,
  assistedNlu: (locale: string) => `assisted NLU (${locale})`,
  qnaIntent: (intent: string, locale: string) => `QnAIntent ${intent} (${locale})`,
  knowledgeBaseIntent: (intent: string, locale: string) => `knowledge base intent ${intent} (${locale})`,
  bedrockAgentIntent: (intent: string, locale: string) => `Bedrock agent intent ${intent} (${locale})`,
} as const;

/**
 * The built-in slot types assisted slot resolution acts on; it does nothing for custom slot types or other built-in
 * ones, and only on a slot whose SlotResolutionSetting.SlotResolutionStrategy is EnhancedFallback (Lex V2 Developer
 * Guide, "Using assisted slot resolution", read 2026-12-07; API SlotResolutionSetting). CloudFormation's
 * AWS::Lex::Bot has no SlotResolutionSetting (its schema in @aws-cdk/aws-service-spec 0.1.216 and cfn-lint 1.51): no
 * slot of a bot deployed from a template has it on.
 */
export const ASSISTED_SLOT_TYPES: readonly string[] = [
  'AMAZON.AlphaNumeric',
  'AMAZON.City',
  'AMAZON.Country',
  'AMAZON.Date',
  'AMAZON.Number',
  'AMAZON.PhoneNumber',
  'AMAZON.Confirmation',
];

/**
 * The paths a created bot sends conversation text to Bedrock by. Assisted slot resolution is not one: a template
 * cannot switch it on for any slot (ASSISTED_SLOT_TYPES), so it sends nothing; the locale setting and its guardrail
 * are still written, for a slot someone switches on outside the template.
 */
export function lexGenerativePaths(g: Pick<LexGenerativePlan, 'qna'>, locale: string): string[] {
  return g.qna ? [LEX_GENERATIVE_PATH.qnaIntent(QNA_INTENT_NAME, locale)] : [];
}

/** The caveat of a created bot with assistedSlotResolution: what it does, which is nothing until a slot is switched on. */
export function assistedSlotResolutionCaveat(slotTypes: readonly string[]): string {
  const eligible = [...new Set(slotTypes.filter((t) => ASSISTED_SLOT_TYPES.includes(t)))];
  return `Assisted slot resolution is on for the locale, with the guardrail, but it acts only on slots set to EnhancedFallback, of ${ASSISTED_SLOT_TYPES.join(', ')}; CloudFormation cannot set that on a slot, so it sends nothing to Bedrock until one is switched on in the console or the API (a change the template does not hold).${eligible.length > 0 ? ` Slots of the bot it could act on: ${eligible.join(', ')}.` : ' None of the bot’s slots is of those types: it can never act here.'}`;
}

/** The generative settings' own rules: features only on a bot convoguard creates, a model for them, Bedrock's limits. */
export function checkGenerative(policy: Policy, agent: LexAgentSpec, ap: PathSegment[]): Finding[] {
  const g = agent.generative!;
  const gp: PathSegment[] = [...ap, 'generative'];
  const out: Finding[] = [];
  const features = (['model', 'qna'] as const).filter((k) => g[k] !== undefined).map(String);
  if (g.assistedSlotResolution) features.push('assistedSlotResolution');
  if (!agent.create) {
    for (const f of features) {
      out.push({
        path: [...gp, f],
        message: `${f} configures a bot convoguard creates (create:); this agent's bot is yours: set it on your CfnBot, and the guardrail is attached to every Bedrock model specification it has`,
        onKey: true,
      });
    }
  }
  if ((g.assistedSlotResolution || g.qna) && !g.model) {
    out.push({
      path: gp,
      message: `missing model; QnAIntent and assisted slot resolution need the Bedrock foundation model ARN they call, such as arn:aws:bedrock:${agent.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
      onKey: true,
    });
  }
  const modelRegion = g.model?.split(':')[3];
  if (modelRegion && modelRegion !== agent.region)
    out.push({
      path: [...gp, 'model'],
      message: `the model's region "${modelRegion}" differs from the agent region "${agent.region}"; Lex calls Bedrock in its own region`,
    });
  const kbRegion = g.qna?.knowledgeBaseArn.split(':')[3];
  if (kbRegion && kbRegion !== agent.region)
    out.push({
      path: [...gp, 'qna', 'knowledgeBaseArn'],
      message: `the knowledge base's region "${kbRegion}" differs from the agent region "${agent.region}"`,
    });
  const kinds = agent.kinds ?? policy.detection.kinds;
  g.block.forEach((k, i) => {
    if (!kinds.includes(k))
      out.push({
        path: [...gp, 'block', i],
        message: `received ${JSON.stringify(k)}; this agent detects ${kinds.join(', ')}`,
      });
  });
  const regexes = guardrailRegexes(policy, kinds);
  if (regexes.length > BEDROCK_GUARDRAIL_LIMITS.regexes) {
    out.push({
      path: gp,
      message: `the guardrail needs ${regexes.length} regexes (${regexes.map((r) => r.name).join(', ')}); Bedrock allows ${BEDROCK_GUARDRAIL_LIMITS.regexes}`,
      onKey: true,
    });
  }
  policy.detection.custom.forEach((c, i) => {
    if (c.pattern.length > BEDROCK_GUARDRAIL_LIMITS.regexLength) {
      out.push({
        path: ['detection', 'custom', i, 'pattern'],
        message: `${c.pattern.length} characters; a Bedrock guardrail regex has at most ${BEDROCK_GUARDRAIL_LIMITS.regexLength}, and agent "${agent.name}" uses one`,
      });
    }
  });
  return out;
}

/** The guardrail's regexes: the custom patterns, and the fallback pattern of each kind Bedrock has no PII type for. */
export function guardrailRegexes(
  policy: Policy,
  kinds: readonly Kind[],
  block: readonly Kind[] = [],
): BedrockGuardrailPlan['regexes'] {
  return [
    ...policy.detection.custom.map((c) => ({
      name: c.name,
      pattern: c.pattern,
      action: 'ANONYMIZE' as const,
      origin: 'custom' as const,
    })),
    ...kinds
      .filter((k) => CATALOG[k].bedrock.length === 0 && CATALOG[k].fallbackPattern)
      .map((k) => ({
        name: fallbackIdentifierName(k),
        pattern: CATALOG[k].fallbackPattern!,
        action: block.includes(k) ? ('BLOCK' as const) : ('ANONYMIZE' as const),
        origin: 'fallback' as const,
        kind: k,
        ...(CATALOG[k].guardrailPromptsOnly ? { promptsOnly: true } : {}),
      })),
  ];
}

export function planGenerative(
  policy: Policy,
  agent: LexAgentSpec,
  kinds: readonly Kind[],
  notes: LexAgentPlan['notes'][number][],
): LexGenerativePlan {
  const g = agent.generative!;
  const action = (k: Kind) => (g.block.includes(k) ? ('BLOCK' as const) : ('ANONYMIZE' as const));
  const piiEntities = kinds.flatMap((k) => CATALOG[k].bedrock.map((type) => ({ type, action: action(k), kind: k })));
  const regexes = guardrailRegexes(policy, kinds, g.block);
  const uncovered = kinds.filter((k) => CATALOG[k].bedrock.length === 0 && !regexes.some((r) => r.kind === k));
  for (const k of kinds.filter((x) => CATALOG[x].bedrock.length === 0)) {
    notes.push({
      level: uncovered.includes(k) ? 'warning' : 'info',
      message: `Bedrock Guardrails has no PII type for ${k}: ${uncovered.includes(k) ? 'prompts and responses carry it unscreened' : `the regex ${fallbackIdentifierName(k)} covers it (${CATALOG[k].fallbackNote})${CATALOG[k].guardrailPromptsOnly ? ' in prompts only, so answers keep their dates and one in an answer is not screened' : ''}`}`,
    });
  }
  if (policy.detection.markers !== false)
    notes.push({
      level: 'info',
      message:
        'SSML markers are not a guardrail regex: they mark bot output for logs, and a model prompt does not carry them',
    });
  notes.push({
    level: 'warning',
    message:
      'Bedrock agent mode (BedrockAgentConfiguration) and assisted NLU have no guardrail field: if the bot uses them, its text reaches them unscreened',
  });
  if (agent.create && g.assistedSlotResolution) {
    notes.push({
      level: 'warning',
      message: `generative.assistedSlotResolution turns the feature on for the locale, but it acts only on slots set to EnhancedFallback (of ${ASSISTED_SLOT_TYPES.join(', ')}), which CloudFormation cannot set: it does nothing until a slot is switched on in the console or the API, and the report does not count it as a path`,
    });
  }
  if (agent.create && !g.qna && !g.assistedSlotResolution)
    notes.push({
      level: 'info',
      message:
        'generative is set but the created bot uses no Bedrock feature: the guardrail is provisioned and attaches to nothing yet',
    });
  const prefix = resourcePrefix(policy.name, agent.name);
  return {
    ...(g.model ? { modelArn: g.model } : {}),
    assistedSlotResolution: g.assistedSlotResolution,
    ...(g.qna ? { qna: { knowledgeBaseArn: g.qna.knowledgeBaseArn, exactResponse: g.qna.exactResponse } } : {}),
    guardrail: {
      name: guardrailName(prefix),
      blockedMessage: g.blockedMessage,
      piiEntities,
      regexes,
      uncovered,
      traceStatus: g.traces ? 'ENABLED' : 'DISABLED',
    },
  };
}

/** `<prefix>-pii`, cut to Bedrock's 50 characters. */
export function guardrailName(prefix: string): string {
  return `${prefix.slice(0, 46)}-pii`;
}
