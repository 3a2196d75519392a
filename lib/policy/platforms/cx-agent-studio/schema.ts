/** The policy's `cx-agent-studio` agent: a CX Agent Studio app (Customer Engagement Suite, ces.googleapis.com). */
import { z } from 'zod';
import { agentBase, gcpProject } from '../../schema-parts';

export const CxAgentStudioAgent = z
  .strictObject({
    ...agentBase,
    platform: z.literal('cx-agent-studio'),
    project: gcpProject(),
    location: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, { message: "expected a CX Agent Studio location: 'us' or 'eu'" })
      .describe("Location of the app: CX Agent Studio runs in the 'us' and 'eu' multi-regions"),
    create: z
      .strictObject({
        displayName: z.string().min(1).max(64).describe('App display name'),
        description: z.string().max(500).optional(),
        language: z
          .string()
          .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)?$/, { message: "expected a language code such as 'en' or 'en-US'" })
          .optional()
          .describe("The app's default language code"),
      })
      .optional()
      .describe(
        'Create the app (google_ces_app); without it the stack outputs the logging settings to set on your app, or pass your google_ces_app to CxAgentStudioProtection',
      ),
    audioRecording: z
      .boolean()
      .default(true)
      .describe("Record audio to a bucket under the agent's key that deletes objects after retention.sensitive"),
    bigqueryExport: z
      .boolean()
      .default(false)
      .describe(
        "Export conversations to a BigQuery dataset under the agent's key whose tables and partitions expire after retention.sensitive. Google does not document that redaction applies to the export: it is reported as raw",
      ),
    cloudLogging: z
      .enum(['on', 'off'])
      .default('off')
      .describe(
        "Cloud Logging of the sessions (enable_cloud_logging). on: redacted entries go to the project's _Default bucket (30 days); the log name is not documented, so convoguard cannot route or exclude it",
      ),
    conversationHistory: z
      .enum(['on', 'off'])
      .default('off')
      .describe(
        'Conversation history in CX Agent Studio (conversation_logging_settings). on: kept 365 days, the API default: Terraform cannot set a retention window',
      ),
    guardrails: z
      .strictObject({
        patterns: z
          .boolean()
          .default(true)
          .describe(
            "A content-filter guardrail that blocks agent responses matching the policy's custom patterns and the fallback patterns of its kinds (guardrails do not use DLP)",
          ),
        promptSecurity: z
          .boolean()
          .default(true)
          .describe('A prompt-security guardrail (llm_prompt_security) that fails closed (fail_open: false)'),
        bannedPhrases: z
          .array(z.string().min(1).max(200))
          .default([])
          .describe('Phrases the agents must never say: a content-filter guardrail on agent responses'),
      })
      .default({ patterns: true, promptSecurity: true, bannedPhrases: [] })
      .describe('Guardrails created under the app and attached to it (an app convoguard creates)'),
    cmek: z
      .boolean()
      .optional()
      .refine((v) => v !== true, {
        message:
          "the customer-managed key of CX Agent Studio's own storage is set once per project and location, through the Conversational Insights API, before the first app exists: no Terraform resource sets it, so convoguard cannot (the report counts Google's key)",
      })
      .describe(
        "Not settable here: CX Agent Studio's CMEK is set per location through the Conversational Insights API",
      ),
    enableApis: z
      .boolean()
      .default(false)
      .describe(
        'Enable the APIs the protection uses (CX Agent Studio, DLP, Cloud KMS, Cloud Storage, BigQuery) with google_project_service',
      ),
  })
  .describe('A CX Agent Studio app on Google Cloud (Customer Engagement Suite)');
