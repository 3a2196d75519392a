/**
 * The policy file's schema. zod types stay inside lib/policy: the rest of the library reads the `Policy` type
 * through `plan()`, and constructs take plain props interfaces.
 *
 * Every field carries a description; `convoguard.schema.json` is generated from this file
 * (`npm run schema`) so editors complete and check policies through the `yaml-language-server` modeline.
 */
import { z } from 'zod';
import { BACKEND_FORMS, parseBackend } from './backend';
import { GCP_STACK_LAYOUTS } from './gcp-stack-layouts';
import { re2Error } from './detectors';
import { DURATION_FORMS, DURATION_PATTERN, parseDuration } from './duration';
import { DNS_LABEL as NAME_RE } from './names';
import { agentBase, gcpProject, Kind, name } from './schema-parts';
import { CxAgentStudioAgent } from './platforms/cx-agent-studio/schema';
import { RASA_DEFAULT_VERSION, RASA_VERSION_RE } from './platforms/rasa-versions';

/** One duration type: every string the schema accepts is one `parseDuration` reads (no 'P' or 'PT' alone). */
const duration = (what: string) =>
  z
    .string()
    .max(40)
    .regex(DURATION_PATTERN, { message: `expected ${DURATION_FORMS}` })
    // What the pattern cannot say: a number of seconds too large to be exact.
    .refine(
      (t) =>
        !DURATION_PATTERN.test(t) ||
        (parseDuration(t) !== undefined && Number.isSafeInteger(parseDuration(t)?.seconds)),
      { message: `expected ${DURATION_FORMS}` },
    )
    .describe(what);

export { Kind };

export const Likelihood = z
  .enum(['very_unlikely', 'unlikely', 'possible', 'likely', 'very_likely'])
  .describe('Minimum likelihood a finding needs to count (Google DLP semantics)');

export const Method = z
  .enum(['mask', 'text', 'kind-name', 'faker', 'hash'])
  .describe(
    'How a finding is replaced: mask (same length, one character), text (a fixed value), kind-name (the kind between brackets), ' +
      'faker (a realistic fake value where the platform can; mask elsewhere), hash (deterministic keyed token)',
  );

const CustomDetector = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,62}$/, {
        message: 'expected an upper-case identifier such as ORDER_NUMBER (letters, digits, _; at most 63)',
      })
      .describe(
        'Detector name, used as the DLP infoType name, the CloudWatch Logs custom identifier name and in reports',
      ),
    pattern: z
      .string()
      .min(1)
      .superRefine((p, ctx) => {
        const err = re2Error(p);
        if (err)
          ctx.addIssue({ code: 'custom', input: p, message: `not valid RE2 (the syntax Google DLP uses): ${err}` });
      })
      .describe('RE2 regular expression (the syntax Google DLP uses)'),
    likelihood: Likelihood.optional().describe('Likelihood given to matches (DLP); default very_likely'),
    examples: z
      .strictObject({
        match: z.array(z.string()).default([]).describe('Texts the pattern must find something in'),
        noMatch: z.array(z.string()).default([]).describe('Texts the pattern must find nothing in'),
      })
      .optional()
      .describe('Samples checked at validation time, so a pattern change that stops matching fails review'),
  })
  .describe('A business-specific detector');

const Markers = z
  .strictObject({
    start: z.string().min(1).describe('Literal text that opens a span to redact'),
    end: z.string().min(1).describe('Literal text that closes it'),
  })
  .describe('SSML markers around values that webhooks and session parameters must keep out of logs');

export const DEFAULT_MARKERS = { start: '<mark name="redact-start"/>', end: '<mark name="redact-end"/>' };

const Rule = z
  .strictObject({
    kinds: z.array(z.string()).min(1).describe('Kinds or custom detector names this rule applies to (or "markers")'),
    method: Method,
    value: z.string().optional().describe('Replacement text, for method text'),
    char: z.string().length(1).optional().describe("Masking character, for method mask (default '*')"),
  })
  .describe('How findings of some kinds are de-identified');

const ruleSetShape = {
  default: Method.default('mask').describe('Method for every detected kind no rule names'),
  rules: z.array(Rule).default([]).describe('Rules, first match wins'),
};

