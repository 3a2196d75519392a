import type { PostureRule } from './rule';

/**
 * Every way conversation text reaches a generative model is screened by a guardrail (a Bedrock guardrail, a Model
 * Armor template). Where the platform has no field for one (Bedrock agent mode, assisted NLU, Dialogflow's own
 * generative calls in provider 6.50), the plan says so and the finding is a known gap.
 */
export const generativeGuardrail: PostureRule = {
  id: 'CG-GENERATIVE-GUARDRAIL',
  severity: 'high',
  description:
    'Every generative path (a Bedrock model specification, a generative feature) is screened by a guardrail built from the policy.',
  check: (a) => [
    // A guardrail the plan provisions that the output no longer has (a Model Armor template removed by hand).
    ...(a.attached ? (a.expected?.generative ?? []) : [])
      .filter(
        (e) =>
          e.guardrail !== undefined &&
          !(a.generative ?? []).some((g) => g.path === e.path && g.guardrail !== undefined),
      )
      .filter((e) => !(a.generative ?? []).some((g) => g.path === e.path))
      .map((e) => ({
        resource: a.source,
        message: `${e.path}: the plan screens it with ${e.guardrail}, which is not in the synthesized output`,
      })),
    ...(a.generative ?? [])
      .filter((g) => g.guardrail === undefined)
      .map((g) => {
        const planned = a.expected?.generative?.find((e) => e.path === g.path);
        // A path the platform gives no guardrail field is a known gap once the plan's caveats say so.
        const noField =
          g.note?.includes('has no guardrail field') === true &&
          (a.expected?.caveats ?? []).some((c) => c.includes('have no guardrail field'));
        return {
          resource: a.source,
          message: `${g.path}: conversation text reaches a generative model with no guardrail${g.note ? ` (${g.note})` : ''}`,
          planned: (planned !== undefined && planned.guardrail === undefined) || noField,
        };
      }),
  ],
};
