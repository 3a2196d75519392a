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
import { POLICY_DEFAULTS } from './defaults';
import { DNS_LABEL as NAME_RE } from './names';
import { duration, Kind, name } from './schema-parts';
import { CxAgentStudioAgent } from './platforms/cx-agent-studio/schema';
import { DialogflowCxAgent } from './platforms/dialogflow-cx/schema';
import { LexAgent } from './platforms/lex/schema';
import { MeyaAgent } from './platforms/meya/schema';
import { RasaAgent } from './platforms/rasa/schema';

export { PLACEHOLDER_INTENT } from './platforms/lex/schema';

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
    sensitive: duration('How long raw conversation data is kept: history, audio, raw logs').default(
      POLICY_DEFAULTS.retention.sensitive,
    ),
    anonymized: duration('How long de-identified data is kept: anonymized topics and reports').default(
      POLICY_DEFAULTS.retention.anonymized,
    ),
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
    rotation: duration('Key rotation period').default(POLICY_DEFAULTS.encryption.rotation),
    deletionWindow: duration('Waiting period before a key scheduled for deletion is destroyed').default(
      POLICY_DEFAULTS.encryption.deletionWindow,
    ),
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
    retention: Retention.default({ ...POLICY_DEFAULTS.retention }),
    encryption: Encryption.default({ ...POLICY_DEFAULTS.encryption }),
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
