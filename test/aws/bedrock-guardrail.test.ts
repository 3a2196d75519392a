/**
 * Lex + Amazon Bedrock: the policy's guardrail on every Bedrock model specification of a bot, created or yours, with
 * the shapes CloudFormation accepts (cfn-lint, when installed) and the warnings for what has no guardrail field.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import { AwsAgentProtection, PiiGuardrail } from '../../lib/aws';
import { BEDROCK_PII_ENTITY_TYPES, CATALOG, KINDS } from '../../lib/policy/catalog';
import { agentPlan, expectedPosture, parsePolicy, plan } from '../../lib/policy';
import { readCloudFormation } from '../../lib/report/read-cloudformation';
import { exampleSynthesis, exampleText, tmpDir, policyProblems as problems } from '../helpers';

const MODEL = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
const KB = 'arn:aws:bedrock:us-east-1:111122223333:knowledge-base/KBEXAMPLE1';
const BILLING =
  /( {2}- \{ name: billing, platform: lex,[\s\S]*?exports: \['s3:\/\/acme-lex-transcripts\/billing\/'\] \}[^\n]*\n)/;

/** The example with its billing agent replaced. */
const withBilling = (yaml: string) => {
  const text = exampleText();
  if (!BILLING.test(text)) throw new Error('the example billing agent changed: update this test');
  // helpdesk publishes to billing's cluster: give it its own broker, so billing needs no kafka here.
  return text
    .replace(BILLING, yaml)
    .replace('kafka: { cluster: billing } }', "kafka: { url: 'kafka.internal:9096' } }");
};
/** Whether cfn-lint is on PATH (looked up, not run: it takes two seconds to start). */
const cfnLint = (process.env.PATH ?? '')
  .split(path.delimiter)
  .some((d) => d !== '' && fs.existsSync(path.join(d, 'cfn-lint')));
