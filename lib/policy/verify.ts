/**
 * Verification: what proves, after a deploy, that redaction held. One place for which store each platform can
 * verify and how, which it cannot and why, the scan schedules the services accept, the leak filter on Dialogflow's
 * request logs, the labels the plan and the report give each check, and what it costs. Provider-neutral.
 *
 * What is true of the services (platform-facts-deep §7–8): CloudWatch counts `LogEventsWithFindings` only on a log
 * group with a data protection policy; Macie analyzes only objects with a supported file extension (no audio) and
 * has no CloudFormation resource for jobs; DLP storage inspection has no audio file type, cannot read Cloud Logging
 * buckets, and schedules job triggers 1 to 60 days apart. Kafka topics are read by neither service.
 */
import { CATALOG, Kind } from './catalog';
import { DAY, parseDuration } from './duration';
import type { AgentPlan, MacieFrequency, NotifyTopic, PlanNote, PlannedExport, ProtectionPlan } from './plan-types';
import type { ScanPosture, StoreKind } from './posture';

export type { MacieFrequency, PlannedExport } from './plan-types';
export type { ScanPosture } from './posture';
import type { Policy } from './schema';

/** DLP job trigger schedule (recurrence_period_duration): 1 to 60 days. */
export const VERIFY_EVERY_DAYS = { min: 1, max: 60 } as const;

/** Macie schedules a job daily, weekly or monthly: the longest of them not longer than the policy's `every`. */
export function macieFrequency(days: number): MacieFrequency {
  return days >= 30 ? 'monthly' : days >= 7 ? 'weekly' : 'daily';
}
export const MACIE_FREQUENCY_DAYS: Readonly<Record<MacieFrequency, number>> = { daily: 1, weekly: 7, monthly: 30 };

export const EXPORT_FORMS = {
  'dialogflow-cx': 'gs://bucket[/path] or bq://project.dataset.table',
  lex: 's3://bucket[/prefix]',
} as const;

const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PATH = /^[A-Za-z0-9._\-/]*$/;

/** An export URI as the platform's scanner reads it, or the reason it cannot. */
export function parseExport(
  uri: string,
  platform: 'dialogflow-cx' | 'lex',
): PlannedExport | { readonly error: string } {
  const expected = `expected ${EXPORT_FORMS[platform]}`;
  const m = /^(gs|bq|s3):\/\/([^/]*)(?:\/(.*))?$/.exec(uri);
  if (!m) return { error: `received "${uri}"; ${expected}` };
  const [, scheme, host, rest = ''] = m;
  if (platform === 'lex' && scheme !== 's3')
    return { error: `received "${uri}"; a lex agent's exports are scanned by Macie: ${expected}` };
  if (platform === 'dialogflow-cx' && scheme === 's3')
    return { error: `received "${uri}"; a dialogflow-cx agent's exports are scanned by DLP: ${expected}` };
  if (!PATH.test(rest) || rest.includes('//') || rest.includes('..'))
    return { error: `received "${uri}"; the path may hold letters, digits, . _ - and single /` };
  const path = rest.replace(/\/$/, '');
  if (scheme === 'bq') {
    const t = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.([A-Za-z0-9_]{1,1024})\.([A-Za-z0-9_-]{1,1024})$/.exec(host);
    if (!t || rest !== '')
      return { error: `received "${uri}"; expected bq://project.dataset.table (a project id, a dataset and a table)` };
    return { uri, service: 'bigquery', project: t[1], dataset: t[2], table: t[3] };
  }
  const bucketRule = scheme === 'gs' ? GCS_BUCKET : S3_BUCKET;
  if (!bucketRule.test(host))
    return {
      error: `received "${uri}"; "${host}" is not a valid ${scheme === 'gs' ? 'Cloud Storage' : 'S3'} bucket name`,
    };
  return scheme === 'gs' ? { uri, service: 'gcs', bucket: host, path } : { uri, service: 's3', bucket: host, path };
}