const RuleSet = z.strictObject(ruleSetShape).describe('A named set of de-identification rules');

const Deidentify = z
  .strictObject({
    ...ruleSetShape,
    sets: z
      .record(z.string().regex(NAME_RE), RuleSet)
      .optional()
      .describe('Further named rule sets; the top-level default and rules form the set named "default"'),
    cryptoKey: z
      .strictObject({
        kmsKeyName: z
          .string()
          .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, {
            message: 'expected projects/P/locations/L/keyRings/R/cryptoKeys/K',
          })
          .describe('Cloud KMS key that wraps the hashing key'),
        wrappedKey: z
          .string()
          .regex(/^[A-Za-z0-9+/=]+$/, { message: 'expected base64' })
          .describe('The hashing key, wrapped by kmsKeyName, base64'),
      })
      .optional()
      .describe('Key for method hash on Google Cloud (DLP crypto_deterministic_config)'),
  })
  .describe('De-identification of findings in anonymized copies (topics, logs)');

/**
 * Characters that render as nothing though Unicode calls them letters or symbols (Hangul fillers, the blank Braille
 * pattern, the Mongolian vowel separator's neighbours): a reason made of them says nothing.
 */
const BLANK_LOOKING = /\u115F|\u1160|\u3164|\uFFA0|\u2800|\u180B|\u180C|\u180D|\u180E|\u180F|\u17B4|\u17B5/gu;

/**
 * A reason a reviewer reads: one line, at most 500 characters, and at least 10 letters or digits that render as
 * something. A positive rule: counting what is visible, not subtracting a list of invisible classes.
 */
export function visibleReason(what: string) {
  return z
    .string()
    .max(500, { message: 'expected a reason of at most 500 characters' })
    .refine((r) => !/[\r\n\u2028\u2029]/.test(r), { message: 'expected a reason on one line' })
    .refine((r) => (r.replace(BLANK_LOOKING, '').match(/[\p{L}\p{N}]/gu) ?? []).length >= 10, {
      message: 'expected a reason with at least 10 visible letters or digits',
    })
    .describe(what);
}

const Retention = z
  .strictObject({
    sensitive: duration('How long raw conversation data is kept: history, audio, raw logs').default('24h'),
    anonymized: duration('How long de-identified data is kept: anonymized topics and reports').default('30d'),
    exception: z
      .strictObject({
        reason: visibleReason('Why sensitive data must be kept longer than 24h (shows in the plan and reports)'),
      })
      .optional()
      .describe('Opt-out that allows sensitive retention above 24h'),
  })
  .describe('Retention per class of store');

const Encryption = z
  .strictObject({
    rotation: duration('Key rotation period').default('90d'),
    deletionWindow: duration('Waiting period before a key scheduled for deletion is destroyed').default('30d'),
  })
  .describe('Customer-managed keys');

const Access = z
  .strictObject({
    decrypters: z
      .strictObject({
        aws: z.array(z.string()).default([]).describe('IAM role or user ARNs allowed to decrypt sensitive data'),
        gcp: z
          .array(z.string())
          .default([])
          .describe(
            'IAM members (user:, group:, serviceAccount:) allowed to decrypt; domains, principal sets and public members are refused',
          ),
      })
      .default({ aws: [], gcp: [] })
      .describe('The only principals allowed to read decrypted sensitive data'),
    denyUnmaskTo: z
      .strictObject({
        roles: z
          .array(
            z
              .string()
              .regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name (letters, digits and +=,.@_-, at most 64)'),
          )
          .default([])
          .describe('IAM role names'),
        groups: z
          .array(
            z
              .string()
              .regex(/^[\w+=,.@-]{1,128}$/, 'expected an IAM group name (letters, digits and +=,.@_-, at most 128)'),
          )
          .default([])
          .describe('IAM group names'),
        users: z
          .array(
            z
              .string()
              .regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM user name (letters, digits and +=,.@_-, at most 64)'),
          )
          .default([])
          .describe('IAM user names'),
      })
      .default({ roles: [], groups: [], users: [] })
      .describe(
        "lex agents, with enforce: the roles, groups and users of each agent's account the DenyUnmask policy is attached to. An identity policy denies only for those it is attached to: without any, logs:Unmask is denied only where you attach the policy yourself or apply the SCP document convoguard writes, and the report says so (CG-UNMASK). They must exist before the deploy",
      ),
    enforce: z
      .boolean()
      .default(true)
      .describe(
        "Enforce it where the platform can: an AWS key policy that denies kms:Decrypt to everyone but the decrypters and the services writing the stores, a policy and an SCP document denying logs:Unmask, and a bucket IAM binding that makes the decrypters the audio bucket's only object viewers",
      ),
  })
  .describe('Who may read sensitive data');

