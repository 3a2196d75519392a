/**
 * What Rasa Pro 3.13 checks when it loads endpoints.yml's privacy: block, restated for tests: the JSON schema
 * (test/fixtures/rasa-privacy-config-schema.json, through a validator of the keywords that schema uses) and the
 * cross-field rules of rasa/privacy/privacy_config.py (platform-facts-deep.md section 1).
 */
import * as fs from 'fs';
import * as path from 'path';

type Schema = {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean;
  items?: Schema;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  exclusiveMinimum?: number;
  $ref?: string;
  $defs?: Record<string, Schema>;
};

export const PRIVACY_SCHEMA: Schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'rasa-privacy-config-schema.json'), 'utf8'),
);

const KEYWORDS = new Set([
  '$comment',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'enum',
  'minLength',
  'maxLength',
  'exclusiveMinimum',
  '$ref',
  '$defs',
]);

/** Every error of `value` against `schema` (the keywords above only; an unknown keyword is itself an error). */
export function schemaErrors(
  value: unknown,
  schema: Schema = PRIVACY_SCHEMA,
  root: Schema = schema,
  at = 'privacy',
): string[] {
  const unknown = Object.keys(schema).filter((k) => !KEYWORDS.has(k));
  if (unknown.length > 0) return [`${at}: the test validator does not know ${unknown.join(', ')}`];
  if (schema.$ref) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? root.$defs?.[name] : undefined;
    return target ? schemaErrors(value, target, root, at) : [`${at}: unresolved $ref ${schema.$ref}`];
  }
  const out: string[] = [];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  switch (schema.type) {
    case 'object':
      if (!isObject) return [`${at}: expected an object`];
      break;
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      break;
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string`];
      break;
    case 'number':
      if (typeof value !== 'number') return [`${at}: expected a number`];
      break;
  }
  if (schema.enum && !schema.enum.includes(value))
    out.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      out.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      out.push(`${at}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number' && schema.exclusiveMinimum !== undefined && !(value > schema.exclusiveMinimum))
    out.push(`${at}: must be greater than ${schema.exclusiveMinimum}`);
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => out.push(...schemaErrors(v, schema.items, root, `${at}[${i}]`)));
  if (isObject) {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      if (sub) out.push(...schemaErrors(v, sub, root, `${at}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${at}: unexpected ${k}`);
    }
  }
  return out;
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;

/**
 * Rasa's start-up rules for a parsed endpoints.yml (privacy_config.py and the PII management docs): each job has both
 * fields, min_after_session_end ≥ USER_CHAT_INACTIVITY_IN_MINUTES (30 when unset), deletion later than anonymization,
 * different 5-field crontabs, and a lock store once a job is configured.
 */
export function startupErrors(endpoints: Record<string, unknown>, inactivityMinutes = 30): string[] {
  const privacy = endpoints.privacy as
    { tracker_store_settings?: Record<string, { min_after_session_end?: number; cron?: string }> } | undefined;
  if (!privacy) return ['no privacy: block'];
  const out: string[] = [];
  const jobs = privacy.tracker_store_settings ?? {};
  for (const [name, job] of Object.entries(jobs)) {
    if (job.min_after_session_end === undefined || job.cron === undefined)
      out.push(`${name}: both min_after_session_end and cron are required`);
    if (job.min_after_session_end !== undefined && job.min_after_session_end < inactivityMinutes) {
      out.push(
        `${name}: Minimum time in minutes after session end must be greater than USER_CHAT_INACTIVITY_IN_MINUTES env var value.`,
      );
    }
    const fields = (job.cron ?? '').trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f)))
      out.push(`${name}: ${JSON.stringify(job.cron)} is not a 5-field crontab`);
  }
  const { anonymization: a, deletion: d } = jobs;
  if (a && d) {
    if (!((d.min_after_session_end ?? 0) > (a.min_after_session_end ?? 0)))
      out.push('deletion.min_after_session_end must be greater than anonymization.min_after_session_end');
    if (a.cron === d.cron) out.push('the anonymization and deletion cron expressions must differ');
  }
  if (Object.keys(jobs).length > 0 && !endpoints.lock_store) out.push('tracker store jobs need a lock_store');
  return out;
}
