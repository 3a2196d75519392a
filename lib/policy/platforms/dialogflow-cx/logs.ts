/** Which Dialogflow logs of a project Cloud Logging filters cover: the forms convoguard writes and reads. */
/** Dialogflow's request log in Cloud Logging, as a Logging filter (the log name public tooling uses). */
export function dialogflowRequestLogFilter(project: string): string {
  return `logName="projects/${project}/logs/dialogflow-runtime.googleapis.com%2Frequests"`;
}

/**
 * What the routing sink and the `_Default` exclusion cover: every Dialogflow log of the project, not only the request
 * log. Telephony writes its own logs (an incoming call carries the caller's number), and Data Access audit logs of
 * dialogflow.googleapis.com carry request bodies when a project turns them on; all of them land in `_Default` (30
 * days, Google's key) unless routed. Cloud Logging filters take RE2 with `=~`; `logName` is URL-encoded (`%2F`).
 */
export const DIALOGFLOW_LOGS_COVERED: readonly string[] = [
  'dialogflow-runtime.googleapis.com/requests (every conversation turn)',
  "every other log whose name starts with dialogflow (telephony logs such as an incoming call's, with the caller's number)",
  'Data Access audit logs of dialogflow.googleapis.com (request bodies, where the project turns them on)',
];

/** Every Dialogflow log of the project, as a Logging filter: what the sink routes and `_Default` excludes. */
export function dialogflowLogsFilter(project: string): string {
  return `logName=~"^projects/${project}/logs/dialogflow" OR (logName="projects/${project}/logs/cloudaudit.googleapis.com%2Fdata_access" AND protoPayload.serviceName="dialogflow.googleapis.com")`;
}

/**
 * Which Dialogflow logs a sink or exclusion filter covers, for the two forms convoguard writes (every Dialogflow log,
 * or the request log alone) and the project they name; any other filter is undefined: not understood.
 */
export function dialogflowFilterScope(
  filter: unknown,
): { readonly project: string; readonly scope: 'all' | 'requests' } | undefined {
  if (typeof filter !== 'string') return undefined;
  const project = /^logName=~?"\^?projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/logs\//.exec(filter)?.[1];
  if (!project) return undefined;
  if (filter === dialogflowLogsFilter(project)) return { project, scope: 'all' };
  if (filter === dialogflowRequestLogFilter(project)) return { project, scope: 'requests' };
  return undefined;
}