const Scope = z
  .strictObject({
    transport: z.boolean().default(true).describe('Protect HTTP and websocket data in transit (Meya transport)'),
    transcript: z.boolean().default(true).describe('Protect events, transcripts, logs and media'),
  })
  .describe('What is treated as sensitive');

export const StreamSchema = z
  .strictObject({
    topic: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, { message: 'expected letters, digits, ".", "_" and "-"' })
      .max(200)
      .describe('Kafka topic name'),
    deidentify: z.string().default('default').describe('Rule set applied to events on this topic'),
    partitions: z.number().int().min(1).max(1000).default(3).describe('Partition count (can only grow)'),
    replicationFactor: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(3)
      .describe('Replication factor (changing it replaces the topic)'),
    retention: duration('How long the topic keeps events; default retention.anonymized').optional(),
    rasaXConsumer: z.boolean().default(false).describe('Stream these events to Rasa X/Enterprise'),
  })
  .describe('A Kafka topic that carries anonymized events only');

const GcpKafka = z
  .strictObject({
    subnet: z
      .string()
      .regex(/^projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+$/, {
        message: 'expected projects/P/regions/R/subnetworks/S',
      })
      .describe('Subnet the Managed Kafka cluster is reachable from'),
    vcpus: z.number().int().min(3).default(3).describe('Cluster vCPUs (at least 3)'),
    memoryGiB: z.number().int().min(3).default(3).describe('Cluster memory in GiB (1 to 8 per vCPU)'),
  })
  .describe("Managed Kafka cluster for this agent's anonymized topics");

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

const DialogflowCxAgent = z
  .strictObject({
    ...agentBase,
    platform: z.literal('dialogflow-cx'),
    project: gcpProject(),
    location: z
      .string()
      .regex(/^(global|[a-z]+-[a-z]+\d+|us|eu)$/, {
        message: "expected a Dialogflow CX location such as 'us-central1', 'europe-west2' or 'global'",
      })
      .describe('Location of the agent and of everything it uses'),
    create: z
      .strictObject({
        displayName: z.string().min(1).max(64).describe('Agent display name'),
        language: z
          .string()
          .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/, { message: "expected a language code such as 'en' or 'en-GB'" }),
        timeZone: z
          .string()
          .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, { message: "expected an IANA time zone such as 'Europe/London'" })
          .refine(isTimeZone, {
            message: "expected an IANA time zone such as 'Europe/London' (not in the time zone database)",
          }),
        description: z.string().max(500).optional(),
      })
      .optional()
      .describe('Create the agent; without it the stack outputs the security settings to attach to an existing agent'),
    audioExport: z.boolean().default(true).describe('Export redacted audio to a 24h bucket'),
    insightsExport: z.boolean().default(false).describe('Export conversations to Conversational Insights'),
    cmek: z
      .boolean()
      .default(false)
      .describe(
        "Encrypt Dialogflow's own storage (conversation history) in this location with the agent's key. Location-wide: set it before the first agent exists there",
      ),
    cloudLogging: z
      .enum(['routed', 'off'])
      .default('routed')
      .describe(
        "Dialogflow's request logs in Cloud Logging: routed (a regional log bucket with the agent's key and retention.sensitive, a sink into it, and an exclusion from _Default) or off (logging disabled on the agent convoguard creates)",
      ),
    consentBasedRedaction: z
      .boolean()
      .default(false)
      .describe(
        'Let the session parameter $session.params.conversation-redaction decide whether each utterance is redacted (enable_consent_based_redaction)',
      ),
    enableApis: z
      .boolean()
      .default(false)
      .describe(
        'Enable the APIs the protection uses (DLP, Dialogflow, Cloud KMS, Cloud Logging, Managed Kafka) with google_project_service; off when your project factory enables them',
      ),
    kafka: GcpKafka.optional(),
    exports: z
      .array(z.string().max(2048))
      .default([])
      .describe(
        "Where your team keeps copies of this agent's transcripts (gs://bucket/path, bq://project.dataset.table): with verify.every, a DLP job trigger scans each with the agent's inspect template",
      ),
    generative: z
      .strictObject({
        modelArmor: z
          .boolean()
          .default(true)
          .describe(
            "A Model Armor template in the agent's location that screens prompts and responses with the agent's own DLP inspect and de-identify templates, for the Vertex AI and Agent Builder calls your code makes. Dialogflow's own generative calls cannot use it (provider 6.50)",
          ),
        floorSetting: z
          .boolean()
          .default(false)
          .describe(
            "The project's Model Armor floor setting (basic Sensitive Data Protection, enforced on Vertex AI): project-wide, one agent per project may set it, and terraform destroy leaves it in place",
          ),
        bannedPhrases: z
          .array(z.string().min(1).max(200))
          .default([])
          .describe(
            "Phrases Dialogflow's generative features must never say (generative safety settings of an agent convoguard creates)",
          ),
      })
      .optional()
      .describe(
        'The agent uses generative features (generators, generative fallback, data store agents) or the team calls Vertex AI beside it',
      ),
  })
  .describe('A Dialogflow CX agent on Google Cloud');