/** cfn-lint's errors (not warnings) on a template file, as `rule path: message`. */
function cfnLintErrors(files: readonly string[]): string[] {
  const r = spawnSync('cfn-lint', ['--format', 'json', ...files], { encoding: 'utf8' });
  // Exit bit 1 is cfn-lint's own failure (2, 4, 8: errors, warnings, notes found), and its stdout must be its JSON:
  // a crash that printed nothing is not a clean template.
  if (r.status === null || (r.status & 1) !== 0 || !/^\s*\[/.test(r.stdout))
    throw new Error(`cfn-lint did not finish (exit ${r.status}): ${r.stderr}`);
  const stdout = r.stdout;
  return (
    JSON.parse(stdout || '[]') as Array<{
      Level: string;
      Rule: { Id: string };
      Message: string;
      Location: { Path: unknown[] };
    }>
  )
    .filter((m) => m.Level === 'Error')
    .map((m) => `${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`);
}

test('every Bedrock PII type in the catalog is one Bedrock accepts, and the kinds without one are named', () => {
  for (const k of KINDS) for (const t of CATALOG[k].bedrock) expect(BEDROCK_PII_ENTITY_TYPES).toContain(t);
  expect(KINDS.filter((k) => CATALOG[k].bedrock.length === 0)).toEqual(['date_of_birth']);
});

/** Templates for one cfn-lint run at the end (cfn-lint takes seconds to start). */
const linted: string[] = [];

describe("the example's billing bot (created, QnAIntent and assisted slot resolution)", () => {
  const dir = exampleSynthesis();
  const file = path.join(dir, 'cdk.out', 'support-assistant-aws-us-east-1.template.json');
  linted.push(file);
  const t = Template.fromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
  const guardrailId = Object.keys(t.findResources('AWS::Bedrock::Guardrail'))[0];
  const versionId = Object.keys(t.findResources('AWS::Bedrock::GuardrailVersion'))[0];
  const attached = {
    BedrockGuardrailIdentifier: { 'Fn::GetAtt': [guardrailId, 'GuardrailArn'] },
    BedrockGuardrailVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
  };

  test('a guardrail anonymizes the Bedrock PII types of the policy kinds, with regexes for the custom pattern and date_of_birth', () => {
    t.hasResourceProperties('AWS::Bedrock::Guardrail', {
      Name: 'support-assistant-billing-pii',
      BlockedInputMessaging: "Sorry, I can't help with that request.",
      SensitiveInformationPolicyConfig: {
        PiiEntitiesConfig: [
          'EMAIL',
          'PHONE',
          'CREDIT_DEBIT_CARD_NUMBER',
          'CREDIT_DEBIT_CARD_CVV',
          'CREDIT_DEBIT_CARD_EXPIRY',
          'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
          'US_SOCIAL_SECURITY_NUMBER',
          'NAME',
          'ADDRESS',
          'IP_ADDRESS',
        ].map((Type) => ({
          Type,
          Action: 'ANONYMIZE',
        })),
        RegexesConfig: [
          { Name: 'ORDER_NUMBER', Pattern: 'ORD-[0-9]{8}', Action: 'ANONYMIZE' },
          // Every numeric date: prompts only, so the knowledge base's answers keep their dates.
          {
            Name: 'CONVOGUARD_DATE_OF_BIRTH',
            Pattern: CATALOG.date_of_birth.fallbackPattern,
            Action: 'ANONYMIZE',
            InputEnabled: true,
            OutputEnabled: false,
          },
        ],
      },
    });
    t.hasResourceProperties('AWS::Bedrock::GuardrailVersion', {
      GuardrailIdentifier: { 'Fn::GetAtt': [guardrailId, 'GuardrailArn'] },
    });
  });

  test('the QnAIntent and assisted slot resolution carry the guardrail version, with traces off', () => {
    const locale = (Object.values(t.findResources('AWS::Lex::Bot'))[0] as any).Properties.BotLocales[0];
    expect(locale.GenerativeAISettings.RuntimeSettings.SlotResolutionImprovementSpecification).toEqual({
      Enabled: true,
      BedrockModelSpecification: {
        ModelArn: MODEL,
        BedrockGuardrailConfiguration: attached,
        BedrockTraceStatus: 'DISABLED',
      },
    });
    expect(locale.Intents.find((i: any) => i.ParentIntentSignature === 'AMAZON.QnAIntent')).toEqual({
      Name: 'AnswerFromKnowledgeBase',
      ParentIntentSignature: 'AMAZON.QnAIntent',
      QnAIntentConfiguration: {
        BedrockModelConfiguration: {
          ModelArn: MODEL,
          BedrockGuardrailConfiguration: attached,
          BedrockTraceStatus: 'DISABLED',
        },
        DataSourceConfiguration: {
          BedrockKnowledgeStoreConfiguration: { BedrockKnowledgeBaseArn: KB, ExactResponse: false },
        },
      },
    });
  });

  test('the bot role may call the model, read the knowledge base and apply the guardrail, nothing wider', () => {
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'BedrockModel', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: MODEL },
          { Sid: 'KnowledgeBase', Effect: 'Allow', Action: 'bedrock:Retrieve', Resource: KB },
          {
            Sid: 'Guardrail',
            Effect: 'Allow',
            Action: 'bedrock:ApplyGuardrail',
            Resource: { 'Fn::GetAtt': [guardrailId, 'GuardrailArn'] },
          },
        ]),
      },
    });
  });

  test('the expected posture lists the QnAIntent with the guardrail; assisted slot resolution is no path (no slot can switch it on from a template), and says so', () => {
    const p = expectedPosture(agentPlan(plan(parsePolicy(exampleText()).policy), 'billing', 'lex'));
    expect(p.generative).toEqual([
      { path: 'QnAIntent AnswerFromKnowledgeBase (en_US)', guardrail: 'support-assistant-billing-pii' },
    ]);
    // The example's only slot is an email address: not a type assisted slot resolution acts on.
    expect(p.caveats).toContain(
      'Assisted slot resolution is on for the locale, with the guardrail, but it acts only on slots set to EnhancedFallback, of AMAZON.AlphaNumeric, AMAZON.City, AMAZON.Country, AMAZON.Date, AMAZON.Number, AMAZON.PhoneNumber, AMAZON.Confirmation; CloudFormation cannot set that on a slot, so it sends nothing to Bedrock until one is switched on in the console or the API (a change the template does not hold). None of the bot’s slots is of those types: it can never act here.',
    );
    expect(p.caveats).toContain(
      "Bedrock agent mode (BedrockAgentConfiguration) and assisted NLU (NluImprovementSpecification) have no guardrail field: the bot's text reaches them unscreened.",
    );
  });
});

