/**
 * What is true of Rasa Pro's two privacy formats, stated once: which release uses which, and the limits Rasa 3.13
 * enforces at start-up (`rasa/privacy/privacy_config.py`, `privacy_config_schema.json`, and the PII management pages
 * of rasa.com/docs). A leaf module: the schema, the plan, the emitter and the report all read it.
 */

/** `3.6` … `3.99`: the releases that have a privacy configuration at all (3.6 introduced the anonymization pipeline). */
export const RASA_VERSION_RE = /^3\.([6-9]|[1-9][0-9])$/;

/** The release that replaced the 3.6 `anonymization:` pipeline with the `privacy:` block. */
export const RASA_PRIVACY_SINCE = 13;

/** The newest format is the default. */
export const RASA_DEFAULT_VERSION = '3.13';

/** `privacy` (3.13+) or `anonymization` (3.6–3.12) for a version the schema accepted. */
export function rasaFormat(version: string): 'privacy' | 'anonymization' {
  const minor = Number(RASA_VERSION_RE.exec(version)?.[1] ?? RASA_PRIVACY_SINCE);
  return minor >= RASA_PRIVACY_SINCE ? 'privacy' : 'anonymization';
}

/**
 * Rasa refuses a tracker-store job whose `min_after_session_end` is below `USER_CHAT_INACTIVITY_IN_MINUTES`, which
 * defaults to 30 even when the variable is unset (validate_min_after_session_end).
 */
export const RASA_MIN_AFTER_SESSION_END_MINUTES = 30;

/** How often convoguard runs the tracker-store jobs, in minutes: the lag a deletion adds to the configured bound. */
export const RASA_JOB_PERIOD_MINUTES = 15;

/**
 * The two jobs' 5-field crontabs (apscheduler CronTrigger.from_crontab). Rasa refuses equal expressions; the
 * deletion runs 7 minutes after each anonymization so the two never contend for the same trackers' locks.
 */
export const RASA_CRON = { anonymization: '*/15 * * * *', deletion: '7-59/15 * * * *' } as const;

/**
 * Sessions become eligible for the jobs only once they ended: after `USER_CHAT_INACTIVITY_IN_MINUTES` (30) of
 * inactivity on trackers without a SessionEnded event. The retention bound counts from the last message, so this adds.
 */
export const RASA_SESSION_END_MINUTES = 30;

/** The smallest retention.sensitive a 3.13 agent can have: deletion must come later than anonymization (≥ 30). */
export const RASA_MIN_DELETION_MINUTES = RASA_MIN_AFTER_SESSION_END_MINUTES + 1;

/** The environment variables a fresh endpoints.yml's Redis lock store reads: Rasa needs one once jobs are configured. */
export const RASA_LOCK_STORE_VARIABLES = {
  url: 'REDIS_HOST',
  port: 'REDIS_PORT',
  password: 'REDIS_PASSWORD',
  db: 'REDIS_LOCK_DB',
} as const;

/** The Kafka event broker's topic when endpoints.yml sets none (`rasa/core/brokers/kafka.py`, `topic="rasa_core_events"`). */
export const RASA_DEFAULT_EVENT_TOPIC = 'rasa_core_events';