/**
 * What a scan reads, written the same way by the plan and by the report's readers: a Cloud Storage or S3 prefix ends
 * with `/` (`gs://b/` for a whole bucket), a BigQuery table is its URI. An S3 bucket listed whole is scanned whole
 * (its job has no scoping), so its other prefixes collapse into it.
 */
export function scanTargets(exports: readonly PlannedExport[]): string[] {
  const whole = new Set(
    exports
      .filter((e) => e.service !== 'bigquery' && e.path === '')
      .map((e) => (e.service === 'bigquery' ? '' : e.bucket)),
  );
  const targets = exports.map((e) => {
    if (e.service === 'bigquery') return `bq://${e.project}.${e.dataset}.${e.table}`;
    const scheme = e.service === 'gcs' ? 'gs' : 's3';
    return e.service === 's3' && whole.has(e.bucket)
      ? `s3://${e.bucket}/`
      : `${scheme}://${e.bucket}/${e.path ? `${e.path}/` : ''}`;
  });
  return [...new Set(targets)];
}

/** The scheduled scans of `exports`, one per target, by one scanner on one schedule: what a platform's verification lists. */
export function scansOf(
  exports: readonly PlannedExport[],
  by: ScanPosture['by'],
  schedule: string,
  findingsTo: readonly string[],
): ScanPosture[] {
  return scanTargets(exports).map((target) => ({ target, by, schedule, findingsTo }));
}

/** What one export scans, written as `scanTargets` writes it: `gs://b` and `gs://b/` are the same target. */
export function scanTarget(e: PlannedExport): string {
  return scanTargets([e])[0];
}

/**
 * Eight hex digits that stand for an export's scan target (FNV-1a): names and construct ids derived from it stay the
 * same when exports are added, removed or reordered, so no other scan is replaced.
 */