describe('a bot you declare, with every kind of Bedrock model specification', () => {
  const app = new App();
  const stack = new Stack(app, 'mine', { env: { region: 'us-east-1' } });
  const spec = (extra: object = {}) => ({ modelArn: MODEL, ...extra });
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lexv2.amazonaws.com') });
  const bot = new lex.CfnBot(stack, 'Bot', {
    name: 'mine',
    roleArn: role.roleArn,
    dataPrivacy: { ChildDirected: false },
    idleSessionTtlInSeconds: 300,
    botLocales: [
      {
        localeId: 'en_US',
        nluConfidenceThreshold: 0.4,
        generativeAiSettings: {
          buildtimeSettings: {
            descriptiveBotBuilderSpecification: { enabled: true, bedrockModelSpecification: spec() },
            sampleUtteranceGenerationSpecification: {
              enabled: true,
              bedrockModelSpecification: spec({
                bedrockGuardrailConfiguration: { bedrockGuardrailIdentifier: 'other', bedrockGuardrailVersion: '1' },
              }),
            },
          },
          runtimeSettings: {
            slotResolutionImprovementSpecification: {
              enabled: true,
              bedrockModelSpecification: spec({ bedrockTraceStatus: 'ENABLED' }),
            },
            nluImprovementSpecification: { enabled: true },
          },
        },
        intents: [
          {
            name: 'Faq',
            parentIntentSignature: 'AMAZON.QnAIntent',
            qnAIntentConfiguration: {
              bedrockModelConfiguration: spec(),
              dataSourceConfiguration: { bedrockKnowledgeStoreConfiguration: { bedrockKnowledgeBaseArn: KB } },
            },
          },
          {
            name: 'Docs',
            parentIntentSignature: 'AMAZON.BedrockAgentIntent',
            bedrockAgentIntentConfiguration: {
              bedrockAgentIntentKnowledgeBaseConfiguration: {
                bedrockKnowledgeBaseArn: KB,
                bedrockModelConfiguration: spec(),
              },
            },
          },
          {
            name: 'Agent',
            parentIntentSignature: 'AMAZON.BedrockAgentIntent',
            bedrockAgentIntentConfiguration: {
              bedrockAgentConfiguration: { bedrockAgentId: 'AGENT12345', bedrockAgentAliasId: 'ALIAS12345' },
            },
          },
          { name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent' },
        ],
      },
    ],
  });
  const alias = new lex.CfnBotAlias(stack, 'Alias', { botId: bot.attrId, botAliasName: 'prod' });
  const p = agentPlan(
    plan(
      parsePolicy(
        withBilling('  - { name: billing, platform: lex, region: us-east-1, generative: { block: [credit_card] } }\n'),
      ).policy,
    ),
    'billing',
    'lex',
  );
  const protection = new AwsAgentProtection(stack, 'billing', { plan: p, bot, botAlias: alias, botRole: role });
  const t = Template.fromStack(stack);
  const mine = path.join(tmpDir('convoguard-cfn-'), 'mine.template.json');
  fs.writeFileSync(mine, JSON.stringify(t.toJSON()));
  linted.push(mine);
  const locale = (Object.values(t.findResources('AWS::Lex::Bot'))[0] as any).Properties.BotLocales[0];
  const guardrailId = stack.getLogicalId(protection.guardrail!.guardrail);
  const versionId = stack.getLogicalId(protection.guardrail!.version);
  const attached = {
    BedrockGuardrailIdentifier: { 'Fn::GetAtt': [guardrailId, 'GuardrailArn'] },
    BedrockGuardrailVersion: { 'Fn::GetAtt': [versionId, 'Version'] },
  };

  test('every model specification gets the guardrail and traces off, replacing another guardrail', () => {
    const specs = [
      locale.GenerativeAISettings.BuildtimeSettings.DescriptiveBotBuilderSpecification.BedrockModelSpecification,
      locale.GenerativeAISettings.BuildtimeSettings.SampleUtteranceGenerationSpecification.BedrockModelSpecification,
      locale.GenerativeAISettings.RuntimeSettings.SlotResolutionImprovementSpecification.BedrockModelSpecification,
      locale.Intents[0].QnAIntentConfiguration.BedrockModelConfiguration,
      locale.Intents[1].BedrockAgentIntentConfiguration.BedrockAgentIntentKnowledgeBaseConfiguration
        .BedrockModelConfiguration,
    ];
    for (const s of specs)
      expect(s).toEqual({ ModelArn: MODEL, BedrockGuardrailConfiguration: attached, BedrockTraceStatus: 'DISABLED' });
    expect(locale.GenerativeAISettings.RuntimeSettings.NluImprovementSpecification).toEqual({ Enabled: true });
    Annotations.fromStack(stack).hasWarning(
      '/mine/Bot',
      Match.stringLikeRegexp('sample utterance generation \\(en_US\\) named another Bedrock guardrail'),
    );
  });

  test('Bedrock agent mode and assisted NLU, which have no guardrail field, are warnings', () => {
    Annotations.fromStack(stack).hasWarning(
      '/mine/Bot',
      Match.stringLikeRegexp(
        'intent Agent \\(en_US\\) hands the conversation to a Bedrock agent, and Lex has no guardrail field for it',
      ),
    );
    Annotations.fromStack(stack).hasWarning(
      '/mine/Bot',
      Match.stringLikeRegexp('assisted NLU \\(en_US\\) sends utterances to a model Lex chooses'),
    );
  });

  test('block: turns the kinds it names to BLOCK; your bot role may apply the guardrail', () => {
    const pii = (Object.values(t.findResources('AWS::Bedrock::Guardrail'))[0] as any).Properties
      .SensitiveInformationPolicyConfig.PiiEntitiesConfig;
    expect(pii.filter((e: any) => e.Action === 'BLOCK').map((e: any) => e.Type)).toEqual([
      'CREDIT_DEBIT_CARD_NUMBER',
      'CREDIT_DEBIT_CARD_CVV',
      'CREDIT_DEBIT_CARD_EXPIRY',
    ]);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Sid: 'Guardrail', Action: 'bedrock:ApplyGuardrail' })]),
      },
    });
  });
});

