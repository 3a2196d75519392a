/** The policy's `lex` agent: an Amazon Lex V2 bot on AWS. */
import { z } from 'zod';
import { agentBase, duration, Kind } from '../../schema-parts';

const AwsKafka = z
  .strictObject({
    clusterArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/.+$/, { message: 'expected an MSK cluster ARN' })
      .optional()
      .describe('Existing provisioned MSK cluster (Kafka 3.6 or later) to create the topics in'),
    subnetIds: z
      .array(z.string().regex(/^subnet-[0-9a-f]+$/, { message: 'expected a subnet id such as subnet-0abc' }))
      .optional()
      .describe('Subnets in 2 or 3 Availability Zones for a new cluster'),
    securityGroupIds: z
      .array(z.string().regex(/^sg-[0-9a-f]+$/, { message: 'expected a security group id such as sg-0abc' }))
      .optional(),
    brokerInstanceType: z.string().default('kafka.m7g.large').describe('Broker instance type for a new cluster'),
  })
  .describe("MSK cluster for this agent's anonymized topics: an existing clusterArn, or subnetIds for a new one");

/** The intent a created bot starts with when the policy names none. */
export const PLACEHOLDER_INTENT = {
  name: 'ConvoguardPlaceholder',
  utterances: ['convoguard placeholder intent'],
  slots: [],
};

const LexIntent = z
  .strictObject({
    name: z
      .string()
      .max(100)
      .regex(/^([0-9a-zA-Z][_-]?)+$/, {
        message: 'expected a Lex intent name: letters and digits, single _ or - between them',
      })
      .refine((n) => !['FallbackIntent', 'YesIntent', 'NoIntent'].includes(n), {
        message: 'reserved: FallbackIntent, YesIntent and NoIntent cannot be custom intent names',
      })
      .describe('Intent name'),
    utterances: z.array(z.string().min(1).max(500)).min(1).describe('Sample utterances; {slot} refers to a slot'),
    slots: z
      .array(
        z.strictObject({
          name: z
            .string()
            .max(100)
            .regex(/^([0-9a-zA-Z][_-]?)+$/, {
              message: 'expected a Lex slot name: letters and digits, single _ or - between them',
            }),
          kind: Kind.describe(
            'The kind the slot holds: its Lex built-in slot type comes from the catalog, and it is obfuscated in logs',
          ),
          prompt: z.string().min(1).max(1000).optional().describe('What the bot asks; default "What is your <slot>?"'),
        }),
      )
      .default([])
      .describe('Slots, each holding one kind'),
  })
  .describe('An intent of a bot convoguard creates');

export const LexAgent = z
  .strictObject({
    ...agentBase,
    platform: z.literal('lex'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "expected an AWS region such as 'us-east-1'" })
      .describe('AWS region'),
    account: z
      .string()
      .regex(/^\d{12}$/, { message: 'expected a 12-digit AWS account id' })
      .optional()
      .describe('AWS account; stacks are environment-agnostic without it'),
    create: z
      .strictObject({
        locale: z.string().regex(/^[a-z]{2}_[A-Z]{2}$/, { message: "expected a Lex locale such as 'en_US'" }),
        childDirected: z.boolean().default(false).describe('COPPA: a child-directed bot cannot keep conversation logs'),
        idleSessionTtl: duration('Idle session timeout').default('5m'),
        intents: z
          .array(LexIntent)
          .min(1)
          .default([PLACEHOLDER_INTENT])
          .describe(
            'The intents the bot starts with: Lex builds no locale without a custom intent and a sample utterance. Real bots bring their own (attach to a bot you declare)',
          ),
      })
      .optional()
      .describe('Create the bot; without it, attach to a bot declared in the same CDK stack'),
    obfuscateAllSlots: z
      .boolean()
      .default(false)
      .describe('Obfuscate every slot in logs, not only those whose type maps to a sensitive kind'),
    sensitiveSlotTypes: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'expected a Lex slot type name (letters, digits, _ . -)' }),
      )
      .default([])
      .describe(
        "Custom slot types of your bot whose values are personal data (account numbers, member ids): their slots are obfuscated in logs like the built-in types of the policy's kinds",
      ),
    macie: z
      .boolean()
      .default(false)
      .describe(
        'Also create Macie custom data identifiers for the custom patterns. Nothing is scanned until a Macie classification job runs',
      ),
    macieSession: z
      .boolean()
      .default(true)
      .describe(
        'With macie: also create the AWS::Macie::Session, which fails where Macie is already enabled in the account and region',
      ),
    kafka: AwsKafka.optional(),
    exports: z
      .array(z.string().max(2048))
      .default([])
      .describe(
        "Where your team keeps copies of this agent's transcripts (s3://bucket/prefix): with verify.every, a Macie job scans them with the custom data identifiers",
      ),
    generative: z
      .strictObject({
        model: z
          .string()
          .regex(/^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+::foundation-model\/[A-Za-z0-9.:_-]+$/, {
            message:
              'expected a Bedrock foundation model ARN such as arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
          })
          .optional()
          .describe('The Bedrock model of the generative features of a bot convoguard creates'),
        assistedSlotResolution: z
          .boolean()
          .default(false)
          .describe(
            'Created bot: assisted slot resolution (RuntimeSettings.SlotResolutionImprovementSpecification) with the model',
          ),
        qna: z
          .strictObject({
            knowledgeBaseArn: z
              .string()
              .regex(/^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:\d{12}:knowledge-base\/[0-9a-zA-Z]+$/, {
                message:
                  'expected a Bedrock knowledge base ARN such as arn:aws:bedrock:us-east-1:111122223333:knowledge-base/ABCDEFGHIJ',
              })
              .describe('The knowledge base the QnAIntent answers from'),
            exactResponse: z
              .boolean()
              .default(false)
              .describe('Answer with the knowledge base text itself, not a generated answer'),
          })
          .optional()
          .describe('Created bot: an AMAZON.QnAIntent answering from a Bedrock knowledge base with the model'),
        block: z
          .array(Kind)
          .default([])
          .describe('Kinds whose presence blocks a prompt or response (BLOCK); the others are anonymized (ANONYMIZE)'),
        blockedMessage: z
          .string()
          .min(1)
          .max(500)
          .default("Sorry, I can't help with that request.")
          .describe('What the bot says when the guardrail blocks a prompt or a response'),
        traces: z
          .boolean()
          .default(false)
          .describe(
            'Keep Bedrock traces (BedrockTraceStatus ENABLED): they hold the prompts and responses. Off by default',
          ),
      })
      .optional()
      .describe(
        'The bot uses Amazon Bedrock (QnAIntent, assisted slot resolution, descriptive bot builder, sample utterance generation, a Bedrock knowledge base intent): a Bedrock guardrail from the policy is attached to every Bedrock model specification of the bot, created or yours',
      ),
  })
  .describe('An Amazon Lex V2 bot on AWS');
