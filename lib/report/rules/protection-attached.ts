import type { PostureRule } from './rule';

const WHAT = {
  'dialogflow-cx': 'security settings are not attached to any Dialogflow CX agent',
  lex: 'the bot alias does not send logs to a protected log group and an encrypted bucket',
  rasa: 'endpoints.yml has no anonymization section used by the logger',
  meya: 'the Sensitive Data integration is not enabled',
  'cx-agent-studio':
    "no CX Agent Studio app redacts with the agent's DLP templates (logging_settings.redaction_config)",
} as const;

export const protectionAttached: PostureRule = {
  id: 'CG-ATTACHED',
  severity: 'high',
  description: 'Redaction that is not attached to the agent protects nothing.',
  check: (a) =>
    a.attached
      ? []
      : [
          {
            resource: a.source,
            message: `protection not attached: ${WHAT[a.platform]}`,
            planned: a.expected?.attachedBySynth === false,
          },
        ],
};
