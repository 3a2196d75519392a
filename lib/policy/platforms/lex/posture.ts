/** What a planned lex agent's protection really amounts to: stores, bounds with lag, readers, caveats, generative paths. */
import { DAY } from '../../duration';
import type { LexAgentPlan } from '../../plan-types';
import {
  ExpectedPosture,
  ExpectedStore,
  GenerativePath,
  IMPLICIT_READERS,
  LAG,
  namedReader,
  STORE_NAME,
} from '../../posture';
import { PLACEHOLDER_INTENT } from './schema';
import { expected, kafkaClientsOf, rawTopicStore, topicStore } from '../common';
import { LEX_DEPLOYER_NEEDS } from './limits';
import { lexGenerativePaths, assistedSlotResolutionCaveat } from './generative';
import { denyUnmaskTargets } from './logs';
import { REDACTED_BY_CLOUDWATCH, MSK_DEFAULT_SECURITY_GROUP, MSK_NO_ACLS } from './names';

/** The stores, real bounds, readers and caveats of a planned lex agent. */
export function lexExpectedPosture(plan: LexAgentPlan): ExpectedPosture {
  const named = plan.decrypters.map(namedReader);
  const admins = plan.enforceDecrypters ? IMPLICIT_READERS.awsKeyPolicyAdmins : IMPLICIT_READERS.awsAccountAdmins;
  const stores: ExpectedStore[] = [
    {
      kind: 'conversation-logs',
      name: plan.names.logGroup,
      sensitive: true,
      redactedBy: [REDACTED_BY_CLOUDWATCH],
      retention: { configuredSeconds: plan.logRetentionDays * DAY, lag: LAG.cloudWatchRetention },
      encryption: 'customer',
      // The decrypters are not log readers: CloudWatch decrypts for whoever it lets read (the key's deny exempts
      // requests through logs), and only logs:Unmask shows the values in the clear.
      readers: [IMPLICIT_READERS.logsUnmask],
      managed: true,
    },
    {
      kind: 'audio',
      name: STORE_NAME.lexAudio,
      sensitive: true,
      redactedBy: [],
      retention: { configuredSeconds: plan.audioExpirationDays * DAY, lag: LAG.s3Lifecycle },
      encryption: 'customer',
      // With access.enforce the bucket policy denies reads to all but the decrypters (the key's deny exempts S3).
      readers: plan.enforceDecrypters
        ? [...named, IMPLICIT_READERS.bucketPolicyAdmins]
        : [...named, admins, IMPLICIT_READERS.s3ObjectReaders],
      managed: true,
    },
    // A raw topic (a Rasa 3.6-3.12 publisher's original events) is provisioned here; the report files it under its publisher.
    ...plan.topics.map((t) =>
      t.raw ? rawTopicStore(t, kafkaClientsOf('lex')) : topicStore(t.name, t.retentionMs, kafkaClientsOf('lex')),
    ),
  ];
  const caveats = [
    'Lex writes audio logs unredacted: the bucket holds raw customer speech, encrypted with the key, until it expires.',
    'Slot obfuscation covers slot values in text logs only: not audio, session attributes, or values echoed in prompts and responses.',
    'CloudWatch Logs masks at ingestion and only with "*": anyone with logs:Unmask on the log group reads the original values. No resource policy can restrict logs:Unmask: attach the DenyUnmask policy convoguard creates, or apply the SCP document it writes under out/aws/.',
  ];
  const unmaskTargets = denyUnmaskTargets(plan);
  if (plan.enforceDecrypters) {
    caveats.push(
      unmaskTargets.length > 0
        ? `The DenyUnmask policy is attached to ${unmaskTargets.join(', ')} (access.denyUnmaskTo): logs:Unmask is denied to them only; any other principal with it reads the original values unless the SCP document is applied.`
        : 'The DenyUnmask policy is attached to nobody (access.denyUnmaskTo is empty): an identity policy denies only where it is attached, so logs:Unmask is denied only if you attach it in your app or your organization applies the SCP document under out/aws/.',
    );
  }
  for (const k of plan.detection.kinds) {
    if (k.supplement)
      caveats.push(
        `${k.supplement.name} masks ${k.kind} without the keyword CloudWatch's own identifier needs; it has false positives: ${k.supplement.note}.`,
      );
  }
  if (
    plan.deidentify.sets.some(
      (s) => s.method !== s.defaultMethod || s.rules.some((r) => r.method !== r.effectiveMethod || r.char !== '*'),
    )
  ) {
    caveats.push('The rule sets ask for replacements CloudWatch cannot make: every finding in Lex logs shows as ****.');
  }
  if (plan.kafka && 'subnetIds' in plan.kafka && !plan.kafka.securityGroupIds) {
    caveats.push(MSK_DEFAULT_SECURITY_GROUP);
  }
  if (plan.topics.length > 0) caveats.push(MSK_NO_ACLS);
  if (plan.macie)
    caveats.push(
      'Macie custom data identifiers are created, but convoguard runs no classification job: nothing is scanned until you run one.',
    );
  if (plan.create?.intents.some((i) => i.name === PLACEHOLDER_INTENT.name)) {
    caveats.push(
      `The created bot has only the placeholder intent ${PLACEHOLDER_INTENT.name} (Lex builds no locale without a custom intent): give create.intents, or declare your own bot.`,
    );
  }
  const generative: GenerativePath[] = [];
  const g = plan.generative;
  if (g) {
    const gr = g.guardrail;
    const covered = [...new Set(gr.piiEntities.map((e) => e.kind))];
    caveats.push(
      `Bedrock guardrail ${gr.name} screens prompts and responses of the bot's Bedrock model specifications: ${covered.length > 0 ? `${covered.join(', ')} by Bedrock PII types` : 'no kind by a Bedrock PII type'}${gr.regexes.length > 0 ? `, ${gr.regexes.map((r) => r.name).join(', ')} by regex` : ''}${gr.uncovered.length > 0 ? `; ${gr.uncovered.join(', ')} not at all` : ''}.`,
    );
    caveats.push(
      "Bedrock agent mode (BedrockAgentConfiguration) and assisted NLU (NluImprovementSpecification) have no guardrail field: the bot's text reaches them unscreened.",
    );
    if (gr.traceStatus === 'ENABLED')
      caveats.push(
        'Bedrock traces are on (generative.traces): they keep prompts and responses, with what the guardrail did not anonymize.',
      );
    if (plan.create) {
      for (const path of lexGenerativePaths(g, plan.create.locale)) generative.push({ path, guardrail: gr.name });
      if (g.assistedSlotResolution)
        caveats.push(assistedSlotResolutionCaveat(plan.create.intents.flatMap((i) => i.slots.map((x) => x.slotType))));
    }
  }
  if (!plan.create) {
    caveats.push(
      "The bot is yours: convoguard sets its alias's conversation logs; its test alias and custom slot types are as you declared them.",
    );
    caveats.push(
      '`convoguard synth` and the shipped cdk app have no bot to attach to: they create the key, log groups and bucket only, which protect nothing until AwsAgentProtection({ bot, botAlias }) attaches them in the stack that declares the bot.',
    );
  }
  const needs = [
    ...LEX_DEPLOYER_NEEDS,
    ...(plan.enforceDecrypters
      ? [
          `an organization administrator to apply out/aws/${plan.name}/deny-unmask-scp.json (an SCP is not part of the stack)`,
        ]
      : []),
    // KMS refuses a key policy naming a principal that does not exist (MalformedPolicyDocumentException).
    ...(plan.decrypters.length > 0
      ? [
          `${plan.decrypters.join(', ')} existing before the deploy: KMS refuses a key policy that names a principal it cannot find (MalformedPolicyDocumentException)`,
        ]
      : []),
    ...(plan.enforceDecrypters && unmaskTargets.length > 0
      ? [
          `${unmaskTargets.join(', ')} existing in the account before the deploy, and iam:AttachRolePolicy, iam:AttachGroupPolicy or iam:AttachUserPolicy on them for the DenyUnmask policy (access.denyUnmaskTo)`,
        ]
      : []),
    ...(g
      ? [
          'bedrock:CreateGuardrail, bedrock:CreateGuardrailVersion, bedrock:UpdateGuardrail and bedrock:DeleteGuardrail for the guardrail; access to the foundation model granted once in the Bedrock console (model access) for generative.model',
        ]
      : []),
    ...(plan.verify
      ? [
          `cloudwatch:PutMetricAlarm for the alarm${'create' in plan.verify.topic ? ', sns:CreateTopic and sns:SetTopicAttributes for the alert topic' : ''}${plan.verify.scan ? '; Macie enabled in the account and region, and the Lambda function the stack creates calls macie2:CreateClassificationJob and macie2:UpdateClassificationJob' : ''}`,
        ]
      : []),
  ];
  const posture = {
    ...expected(plan, stores, caveats, Boolean(plan.create), needs),
    ...(plan.enforceDecrypters ? { denyUnmaskTo: unmaskTargets } : {}),
  };
  return generative.length > 0 ? { ...posture, generative } : posture;
}