(cfnLint ? test : test.skip)(
  "cfn-lint finds no error in the example's template and in your bot's (GenerativeAISettings, QnAIntentConfiguration, the guardrail)",
  () => {
    expect(cfnLintErrors(linted)).toEqual([]);
  },
);
if (!cfnLint)
  test('cfn-lint is not installed: the CloudFormation shape check above is skipped (pip install cfn-lint)', () =>
    undefined);

describe('PiiGuardrail', () => {
  const make = (regexes: Array<{ name: string; pattern: string }>) => {
    const stack = new Stack(new App(), 's');
    const g = new PiiGuardrail(stack, 'G', {
      name: 'g',
      blockedMessage: 'no',
      piiEntities: [{ type: 'EMAIL', action: 'ANONYMIZE' }],
      regexes: regexes.map((r) => ({ ...r, action: 'ANONYMIZE' as const })),
    });
    return stack.getLogicalId(g.version);
  };

  test('a changed configuration gets a new version resource (its identifier is create-only); the same one keeps it', () => {
    expect(make([{ name: 'A', pattern: 'a+' }])).toBe(make([{ name: 'A', pattern: 'a+' }]));
    expect(make([{ name: 'A', pattern: 'a+' }])).not.toBe(make([{ name: 'A', pattern: 'b+' }]));
  });

  test("Bedrock's limits are refused at once, all together", () => {
    const stack = new Stack(new App(), 's');
    expect(
      () =>
        new PiiGuardrail(stack, 'G', {
          name: 'no spaces',
          blockedMessage: 'x'.repeat(501),
          piiEntities: [],
          regexes: Array.from({ length: 31 }, (_, i) => ({
            name: `R${i}`,
            pattern: i === 0 ? 'a'.repeat(501) : 'a',
            action: 'ANONYMIZE' as const,
          })),
        }),
    ).toThrow(
      's/G: name received "no spaces"; expected 1-50 letters, digits, _ and -; blockedMessage has 501 characters; expected 1-500; received 31 regexes; Bedrock allows 30; regex R0 has 501 characters; Bedrock allows 500',
    );
  });
});

