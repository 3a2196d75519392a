/** The policy's `rasa` agent: a Rasa Pro assistant. */
import { z } from 'zod';
import { agentBase, Kind, name } from '../../schema-parts';
import { RASA_DEFAULT_VERSION, RASA_VERSION_RE } from './versions';

export const RasaAgent = z
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
        principal: z
          .string()
          .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/, {
            message: 'expected a service account email (NAME@PROJECT.iam.gserviceaccount.com)',
          })
          .optional()
          .describe(
            "Rasa 3.6-3.12 on a dialogflow-cx agent's Managed Kafka cluster: the service account Rasa authenticates as (its SASL/PLAIN user). A Kafka ACL on the raw topic then lets it alone write there and nobody read; without it every client of the cluster reads every original event",
          ),
        securityProtocol: z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']).default('SASL_SSL'),
      })
      .optional()
      .describe(
        'Event broker; without it endpoints.yml reads ${KAFKA_BOOTSTRAP_SERVERS} and no cluster is provisioned',
      ),
  })
  .describe('A Rasa Pro assistant');
