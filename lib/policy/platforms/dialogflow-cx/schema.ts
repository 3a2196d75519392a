/** The policy's `dialogflow-cx` agent: a Dialogflow CX agent on Google Cloud. */
import { z } from 'zod';
import { agentBase, gcpProject } from '../../schema-parts';

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

export const DialogflowCxAgent = z
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