/** Whether the IANA time zone database (through Intl) knows `zone`, aliases included. */
let canonicalZones: ReadonlySet<string> | undefined;

function isTimeZone(zone: string): boolean {
  // Agents of a fleet share a few zones, and each Intl.DateTimeFormat costs: decided once per zone.
  let known = timeZones.get(zone);
  if (known === undefined) {
    // The canonical list answers the usual case in about 2 ms; an alias it does not list (US/Pacific, Etc/GMT+5) is
    // decided by Intl.DateTimeFormat as before, whose first use loads the time-zone data (about 18 ms).
    canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
    if (canonicalZones.has(zone)) known = true;
    else {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        known = true;
      } catch {
        known = false;
      }
    }
    if (timeZones.size < 1000) timeZones.set(zone, known);
  }
  return known;
}
const timeZones = new Map<string, boolean>();

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

const LexAgent = z
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

const RasaAgent = z
  .strictObject({
    ...agentBase,
    platform: z.literal('rasa'),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, { message: "expected an ISO 639-1 language code such as 'en'" })
      .describe('The one language of this Rasa process'),
    rasa: z
      .strictObject({
        version: z
          .string({
            message:
              "expected a quoted Rasa Pro version such as '3.13' (unquoted, 3.10 would be read as the number 3.1)",
          })
          .regex(RASA_VERSION_RE, {
            message: "expected a Rasa Pro version from '3.6' on, such as '3.12' or '3.13' (major.minor)",
          })
          .default(RASA_DEFAULT_VERSION)
          .describe(
            `Rasa Pro version the assistant runs, quoted: '3.10' unquoted is the number 3.1. From 3.13 on endpoints.yml gets the privacy: block (slot rules, tracker-store anonymization and deletion); 3.6-3.12 get the anonymization: pipeline. Default '${RASA_DEFAULT_VERSION}'`,
          ),
      })
      .default({ version: RASA_DEFAULT_VERSION })
      .describe('The Rasa Pro release this assistant runs, which decides the format of endpoints.yml'),
    sensitiveSlots: z
      .array(
        z.strictObject({
          slot: z
            .string()
            .max(100)
            .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, {
              message: 'expected a Rasa slot name (letters, digits, _ and -, not starting with a digit)',
            })
            .describe("A slot of the assistant's domain"),
          kind: Kind.describe(
            'The kind the slot holds: its de-identification rule decides how the value is anonymized',
          ),
          keep: z
            .strictObject({
              left: z.number().int().min(1).max(20).optional().describe('Characters kept in the clear on the left'),
              right: z
                .number()
                .int()
                .min(1)
                .max(20)
                .optional()
                .describe('Characters kept in the clear on the right, such as 4 for the last digits of a card'),
            })
            .optional()
            .describe(
              'Characters kept in the clear when the value is masked (Rasa 3.13 redact keep_left / keep_right)',
            ),
        }),
      )
      .default([])
      .describe(
        'Rasa 3.13+: the slots that hold personal data. Their values are anonymized in slot events and wherever they appear in user and bot messages',
      ),
    gliner: z
      .boolean()
      .default(false)
      .describe(
        'Rasa 3.13+: the deployment installs rasa-pro[pii] and sets GLINER_MODEL_PATH, so free text is scanned by the GLiNER model too (1-2 GB per worker). endpoints.yml has no switch for it: this states what you run',
      ),
    model: z
      .strictObject({
        provider: z.enum(['spacy', 'stanza', 'transformers']),
        name: z.string().min(1).optional().describe('Model name (spacy, stanza)'),
        spacy: z.string().min(1).optional().describe('spaCy model wrapping the transformers model'),
        transformers: z.string().min(1).optional().describe('HuggingFace model name'),
      })
      .optional()
      .describe('Rasa 3.6-3.12: the Presidio NLP model of the anonymization pipeline (not used from 3.13 on)'),
    kafka: z
      .strictObject({
        cluster: name(
          "The lex or dialogflow-cx agent whose Kafka cluster (its kafka settings) carries this assistant's anonymized topics: the streams are provisioned there, with SASL credentials Rasa can use",
        ).optional(),
        url: z.string().min(1).optional().describe('Kafka bootstrap address; default ${KAFKA_BOOTSTRAP_SERVERS}'),
        securityProtocol: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).default('SASL_SSL'),
      })
      .optional()
      .describe(
        'Event broker; without it endpoints.yml reads ${KAFKA_BOOTSTRAP_SERVERS} and no cluster is provisioned',
      ),
  })
  .describe('A Rasa Pro assistant');