test('PiiGuardrail refuses a PII type Bedrock does not have (the catalog column is checked against the same list)', () => {
  const stack = new Stack(new App(), 's');
  expect(
    () =>
      new PiiGuardrail(stack, 'G', {
        name: 'g',
        blockedMessage: 'no',
        piiEntities: [{ type: 'DATE_OF_BIRTH', action: 'ANONYMIZE' }],
      }),
  ).toThrow(/s\/G: PII entity types DATE_OF_BIRTH are not Bedrock's; expected one of ADDRESS, AGE, /);
});

describe('policy checks of generative', () => {
  test('features on a bot you declare, a missing model, a model in another region and an unknown block kind are refused at their place', () => {
    const p = problems(
      withBilling(
        `  - { name: billing, platform: lex, region: us-east-1, generative: { assistedSlotResolution: true, block: [passport] } }\n  - { name: made, platform: lex, region: eu-west-1, create: { locale: en_US }, generative: { qna: { knowledgeBaseArn: '${KB}' } } }\n  - { name: far, platform: lex, region: eu-west-1, create: { locale: en_US }, generative: { model: '${MODEL}' } }\n`,
      ),
    );
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /agents\[1\]\.generative\.assistedSlotResolution: assistedSlotResolution configures a bot convoguard creates \(create:\); this agent's bot is yours/,
        ),
        // Both at once: a user who adds create: is not sent back for the model.
        expect.stringMatching(
          /agents\[1\]\.generative: missing model; .* such as arn:aws:bedrock:us-east-1::foundation-model\//,
        ),
        expect.stringMatching(
          /agents\[1\]\.generative\.block\[0\]: received "passport"; this agent detects email, phone/,
        ),
        expect.stringMatching(
          /agents\[2\]\.generative: missing model; QnAIntent and assisted slot resolution need the Bedrock foundation model ARN/,
        ),
        expect.stringMatching(
          /agents\[2\]\.generative\.qna\.knowledgeBaseArn: the knowledge base's region "us-east-1" differs from the agent region "eu-west-1"/,
        ),
        expect.stringMatching(
          /agents\[3\]\.generative\.model: the model's region "us-east-1" differs from the agent region "eu-west-1"; Lex calls Bedrock in its own region/,
        ),
      ]),
    );
  });

  test('a custom pattern over 500 characters, for a lex agent with generative, is refused at the pattern', () => {
    const long = `ORD-${'[0-9]'.repeat(100)}`;
    const p = problems(exampleText().replace("pattern: 'ORD-[0-9]{8}'", `pattern: '${long}'`));
    expect(p).toContainEqual(
      expect.stringMatching(
        /detection\.custom\[0\]\.pattern: 504 characters; a Bedrock guardrail regex has at most 500, and agent "billing" uses one/,
      ),
    );
  });

  test('a kind Bedrock cannot detect and no regex covers is a warning naming the agent', () => {
    const a = agentPlan(
      plan(
        parsePolicy(withBilling('  - { name: billing, platform: lex, region: us-east-1, generative: {} }\n')).policy,
      ),
      'billing',
      'lex',
    );
    expect(a.generative?.guardrail.uncovered).toEqual([]);
    expect(a.notes.map((n) => n.message)).toContain(
      `Bedrock Guardrails has no PII type for date_of_birth: the regex CONVOGUARD_DATE_OF_BIRTH covers it (${CATALOG.date_of_birth.fallbackNote}) in prompts only, so answers keep their dates and one in an answer is not screened`,
    );
  });
});

