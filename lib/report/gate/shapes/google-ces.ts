/**
 * The CX Agent Studio resources convoguard writes (hashicorp/google 7.45.0, hand-written bindings): the app, whose
 * logging settings decide what is redacted and kept, and its guardrails.
 */
import { canonical } from '../change';
import { block, bool, neutral, set, unverified, verdict } from '../compare';
import { guardrailActs } from '../../read/tf/ces';
import { always, newAgentOr, Shape, TF_LABELS, TF_LOCATION, TF_PROJECT, tfResource } from '../shape';

const WHERE_TO = unverified('where the data goes: another bucket, project or dataset is outside the reviewed store');

const LOGGING_SETTINGS = block({
  redaction_config: block({
    enable_redaction: bool({ strong: true, absent: false, why: 'redaction with the DLP templates' }),
    inspect_template: unverified('the inspect template that finds what is redacted'),
    deidentify_template: unverified('the de-identify template that says how'),
  }),
  audio_recording_config: block({
    gcs_bucket: WHERE_TO,
    gcs_path_prefix: neutral('object names'),
  }),
  bigquery_export_settings: block({
    enabled: bool({ strong: false, absent: false, why: 'the BigQuery export (not documented as redacted)' }),
    project: WHERE_TO,
    dataset: WHERE_TO,
  }),
  cloud_logging_settings: block({
    enable_cloud_logging: bool({
      strong: false,
      absent: false,
      why: 'Cloud Logging of the sessions (_Default, 30 days)',
    }),
  }),
  conversation_logging_settings: block({
    disable_conversation_logging: bool({
      strong: true,
      absent: false,
      why: 'conversation history off (the API keeps it 365 days)',
    }),
  }),
});

function guardrailWhy(v: unknown): string {
  return guardrailActs(v)
    ? 'a new guardrail of a kind convoguard writes (a content filter, or default prompt security that fails closed), enabled'
    : 'a new guardrail the gate cannot vouch for: disabled, failing open, a custom or LLM policy, or a code callback that runs on every turn';
}

export const GOOGLE_CES: Record<string, Shape> = {
  google_ces_app: tfResource(
    {
      project: TF_PROJECT,
      location: TF_LOCATION,
      app_id: unverified('the app id: a new id is a new app, and the old one (with its history) is deleted or left'),
      display_name: neutral('a display name'),
      description: neutral('a description'),
      language_settings: neutral('languages'),
      labels: TF_LABELS,
      logging_settings: LOGGING_SETTINGS,
      guardrails: set({
        key: canonical,
        added: 'strengthening',
        removed: 'weakening',
        why: 'guardrail attached to the app',
      }),
      deletion_policy: unverified('what terraform destroy does with the app and its conversations'),
    },
    {
      added: newAgentOr(
        always(
          'weakening',
          'another CX Agent Studio app for an agent name that has one: its own logging settings are outside the reviewed app',
        ),
      ),
      removed: always('neutral', 'the app leaves the state (the posture diff says what protection goes with it)'),
    },
  ),
  google_ces_guardrail: tfResource(
    {
      project: TF_PROJECT,
      location: TF_LOCATION,
      app: unverified('the app the guardrail belongs to'),
      guardrail_id: unverified('the guardrail id: the app names it, so a new id detaches it'),
      display_name: neutral('a display name'),
      description: neutral('a description'),
      // Optional and not computed in the provider: without it the guardrail is sent as disabled.
      enabled: bool({ strong: true, absent: false, why: 'the guardrail' }),
      action: unverified(
        'what happens when the guardrail triggers: another agent (transfer_agent) or a generated answer (generative_answer) may take the turn',
      ),
      content_filter: block({
        match_type: unverified('how banned contents match'),
        banned_contents: set({ key: canonical, added: 'strengthening', removed: 'weakening', why: 'banned content' }),
        banned_contents_in_agent_response: set({
          key: canonical,
          added: 'strengthening',
          removed: 'weakening',
          why: 'content banned in agent responses',
        }),
        banned_contents_in_user_input: set({
          key: canonical,
          added: 'strengthening',
          removed: 'weakening',
          why: 'content banned in user input',
        }),
        disregard_diacritics: neutral('diacritics'),
      }),
      llm_prompt_security: block({
        default_settings: neutral('the default prompt-security settings'),
        custom_policy: unverified('a custom prompt-security policy'),
        fail_open: bool({
          strong: false,
          absent: 'unverified',
          why: 'failing open (the turn passes when the check cannot run)',
        }),
      }),
    },
    {
      // The app's guardrails list names it, and naming one counts as strengthening there: what a new guardrail does is
      // judged here, so only the kinds convoguard writes, enabled and failing closed, pass.
      added: (v, cx) => [
        verdict([], guardrailActs(v) ? 'neutral' : 'unverified', guardrailWhy(v), cx.newAgent ? undefined : v, v),
      ],
      removed: always('neutral', 'a guardrail leaves the state (the app that names it is reviewed there)'),
    },
  ),
};