const MeyaAgent = z
  .strictObject({
    ...agentBase,
    platform: z.literal('meya'),
    enabled: z.boolean().default(true).describe('Turn the Sensitive Data integration on'),
  })
  .describe('A Meya app');

const Verify = z
  .strictObject({
    every: duration(
      "How often the agents' exports are scanned (DLP job triggers, Macie jobs), 1d to 60d; without it nothing is scanned: both services bill per GB inspected",
    ).optional(),
    notify: z
      .strictObject({
        aws: z
          .string()
          .regex(/^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, {
            message: 'expected an SNS topic ARN such as arn:aws:sns:us-east-1:111122223333:privacy-alerts',
          })
          .optional()
          .describe("An SNS topic for the alarms; default: a topic per agent encrypted with the agent's key"),
        gcp: z
          .string()
          .regex(/^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/topics\/[A-Za-z][A-Za-z0-9._~%+-]{2,254}$/, {
            message: 'expected a Pub/Sub topic such as projects/acme-cx-prod/topics/privacy-alerts',
          })
          .optional()
          .describe(
            "A Pub/Sub topic for alerts and scan findings; default: a topic per agent encrypted with the agent's key",
          ),
        email: z
          .array(
            z
              .string()
              .regex(/^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/, {
                message: 'expected an e-mail address such as privacy-alerts@example.com',
              })
              .max(254),
          )
          .default([])
          .describe(
            'Who is told when an alarm or alert fires: each address gets an e-mail subscription on the SNS topic convoguard creates (SNS sends it a confirmation to accept) and a Cloud Monitoring e-mail channel on the alert. Without an address or a topic of yours, the alarms notify nobody and the report says so (CG-NOTIFY)',
          ),
      })
      .default({ email: [] })
      .describe('Where alerts and findings go'),
  })
  .describe(
    'Prove redaction held: alarms on stores that should hold only redacted data, and scheduled scans of your exports',
  );

