/**
 * Regions and locations are checked against where each service exists (lib/policy/regions.ts, with sources): a Lex
 * bot or a Dialogflow agent somewhere the service is not is refused at its place; a fast-moving list (Bedrock
 * Guardrails, Model Armor) warns.
 */
import { agentPlan, parsePolicy, plan } from '../../lib/policy';
import { DIALOGFLOW_CX_LOCATIONS, DLP_LOCATIONS, LEX_V2_REGIONS } from '../../lib/policy/regions';
import { policyProblems } from '../helpers';

const policy = (agent: string) => `version: 1\nname: acme\ndetection: { kinds: [email] }\nagents:\n  - ${agent}\n`;

test('a Lex region that does not exist, or has no Lex V2, is refused at agents[i].region with the list and its source', () => {
  for (const region of ['us-east-7', 'eu-west-3']) {
    expect(policyProblems(policy(`{ name: bot, platform: lex, region: ${region} }`))).toEqual([
      `p.yaml:5:41 agents[0].region: received "${region}"; Amazon Lex V2 is not offered in "${region}" (https://docs.aws.amazon.com/general/latest/gr/lex.html, read 2026-12-07: ${LEX_V2_REGIONS.codes.join(', ')})`,
    ]);
  }
  expect(policyProblems(policy('{ name: bot, platform: lex, region: eu-west-2 }'))).toEqual([]);
});

test('a Dialogflow CX location that is not one (europe-west99, us-east4, eu) is refused at agents[i].location', () => {
  for (const location of ['europe-west99', 'us-east4', 'eu']) {
    const problems = policyProblems(
      policy(`{ name: cx, platform: dialogflow-cx, project: acme-cx, location: ${location}, cloudLogging: off }`),
    );
    expect(problems.filter((p) => p.includes('.location:'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^p\\.yaml:5:\\d+ agents\\[0\\]\\.location: received "${location}"; Dialogflow CX is not offered in "${location}" \\(https://cloud\\.google\\.com/dialogflow/cx/docs/concept/region, last updated 2026-04-13: `,
        ),
      ),
    ]);
  }
});

test("every Dialogflow CX location is a DLP location: the agent's templates are created in the agent's location", () => {
  expect(DIALOGFLOW_CX_LOCATIONS.codes.filter((l) => !DLP_LOCATIONS.codes.includes(l))).toEqual([]);
});

test('generative features where the guardrail or Model Armor list does not reach are warnings, not refusals', () => {
  const lex = agentPlan(
    plan(parsePolicy(policy('{ name: bot, platform: lex, region: af-south-1, generative: {} }')).policy),
    'bot',
    'lex',
  );
  expect(lex.notes).toContainEqual({
    level: 'warning',
    message: expect.stringMatching(
      /^generative: Amazon Bedrock Guardrails is not offered in "af-south-1" \(.*; the list grows often, so check the page if it has arrived since: without guardrails/,
    ),
  });
  const cx = agentPlan(
    plan(
      parsePolicy(
        policy(
          '{ name: cx, platform: dialogflow-cx, project: acme-cx, location: europe-west6, create: { displayName: Cx, language: en, timeZone: Europe/Zurich }, generative: { modelArmor: true } }',
        ),
      ).policy,
    ),
    'cx',
    'dialogflow-cx',
  );
  expect(cx.notes).toContainEqual({
    level: 'warning',
    message: expect.stringMatching(
      /^generative\.modelArmor: Model Armor is not offered in "europe-west6" .*: the template cannot be created there$/,
    ),
  });
  const inRegion = agentPlan(
    plan(parsePolicy(policy('{ name: bot, platform: lex, region: us-east-1, generative: {} }')).policy),
    'bot',
    'lex',
  );
  expect(inRegion.notes.map((n) => n.message).filter((m) => m.includes('is not offered'))).toEqual([]);
});
