/** A Lex bot's generative paths and what its Bedrock guardrails do with each PII type. */
import { LEX_GENERATIVE_PATH } from '../../../policy/platforms/lex';
import { GenerativePath } from '../../../policy/posture';
import type { DeidentifyRule, DetectionSettings } from '../../model';
import { obj, arr, refId, Resource } from './template';

/**
 * The generative paths of a Lex bot: every Bedrock model specification (with the guardrail it names, or none), and
 * the Bedrock agent intents and assisted NLU, which have no guardrail field.
 */
export function lexGenerative(bot: Resource | undefined, res: Record<string, Resource>): GenerativePath[] {
  const out: GenerativePath[] = [];
  const guardrailOf = (spec: unknown): Pick<GenerativePath, 'guardrail' | 'note'> => {
    const g = obj(obj(spec).BedrockGuardrailConfiguration);
    const id = g.BedrockGuardrailIdentifier;
    if (id === undefined) return {};
    const ref = refId(id);
    const target = ref ? res[ref] : undefined;
    const name =
      target?.Type === 'AWS::Bedrock::Guardrail' && typeof target.Properties?.Name === 'string'
        ? target.Properties.Name
        : typeof id === 'string'
          ? id
          : (ref ?? JSON.stringify(id));
    const version = g.BedrockGuardrailVersion;
    const traces =
      obj(spec).BedrockTraceStatus === 'ENABLED' ? 'Bedrock traces on: they keep prompts and responses' : undefined;
    const draft =
      version === undefined || version === 'DRAFT'
        ? 'version DRAFT: an edit in the console changes what runs'
        : undefined;
    const note = [draft, traces].filter(Boolean).join('; ');
    return { guardrail: name, ...(note ? { note } : {}) };
  };
  const add = (path: string, spec: unknown) => {
    if (spec !== undefined) out.push({ path, ...guardrailOf(spec) });
  };
  for (const raw of arr(bot?.Properties?.BotLocales)) {
    const l = obj(raw);
    const loc = String(l.LocaleId);
    const gen = obj(l.GenerativeAISettings);
    const build = obj(gen.BuildtimeSettings);
    const run = obj(gen.RuntimeSettings);
    const enabled = (h: unknown) => obj(h).Enabled !== false && h !== undefined;
    if (enabled(build.DescriptiveBotBuilderSpecification))
      add(
        LEX_GENERATIVE_PATH.descriptiveBotBuilder(loc),
        obj(build.DescriptiveBotBuilderSpecification).BedrockModelSpecification ?? {},
      );
    if (enabled(build.SampleUtteranceGenerationSpecification))
      add(
        LEX_GENERATIVE_PATH.sampleUtteranceGeneration(loc),
        obj(build.SampleUtteranceGenerationSpecification).BedrockModelSpecification ?? {},
      );
    // Assisted slot resolution sends text to Bedrock only for a slot set to EnhancedFallback (ASSISTED_SLOT_TYPES):
    // a locale setting without such a slot is no path, screened or not. (CloudFormation has no such slot setting
    // today; a raw override or a later schema that sets it makes the path real.)
    const assistedSlot = arr(l.Intents).some((ri) =>
      arr(obj(ri).Slots).some(
        (rs) =>
          obj(obj(obj(rs).ValueElicitationSetting).SlotResolutionSetting).SlotResolutionStrategy === 'EnhancedFallback',
      ),
    );
    if (enabled(run.SlotResolutionImprovementSpecification) && assistedSlot)
      add(
        LEX_GENERATIVE_PATH.slotResolution(loc),
        obj(run.SlotResolutionImprovementSpecification).BedrockModelSpecification ?? {},
      );
    if (enabled(run.NluImprovementSpecification))
      out.push({ path: LEX_GENERATIVE_PATH.assistedNlu(loc), note: 'Lex has no guardrail field for assisted NLU' });
    for (const ri of arr(l.Intents)) {
      const i = obj(ri);
      const qna = obj(i.QnAIntentConfiguration);
      if (i.QnAIntentConfiguration !== undefined)
        add(LEX_GENERATIVE_PATH.qnaIntent(String(i.Name), loc), qna.BedrockModelConfiguration ?? {});
      const agentIntent = obj(i.BedrockAgentIntentConfiguration);
      if (agentIntent.BedrockAgentIntentKnowledgeBaseConfiguration !== undefined)
        add(
          LEX_GENERATIVE_PATH.knowledgeBaseIntent(String(i.Name), loc),
          obj(agentIntent.BedrockAgentIntentKnowledgeBaseConfiguration).BedrockModelConfiguration ?? {},
        );
      if (agentIntent.BedrockAgentConfiguration !== undefined)
        out.push({
          path: LEX_GENERATIVE_PATH.bedrockAgentIntent(String(i.Name), loc),
          note: 'Lex has no guardrail field for a Bedrock agent: attach one to the agent in Bedrock',
        });
    }
  }
  return out;
}

/** What the agent's Bedrock guardrails do with each PII type and pattern (CloudWatch masks every identifier with *). */
export function lexDetection(guardrails: Array<[string, Resource]>): DetectionSettings {
  const rules: DeidentifyRule[] = [];
  for (const [, g] of guardrails) {
    const cfg = obj(g.Properties?.SensitiveInformationPolicyConfig);
    for (const e of [...arr(cfg.PiiEntitiesConfig), ...arr(cfg.RegexesConfig)].map(obj)) {
      const action = String(e.Action ?? 'NONE');
      // Each direction acts when it is enabled and its action (InputAction/OutputAction, else Action) is not NONE
      // (detect only). One direction screened is weaker than both: the other carries what it would match.
      const acts = (enabled: unknown, dirAction: unknown) =>
        enabled !== false && String(dirAction ?? action) !== 'NONE';
      const prompts = acts(e.InputEnabled, e.InputAction);
      const responses = acts(e.OutputEnabled, e.OutputAction);
      const scope =
        prompts && responses ? '' : prompts ? ', prompts only' : responses ? ', responses only' : ', screens nothing';
      rules.push({
        subject: `guardrail ${String(e.Type ?? e.Name)}`,
        method: `${action}${scope}`,
        strength: prompts && responses ? 3 : prompts || responses ? 2 : 1,
        keeps: 0,
      });
    }
  }
  return { rules };
}