const Review = z
  .strictObject({
    acknowledge: z
      .array(
        z.strictObject({
          resource: z
            .string()
            .min(1)
            .max(500)
            .describe(
              'The resource as convoguard diff names it: a CloudFormation logical id, a Terraform address, or a file of the synthesis',
            ),
          path: z
            .string()
            .max(1000)
            .default('')
            .describe(
              'The property path as convoguard diff names it; a change below it is covered too; empty for the whole resource',
            ),
          reason: visibleReason('Why the change is safe: the diff shows it beside the change'),
        }),
      )
      .default([])
      .describe(
        'Changes the review gate cannot classify, acknowledged with a reason (they no longer fail it; a weakening still does)',
      ),
  })
  .describe('The review gate (convoguard diff)');

/** The agent schemas, one per platform: the list every other list of platforms derives from. */
export const AgentSchema = z.discriminatedUnion('platform', [
  DialogflowCxAgent,
  LexAgent,
  RasaAgent,
  MeyaAgent,
  CxAgentStudioAgent,
]);

export const PLATFORMS = AgentSchema.options.map((o) => o.shape.platform.value);
export type Platform = (typeof PLATFORMS)[number];

export const PolicySchema = z
  .strictObject({
    version: z.literal(1).describe('Policy format version'),
    name: name('Policy name: the prefix of every resource name'),
    description: z.string().optional(),
    detection: z
      .strictObject({
        kinds: z.array(Kind).min(1).describe('PII kinds every agent detects'),
        minLikelihood: Likelihood.default('possible'),
        custom: z.array(CustomDetector).default([]).describe('Business-specific regex detectors'),
        markers: z
          .union([Markers, z.literal(false)])
          .default(DEFAULT_MARKERS)
          .describe('SSML redaction markers, on by default; false turns them off'),
      })
      .describe('What counts as sensitive'),
    deidentify: Deidentify.default({ default: 'mask', rules: [] }),
    retention: Retention.default({ sensitive: '24h', anonymized: '30d' }),
    encryption: Encryption.default({ rotation: '90d', deletionWindow: '30d' }),
    access: Access.default({
      decrypters: { aws: [], gcp: [] },
      denyUnmaskTo: { roles: [], groups: [], users: [] },
      enforce: true,
    }),
    scope: Scope.default({ transport: true, transcript: true }),
    streams: z.array(StreamSchema).default([]).describe('Kafka topics that carry anonymized events only'),
    verify: Verify.optional(),
    terraform: z
      .strictObject({
        backend: z
          .string()
          .superRefine((url, ctx) => {
            const b = parseBackend(url);
            if ('error' in b)
              ctx.addIssue({ code: 'custom', input: url, message: b.error.replace(/^received "[^"]*"; /, '') });
          })
          .optional()
          .describe(
            `Where Terraform keeps the Google Cloud stacks' state: ${BACKEND_FORMS}; one state per stack below the prefix`,
          ),
        stacks: z
          .enum(GCP_STACK_LAYOUTS)
          .optional()
          .describe(
            'How the Google Cloud agents are laid out in Terraform stacks: per-location (default; one stack per project and location holds every agent there) or per-agent (a stack per agent, so one change plans one state, and a shared stack per project with the request-log routing and the project grants). Switching an existing deployment does not move resources between states: move them with terraform state mv first',
          ),
      })
      .optional()
      .describe('Terraform settings of the Google Cloud stacks'),
    agents: z.array(AgentSchema).min(1).describe('The conversational agents this policy protects'),
    review: Review.optional(),
  })
  .describe('convoguard sensitive-data policy');

export type PolicyInput = z.input<typeof PolicySchema>;
export type Policy = z.output<typeof PolicySchema>;
export type AgentSpec = Policy['agents'][number];
export type DialogflowCxAgentSpec = Extract<AgentSpec, { platform: 'dialogflow-cx' }>;
export type LexAgentSpec = Extract<AgentSpec, { platform: 'lex' }>;
export type RasaAgentSpec = Extract<AgentSpec, { platform: 'rasa' }>;
export type MeyaAgentSpec = Extract<AgentSpec, { platform: 'meya' }>;
export type CxAgentStudioAgentSpec = Extract<AgentSpec, { platform: 'cx-agent-studio' }>;
export type DeidentifyMethod = z.infer<typeof Method>;
export type LikelihoodName = z.infer<typeof Likelihood>;
