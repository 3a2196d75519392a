/**
 * What verifies each store, read from synthesized output: CloudWatch alarms on `LogEventsWithFindings` of a masked log
 * group, Cloud Monitoring log-match alerts on Dialogflow's request logs, and the scheduled scans of exports (Macie
 * jobs, DLP job triggers). A check counts only when it can fire somewhere: an alarm with actions on a group that has a
 * data protection policy (no other group has the metric), an alert with a notification channel, a scan that runs.
 */
import { DAY } from '../policy/duration';
import { STORE_NAME } from '../policy/posture';
import {
  alarmLabel,
  dlpRunNotices,
  FINDINGS_TREND_ONLY,
  logAlertLabel,
  MACIE_FINDINGS_TO,
  ScanPosture,
} from '../policy/verify';
import { kindOfMissFilter, missAlarmLabel } from '../policy/platforms/lex/miss-detector';
import type { AgentPosture, StorePosture } from './model';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The checks of one document: per agent, the labels that verify a store, and the scans of its exports. */
export interface Checks {
  /** Checks that would see a miss on the store: they verify it. */
  store(agent: string, s: StorePosture): string[];
  /** Checks that watch a trend on the store and cannot see a miss (the Lex findings alarm): named, never counted. */
  trend(agent: string, s: StorePosture): string[];
  /** Checks on the store that exist but notify nobody (CG-NOTIFY): they verify nothing. */
  silent(agent: string, s: StorePosture): string[];
  scans(agent: string): ScanPosture[];
}

/** How the report says a check tells nobody, on the store it would have verified. */
export const notifiesNobody = (labels: readonly string[]) =>
  `${labels.join(', ')} notifies nobody (no subscriber, no e-mail channel)`;

/** Each agent's stores with their checks, and its scans; a check that notifies nobody is named, never counted. */
export function withChecks(agents: AgentPosture[], checks: Checks): AgentPosture[] {
  return agents.map((a) => {
    const scans = checks.scans(a.agent);
    const silent = [...new Set(a.stores.flatMap((s) => checks.silent(a.agent, s)))];
    return {
      ...a,
      stores: a.stores.map((s) => {
        const quiet = checks.silent(a.agent, s);
        const trends = checks.trend(a.agent, s);
        const verifiedBy = checks.store(a.agent, s);
        return {
          ...s,
          verifiedBy,
          ...(trends.length > 0 ? { watchedBy: trends } : {}),
          ...(quiet.length > 0
            ? { unverifiedReason: notifiesNobody(quiet) }
            : trends.length > 0 && verifiedBy.length === 0
              ? { unverifiedReason: FINDINGS_TREND_ONLY }
              : {}),
        };
      }),
      ...(scans.length > 0 ? { scans } : {}),
      ...(silent.length > 0 ? { silentChecks: silent } : {}),
    };
  });
}

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly Metadata?: Json;
}