test('assisted slot resolution is a path the report counts only when a slot is set to EnhancedFallback (CloudFormation has no such setting today)', () => {
  const t = JSON.parse(
    fs.readFileSync(path.join(exampleSynthesis(), 'cdk.out', 'support-assistant-aws-us-east-1.template.json'), 'utf8'),
  );
  const read = (template: typeof t) =>
    readCloudFormation(template, 'x.template.json')
      .find((a) => a.agent === 'billing')!
      .generative!.map((g) => g.path);
  expect(read(t)).toEqual(['QnAIntent AnswerFromKnowledgeBase (en_US)']);
  // A raw override (or a later CloudFormation schema) that sets it makes the path real, and it carries the guardrail.
  const bot = Object.values(t.Resources as Record<string, any>).find((r) => r.Type === 'AWS::Lex::Bot');
  bot.Properties.BotLocales[0].Intents[0].Slots[0].ValueElicitationSetting.SlotResolutionSetting = {
    SlotResolutionStrategy: 'EnhancedFallback',
  };
  expect(read(t)).toEqual(['assisted slot resolution (en_US)', 'QnAIntent AnswerFromKnowledgeBase (en_US)']);
});

test('the report says which guardrail pattern screens prompts only', () => {
  const t = JSON.parse(
    fs.readFileSync(path.join(exampleSynthesis(), 'cdk.out', 'support-assistant-aws-us-east-1.template.json'), 'utf8'),
  );
  const rules = readCloudFormation(t, 'x.template.json').find((a) => a.agent === 'billing')!.detection!.rules;
  expect(rules.find((r) => r.subject === 'guardrail CONVOGUARD_DATE_OF_BIRTH')).toMatchObject({
    method: 'ANONYMIZE, prompts only',
  });
  expect(rules.find((r) => r.subject === 'guardrail ORDER_NUMBER')).toMatchObject({ method: 'ANONYMIZE', strength: 3 });
  expect(rules.find((r) => r.subject === 'guardrail CONVOGUARD_DATE_OF_BIRTH')).toMatchObject({ strength: 2 });
  // Both directions off, or detect only (NONE) on both: it screens nothing, whatever Action says.
  const g = Object.values(t.Resources as Record<string, { Type: string; Properties: any }>).find(
    (r) => r.Type === 'AWS::Bedrock::Guardrail',
  )!;
  const email = g.Properties.SensitiveInformationPolicyConfig.PiiEntitiesConfig.find(
    (e: { Type: string }) => e.Type === 'EMAIL',
  );
  Object.assign(email, { InputAction: 'NONE', OutputEnabled: false });
  const after = readCloudFormation(t, 'x.template.json').find((a) => a.agent === 'billing')!.detection!.rules;
  expect(after.find((r) => r.subject === 'guardrail EMAIL')).toMatchObject({
    method: 'ANONYMIZE, screens nothing',
    strength: 1,
  });
});