export function exportFingerprint(e: PlannedExport): string {
  let h = 0x811c9dc5;
  for (const ch of scanTarget(e)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Without `verify:`, an agent's exports are read by nothing: a warning, so a listed export is never taken for scanned. */
export function unscannedExportsNote(
  policy: Policy,
  agent: { readonly exports: readonly string[] },
  notes: PlanNote[],
): void {
  if (policy.verify === undefined && agent.exports.length > 0)
    notes.push({
      level: 'warning',
      message: `exports are listed but verify is not set, so nothing scans ${agent.exports.join(', ')}: add verify: { every: 7d }`,
    });
}

/** The parts of an agent's verification both platforms decide alike: its topic, its exports and the scan period. */
export function verifyBasics(
  policy: Policy,
  agent: { readonly exports: readonly string[] },
  platform: 'lex' | 'dialogflow-cx',
  createTopic: string,
  notes: PlanNote[],
) {
  const v = policy.verify!;
  const existing = platform === 'lex' ? v.notify.aws : v.notify.gcp;
  const topic: NotifyTopic = existing ? { existing } : { create: createTopic };
  const emails = [...v.notify.email];
  if (!existing && emails.length === 0) notes.push({ level: 'warning', message: NOBODY_NOTIFIED });
  const exports = agent.exports
    .map((uri) => parseExport(uri, platform))
    .filter((e): e is PlannedExport => !('error' in e));
  const everyDays = v.every === undefined ? undefined : parseDuration(v.every)!.seconds / DAY;
  if (exports.length > 0 && everyDays === undefined)
    notes.push({
      level: 'warning',
      message: `verify: exports are listed but verify.every is not set, so nothing scans ${exports.map((e) => e.uri).join(', ')}`,
    });
  return { topic, exports, everyDays, emails };
}

/**
 * An alarm or alert that notifies a topic nobody reads tells nobody: an SNS topic delivers only to its
 * subscriptions, and a Pub/Sub topic without a subscription keeps no message (Pub/Sub: "messages published before a
 * subscription is created are not delivered to it"). Said the same way in the plan and the report (CG-NOTIFY).
 */
export const NOBODY_NOTIFIED =
  'verify.notify names nobody: the alarms and alerts notify a topic convoguard creates, which nobody subscribes to, so a failure of redaction tells no one. Add verify.notify.email, or a topic of yours (verify.notify.aws, verify.notify.gcp) that someone reads';

/** Whether a verify plan's notices reach someone: a topic of yours (read by your team), or an address. */
export function notifiesSomeone(v: { readonly topic: NotifyTopic; readonly emails: readonly string[] }): boolean {
  return 'existing' in v.topic || v.emails.length > 0;
}

/** Why no scan convoguard can provision reads a store of this kind: the same words in the plan and the report. */
export function unverifiableReason(kind: StoreKind): string | undefined {
  switch (kind) {
    case 'anonymized-topic':
    case 'raw-event-topic':
      return 'neither Macie nor DLP reads Kafka topics: consume one with convoguard canary';
    default:
      return undefined;
  }
}

/** Why DLP cannot check audio a Google Cloud platform records, said once. */
export const DLP_NO_AUDIO = 'DLP storage inspection has no audio file type: nothing scans it';

export const VERIFY_OFF = 'verify is off: nothing alerts when redaction fails (add verify: {} to the policy)';

/** The label of the CloudWatch alarm check, the same in the plan and in the report read from CloudFormation. */
export function alarmLabel(alarmName: string): string {
  return `alarm ${alarmName} (a rise in LogEventsWithFindings)`;
}

/**
 * Why the findings alarm is a trend and not a verification. LogEventsWithFindings counts the log events in which the
 * data protection policy found (and so masks) sensitive data; "the value of the LogEventsWithFindings metric is
 * incremented only by one … it counts the number of log events that contain sensitive data"
 * (mask-sensitive-log-data-audit-findings.html). A value the policy's identifiers do not recognise is neither masked
 * nor counted, so the alarm cannot see the miss that matters; the band it alarms on is learned from the metric's own
 * history, so a leak present from the first day is the band. Only a query of the masked view with independent
 * patterns sees a miss: convoguard canary runs one.
 */
export const FINDINGS_TREND_ONLY =
  "the findings alarm counts the log events in which masking found something, never a value masking missed, and learns its band from that count: a trend, not a verification; convoguard canary's Logs Insights query of the masked view shows a miss";

/** The label of the Cloud Monitoring log-match alert, the same in the plan and in the report read from Terraform. */
export function logAlertLabel(displayName: string): string {
  return `alert policy ${displayName} (request-log entries matching the agent's patterns)`;
}

/** DLP's pub_sub action publishes a notice per finished run (the job's name), not the findings: said so where listed. */
export function dlpRunNotices(topic: string): string {
  return `${topic} (a notice per run)`;
}

/** Where a Macie job's findings go: Macie publishes them itself. */
export const MACIE_FINDINGS_TO = 'Macie findings (EventBridge, Security Hub)';

/** Why a store has no check although verify is on: no service can alert on it. */
export const NO_CHECK = 'no alarm or scan convoguard can provision reads it';
/** The report's reason when the plan's check for a store is not in the output. */
export const MISSING_CHECK = 'the check the plan provisions for it is not in the output';
/** The report's reason for a store without a check, when no plan says why. */
export const NOT_FOUND = 'no alarm, alert or scan found in the output';

/**
 * The RE2 patterns the Dialogflow request-log alert matches: the policy's custom detectors and, per kind, a pattern
 * where one exists (the fallback, the keyword-free pattern, or the ones below). Kinds without any (names, addresses)
 * are not matched, and the plan says so.
 */
const LEAK_PATTERNS: Partial<Record<Kind, string>> = {
  email: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}',
  ip_address: '[0-9]{1,3}([.][0-9]{1,3}){3}',
};

export function leakPattern(kind: Kind): string | undefined {
  const c = CATALOG[kind];
  return LEAK_PATTERNS[kind] ?? c.cloudWatchKeywordFree?.pattern ?? c.fallbackPattern;
}

/**
 * The fields of Dialogflow CX request-log entries that carry what the end user typed or said (what security settings
 * redact; the agent's own responses are not matched, they quote dates and links by design). The log format is not documented
 * (platform-facts-deep §4: "payload resembling the REST request/response"): these are the REST request and response
 * fields, and `convoguard canary` proves the alert fires on a real entry.
 */
export const DIALOGFLOW_LOG_TEXT_FIELDS = [
  'jsonPayload.queryInput.text.text',
  'jsonPayload.queryResult.text',
  'jsonPayload.queryResult.transcript',
] as const;

/** A Logging query language string literal: backslashes and quotes escaped. */
export function lqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Cloud Logging's limit on a query: 20,000 characters. */
export const LQL_MAX_LENGTH = 20000;

/** The log-match filter: the project's Dialogflow request logs whose text fields match any of the patterns. */
export function dialogflowLeakFilter(requestLogFilter: string, patterns: readonly string[]): string {
  const re = lqlString(patterns.map((p) => `(${p})`).join('|'));
  return `${requestLogFilter} AND (${DIALOGFLOW_LOG_TEXT_FIELDS.map((f) => `${f} =~ ${re}`).join(' OR ')})`;
}

/** The resources verification adds, counted over a plan, for the one-line cost note `validate` prints. */
export interface VerifyCounts {
  readonly alarms: number;
  readonly alertPolicies: number;
  readonly topics: number;
  readonly dlpTriggers: number;
  readonly macieJobs: number;
  readonly findingsDatasets: number;
}

/** What verification provisions for a plan, counted. */
export function verifyCounts(agents: readonly AgentPlan[]): VerifyCounts {
  let alarms = 0,
    alertPolicies = 0,
    topics = 0,
    dlpTriggers = 0,
    macieJobs = 0,
    findingsDatasets = 0;
  for (const a of agents) {
    if (a.platform !== 'lex' && a.platform !== 'dialogflow-cx') continue;
    const v = a.verify;
    if (!v) continue;
    if ('create' in v.topic) topics++;
    if (a.platform === 'lex') {
      alarms++;
      // One Macie job per bucket: a job's prefixes apply to every bucket it lists.
      if (a.verify?.scan)
        macieJobs += new Set(a.verify.scan.exports.map((e) => ('bucket' in e ? e.bucket : e.uri))).size;
    } else {
      if (a.verify?.logAlert) alertPolicies++;
      if (a.verify?.scan) {
        findingsDatasets++;
        dlpTriggers += a.verify.scan.exports.length;
      }
    }
  }
  return { alarms, alertPolicies, topics, dlpTriggers, macieJobs, findingsDatasets };
}

/** The one line `validate` prints about what verification costs. */
export function verifyCost(plan: ProtectionPlan): string {
  return verifyCostLine(plan.verify !== undefined, verifyCounts(plan.agents), plan.verify?.every);
}

export function verifyCostLine(on: boolean, c: VerifyCounts, every?: string): string {
  if (!on) return `verify: off. ${VERIFY_OFF.replace(/^verify is off: /, '')}`;
  const parts = [
    c.alarms > 0
      ? `${c.alarms} CloudWatch anomaly-detection alarm${c.alarms === 1 ? '' : 's'} (billed per alarm-month)`
      : '',
    c.alertPolicies > 0
      ? `${c.alertPolicies} Cloud Monitoring log-match alert polic${c.alertPolicies === 1 ? 'y' : 'ies'} (billed per condition-month)`
      : '',
    c.topics > 0 ? `${c.topics} notification topic${c.topics === 1 ? '' : 's'}` : '',
    c.dlpTriggers > 0
      ? `${c.dlpTriggers} DLP job trigger${c.dlpTriggers === 1 ? '' : 's'} every ${every} (DLP bills per GB inspected)`
      : '',
    c.findingsDatasets > 0
      ? `${c.findingsDatasets} BigQuery findings dataset${c.findingsDatasets === 1 ? '' : 's'}`
      : '',
    c.macieJobs > 0 ? `${c.macieJobs} Macie job${c.macieJobs === 1 ? '' : 's'} (Macie bills per GB inspected)` : '',
  ].filter((p) => p !== '');
  const scans = every ? '' : '; no scans: verify.every is not set (scans bill per GB inspected)';
  return `verify: ${parts.length > 0 ? parts.join(', ') : 'nothing to provision'}${scans}`;
}