/** Checks in a CloudFormation template; `agentOf` reads a resource's attribution, `refId` a Ref or GetAtt. */
export function cloudFormationChecks(
  res: Record<string, CfnResource>,
  agentOf: (r: CfnResource | undefined) => string | undefined,
  refId: (v: unknown) => string | undefined,
): Checks {
  const groupName = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    const id = refId(v);
    const name = id ? res[id]?.Properties?.LogGroupName : undefined;
    return typeof name === 'string' ? name : undefined;
  };
  // An SNS topic of the template delivers only to its subscriptions (its own Subscription list, or an
  // AWS::SNS::Subscription on it); a topic that is not in the template is yours, read by whoever you chose.
  const subscribed = new Set(
    Object.entries(res)
      .filter(([, r]) => r?.Type === 'AWS::SNS::Subscription')
      .map(([, r]) => refId(r.Properties?.TopicArn))
      .filter((x): x is string => x !== undefined),
  );
  const reachesSomeone = (action: unknown): boolean => {
    const id = refId(action);
    const topic = id ? res[id] : undefined;
    if (!topic || topic.Type !== 'AWS::SNS::Topic') return true;
    return arr(topic.Properties?.Subscription).length > 0 || subscribed.has(id!);
  };
  // Log group name → alarm labels, for enabled alarms with an action on LogEventsWithFindings of that group; and
  // the labels of those whose every action is a topic nobody subscribes to.
  const alarms = new Map<string, string[]>();
  const silentAlarms = new Map<string, string[]>();
  for (const [id, r] of Object.entries(res)) {
    if (r?.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = r.Properties ?? {};
    // An alarm counts when it can fire: actions enabled (a value the reader cannot resolve counts as not) and some.
    if ((p.ActionsEnabled !== undefined && p.ActionsEnabled !== true) || arr(p.AlarmActions).length === 0) continue;
    const into = arr(p.AlarmActions).some(reachesSomeone) ? alarms : silentAlarms;
    const metrics = [p, ...arr(p.Metrics).map((m) => obj(obj(obj(m).MetricStat).Metric))];
    for (const m of metrics) {
      if (m.Namespace !== 'AWS/Logs' || m.MetricName !== 'LogEventsWithFindings') continue;
      const dim = arr(m.Dimensions)
        .map(obj)
        .find((d) => d.Name === 'LogGroupName');
      const name = groupName(dim?.Value);
      if (name)
        into.set(name, [...(into.get(name) ?? []), alarmLabel(typeof p.AlarmName === 'string' ? p.AlarmName : id)]);
    }
  }
  // The miss detector: metric filters on a group's masked view publish to a metric; an alarm on its Sum that fires on
  // the first count (>= 1, or > something below 1) and reaches someone sees a miss. The kinds come from the filter
  // patterns convoguard writes; a pattern of yours counts too, named as such.
  const filtersOf = new Map<string, Array<{ group: string; kind: string }>>();
  for (const [, r] of Object.entries(res)) {
    if (r?.Type !== 'AWS::Logs::MetricFilter') continue;
    const p = r.Properties ?? {};
    const group = groupName(p.LogGroupName);
    if (!group || typeof p.FilterPattern !== 'string' || p.ApplyOnTransformedLogs === true) continue;
    for (const t of arr(p.MetricTransformations).map(obj)) {
      if (t.MetricValue !== '1' || typeof t.MetricNamespace !== 'string' || typeof t.MetricName !== 'string') continue;
      const key = `${t.MetricNamespace}|${t.MetricName}`;
      filtersOf.set(key, [
        ...(filtersOf.get(key) ?? []),
        { group, kind: kindOfMissFilter(p.FilterPattern) ?? 'a pattern of yours' },
      ]);
    }
  }
  const missChecks = new Map<string, string[]>();
  const silentMiss = new Map<string, string[]>();
  for (const [id, r] of Object.entries(res)) {
    if (r?.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = r.Properties ?? {};
    if ((p.ActionsEnabled !== undefined && p.ActionsEnabled !== true) || arr(p.AlarmActions).length === 0) continue;
    const filters = filtersOf.get(`${String(p.Namespace)}|${String(p.MetricName)}`);
    const threshold = typeof p.Threshold === 'number' ? p.Threshold : Number.NaN;
    const onFirst =
      (p.ComparisonOperator === 'GreaterThanOrEqualToThreshold' && threshold <= 1) ||
      (p.ComparisonOperator === 'GreaterThanThreshold' && threshold < 1);
    if (!filters || p.Statistic !== 'Sum' || !onFirst || arr(p.Dimensions).length > 0) continue;
    const into = arr(p.AlarmActions).some(reachesSomeone) ? missChecks : silentMiss;
    for (const group of new Set(filters.map((f) => f.group))) {
      const kinds = [...new Set(filters.filter((f) => f.group === group).map((f) => f.kind))];
      into.set(group, [
        ...(into.get(group) ?? []),
        missAlarmLabel(typeof p.AlarmName === 'string' ? p.AlarmName : id, kinds),
      ]);
    }
  }
  const scans = new Map<string, ScanPosture[]>();
  for (const [id, r] of Object.entries(res)) {
    if (
      typeof r.Type !== 'string' ||
      (!r.Type.startsWith('Custom::') && r.Type !== 'AWS::CloudFormation::CustomResource')
    )
      continue;
    const call = sdkCall(r.Properties?.Create);
    if (!call || call.service !== 'Macie2' || call.action !== 'createClassificationJob') continue;
    const params = obj(call.parameters);
    const s3 = obj(params.s3JobDefinition);
    const buckets = arr(s3.bucketDefinitions).flatMap((b) => arr(obj(b).buckets).map(String));
    const terms = arr(obj(obj(s3.scoping).includes).and).map((t) => obj(obj(t).simpleScopeTerm));
    const prefixes = terms
      .filter((t) => t.key === 'OBJECT_KEY' && t.comparator === 'STARTS_WITH')
      .flatMap((t) => arr(t.values).map(String));
    const freq = obj(params.scheduleFrequency);
    const schedule = freq.dailySchedule
      ? 'daily'
      : freq.weeklySchedule
        ? 'weekly'
        : freq.monthlySchedule
          ? 'monthly'
          : params.jobType === 'ONE_TIME'
            ? 'once'
            : 'unscheduled';
    const agent = agentOf(r) ?? id;
    const list = scans.get(agent) ?? [];
    for (const b of buckets) {
      for (const p of prefixes.length > 0 ? prefixes : [''])
        list.push({
          target: `s3://${b}/${p}`,
          by: 'Macie job',
          schedule,
          findingsTo: [MACIE_FINDINGS_TO],
          resource: id,
        });
    }
    scans.set(agent, list);
  }
  return {
    // The findings alarm counts what masking caught, never what it missed (FINDINGS_TREND_ONLY): a trend, no
    // verification. The miss alarm counts what reached the masked view unmasked: it verifies, on a masked group only.
    store: (_agent, s) =>
      s.kind === 'conversation-logs' && s.redactedBy.length > 0 ? (missChecks.get(s.name) ?? []) : [],
    trend: (_agent, s) => (s.kind === 'conversation-logs' && s.redactedBy.length > 0 ? (alarms.get(s.name) ?? []) : []),
    silent: (_agent, s) =>
      s.kind === 'conversation-logs' && s.redactedBy.length > 0
        ? [
            ...(alarms.has(s.name) ? [] : (silentAlarms.get(s.name) ?? [])),
            ...(missChecks.has(s.name) ? [] : (silentMiss.get(s.name) ?? [])),
          ]
        : [],
    scans: (agent) => scans.get(agent) ?? [],
  };
}

/** The SDK call of an AwsCustomResource property (a JSON string, or Fn::Join of one with references). */
function sdkCall(v: unknown): Json | undefined {
  let text: string | undefined;
  if (typeof v === 'string') text = v;
  else {
    const join = arr(obj(v)['Fn::Join']);
    if (join.length === 2)
      text = arr(join[1])
        .map((p) => (typeof p === 'string' ? p : 'REF'))
        .join(String(join[0]));
  }
  if (text === undefined) return undefined;
  try {
    return obj(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Checks in a Terraform document; `agentOf` reads a resource's attribution, `get` resolves an address. */
export function terraformChecks(
  all: Record<string, Record<string, Json>>,
  agentOf: (r: Json | undefined) => string | undefined,
  refAddress: (v: unknown) => string | undefined,
  requestLog: string,
): Checks {
  const get = (address: string | undefined): Json | undefined => {
    if (!address) return undefined;
    const [type, name] = address.split('.');
    return all[type]?.[name];
  };
  const topicOf = (v: unknown): string => {
    const t = get(refAddress(v));
    return t && typeof t.name === 'string' ? t.name : String(v);
  };
  // A Pub/Sub channel's topic of the document keeps a message only for its subscriptions; another channel type
  // (e-mail, SMS, a webhook) reaches its recipient, and a channel or topic that is not in the document is yours.
  const subscribedTopics = new Set(
    Object.values(all.google_pubsub_subscription ?? {})
      .map((sub) => refAddress(sub.topic))
      .filter((x): x is string => x !== undefined),
  );
  const channelReaches = (v: unknown): boolean => {
    const address = refAddress(v);
    const ch = get(address);
    if (!ch || !address?.startsWith('google_monitoring_notification_channel.')) return true;
    if (ch.enabled === false) return false;
    if (ch.type !== 'pubsub') return true;
    const topicAddress = refAddress(obj(ch.labels).topic);
    return !topicAddress?.startsWith('google_pubsub_topic.') || subscribedTopics.has(topicAddress);
  };
  // Agent → labels of enabled log-match alerts on the request logs, with a channel; and of those no channel of
  // which reaches anyone.
  const alerts = new Map<string, string[]>();
  const silentAlerts = new Map<string, string[]>();
  for (const [name, r] of Object.entries(all.google_monitoring_alert_policy ?? {})) {
    if ((r.enabled !== undefined && r.enabled !== true) || arr(r.notification_channels).length === 0) continue;
    const into = arr(r.notification_channels).some(channelReaches) ? alerts : silentAlerts;
    const onRequestLogs = arr(r.conditions).some((c) => {
      const f = obj(arr(obj(c).condition_matched_log)[0] ?? obj(c).condition_matched_log).filter;
      return typeof f === 'string' && f.includes(requestLog) && f.includes('=~');
    });
    const agent = agentOf(r);
    if (!onRequestLogs || !agent) continue;
    into.set(agent, [
      ...(into.get(agent) ?? []),
      logAlertLabel(typeof r.display_name === 'string' ? r.display_name : name),
    ]);
  }
  const scans = new Map<string, ScanPosture[]>();
  for (const [name, r] of Object.entries(all.google_data_loss_prevention_job_trigger ?? {})) {
    if (r.status !== undefined && r.status !== 'HEALTHY') continue;
    const job = obj(arr(r.inspect_job)[0] ?? r.inspect_job);
    const storage = obj(arr(job.storage_config)[0] ?? job.storage_config);
    const bq = obj(obj(storage.big_query_options).table_reference);
    const gcsUrl = obj(obj(storage.cloud_storage_options).file_set).url;
    // Written as scanTargets writes them: a Cloud Storage prefix with its trailing "/", a table as its URI.
    const target =
      typeof bq.table_id === 'string'
        ? `bq://${String(bq.project_id)}.${String(bq.dataset_id)}.${bq.table_id}`
        : typeof gcsUrl === 'string'
          ? gcsUrl.replace(/\*+$/, '').replace(/([^/])$/, '$1/')
          : undefined;
    const period = arr(r.triggers)
      .map((t) => obj(obj(t).schedule).recurrence_period_duration)
      .find((d) => typeof d === 'string');
    const seconds = typeof period === 'string' ? Number(period.replace(/s$/, '')) : NaN;
    if (!target || !Number.isFinite(seconds)) continue;
    const findingsTo = arr(job.actions).flatMap((a) => {
      const x = obj(a);
      const pub = obj(x.pub_sub).topic;
      const table = obj(obj(obj(x.save_findings).output_config).table);
      return [
        ...(pub !== undefined ? [dlpRunNotices(topicOf(pub))] : []),
        ...(table.dataset_id !== undefined
          ? [String(get(refAddress(table.dataset_id))?.dataset_id ?? table.dataset_id)]
          : []),
      ];
    });
    const agent = agentOf(r) ?? name;
    scans.set(agent, [
      ...(scans.get(agent) ?? []),
      {
        target,
        by: 'DLP job trigger',
        schedule: `every ${seconds / DAY} days`,
        findingsTo,
        resource: `google_data_loss_prevention_job_trigger.${name}`,
      },
    ]);
  }
  return {
    // The alert reads the request log: a _Default store of the other Dialogflow logs holds none, so it verifies nothing there.
    store: (agent, s) =>
      s.kind === 'cloud-logging' && s.name !== STORE_NAME.cloudLoggingDefaultOthers ? (alerts.get(agent) ?? []) : [],
    trend: () => [],
    silent: (agent, s) => (s.kind === 'cloud-logging' && !alerts.has(agent) ? (silentAlerts.get(agent) ?? []) : []),
    scans: (agent) => scans.get(agent) ?? [],
  };
}
