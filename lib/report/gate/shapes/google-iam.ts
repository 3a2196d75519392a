/** Google Cloud IAM members and bindings: each grant of a role to a member on a resource. */
import { canonical, Verdict } from '../change';
import { Cmp, Cx, isMap, verdict } from '../compare';
import { newAgentOr, Shape, TF_META_ARGUMENTS, tfResource, UnitRule } from '../shape';

/** Google's service agents, literal or named through the data sources convoguard reads them from. */
const SERVICE_AGENT = [
  /^serviceAccount:service-(\d+|\$\{data\.google_project\.[A-Za-z0-9_-]+\.number\})@(gcp-sa-[a-z-]+|dlp-api|gs-project-accounts)\.iam\.gserviceaccount\.com$/,
  /^\$\{data\.google_(bigquery_default_service_account|storage_project_service_account)\.[A-Za-z0-9_-]+\.member\}$/,
  /^serviceAccount:\$\{data\.google_logging_project_cmek_settings\.[A-Za-z0-9_-]+\.service_account_id\}$/,
  /^serviceAccount:bq-\d+@bigquery-encryption\.iam\.gserviceaccount\.com$/,
];
export const isServiceAgent = (member: string): boolean => SERVICE_AGENT.some((re) => re.test(member));

/** Roles that give no one plaintext of conversation data and change nothing that protects it. */
export const HARMLESS_ROLES: readonly string[] = [
  'roles/cloudkms.cryptoKeyEncrypter',
  'roles/cloudkms.viewer',
  'roles/cloudkms.publicKeyViewer',
  'roles/pubsub.publisher',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/dlp.inspectTemplatesReader',
  'roles/dlp.deidentifyTemplatesReader',
  'roles/storage.objectCreator',
  'roles/bigquery.metadataViewer',
];

/** Roles a Google service agent needs to do its service's work with a store (the service then serves its own readers). */
export const SERVICE_AGENT_ROLES: readonly string[] = [
  ...HARMLESS_ROLES,
  'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  'roles/cloudkms.cryptoKeyDecrypter',
  'roles/storage.objectViewer',
  'roles/storage.legacyBucketReader',
  'roles/bigquery.dataViewer',
  'roles/bigquery.dataEditor',
  'roles/logging.bucketWriter',
];

interface Grant {
  readonly role: string;
  readonly member: string;
  /** The resource and condition the grant is on, as the document spells them. */
  readonly on: string;
}

/** What a grant resource carries besides the resource it is on: its own fields and Terraform's meta-arguments. */
const GRANT_OWN_FIELDS = ['role', 'member', 'members', 'condition'];
const GRANT_FIELDS = [...GRANT_OWN_FIELDS, ...TF_META_ARGUMENTS];

function grantsOf(v: unknown): Grant[] {
  if (!isMap(v)) return [];
  const on = canonical({
    ...Object.fromEntries(Object.entries(v).filter(([k]) => !GRANT_FIELDS.includes(k))),
    condition: v.condition,
  });
  const members = v.members !== undefined ? (Array.isArray(v.members) ? v.members : [v.members]) : [v.member];
  return members.map((m) => ({ role: String(v.role), member: typeof m === 'string' ? m : canonical(m), on }));
}

function grantAdded(g: Grant, scope: string, at: Verdict['path']): Verdict {
  const agent = isServiceAgent(g.member);
  if (HARMLESS_ROLES.includes(g.role))
    return verdict(
      at,
      'neutral',
      `${g.member} gets ${g.role} on ${scope}: a role that reads no conversation data`,
      undefined,
      g.member,
    );
  if (agent && SERVICE_AGENT_ROLES.includes(g.role))
    return verdict(
      at,
      'neutral',
      `a Google service agent gets ${g.role} on ${scope}, to do its service's work (whoever reads through the service is the store's reader)`,
      undefined,
      g.member,
    );
  const custom = /^(projects|organizations)\//.test(g.role);
  return verdict(
    at,
    'weakening',
    `${g.member} gets ${g.role} on ${scope}${custom ? ': a custom role whose permissions are not in this output' : ''}`,
    undefined,
    g.member,
  );
}

/** The roles a redacting service needs to read the agent's DLP templates (Dialogflow's, CX Agent Studio's agent). */
const TEMPLATE_READER_ROLES: readonly string[] = [
  'roles/dlp.inspectTemplatesReader',
  'roles/dlp.deidentifyTemplatesReader',
];

function grantRemoved(g: Grant, scope: string, at: Verdict['path']): Verdict {
  // A redacting service that can no longer read the templates: whether it then keeps text unredacted is not documented
  // (the CES API accepts template names it cannot read), so the removal is not counted as harmless.
  if (TEMPLATE_READER_ROLES.includes(g.role) && isServiceAgent(g.member))
    return verdict(
      at,
      'unverified',
      `${g.member} no longer has ${g.role} on ${scope}: the service that redacts with the templates cannot read them, and whether it then stores text unredacted is not documented`,
      g.member,
      undefined,
    );
  return verdict(
    at,
    HARMLESS_ROLES.includes(g.role) ? 'neutral' : 'strengthening',
    `${g.member} no longer has ${g.role} on ${scope}`,
    g.member,
    undefined,
  );
}

/**
 * A `google_*_iam_member` or `_iam_binding`: any change is grants removed and grants added. A grant is neutral when
 * its role is harmless or it gives a service agent what its service needs; any other grant is a weakening.
 */
export function grantShape(scope: string): Shape {
  const skip: Cmp = () => [];
  const base = tfResource(Object.fromEntries(GRANT_OWN_FIELDS.map((k) => [k, skip])), { rest: skip });
  const diff = (b: unknown, h: unknown): Verdict[] => {
    const gb = grantsOf(b);
    const gh = grantsOf(h);
    const key = (g: Grant) => `${g.role}|${g.member}|${g.on}`;
    const kb = new Set(gb.map(key));
    const kh = new Set(gh.map(key));
    return [
      ...gh.filter((g) => !kb.has(key(g))).map((g) => grantAdded(g, scope, [{ item: `${g.role} ${g.member}` }])),
      ...gb.filter((g) => !kh.has(key(g))).map((g) => grantRemoved(g, scope, [{ item: `${g.role} ${g.member}` }])),
    ];
  };
  const compare: Cmp = (b, h, at, cx: Cx) => [...base.compare(b, h, at, cx), ...diff(b, h)];
  // A new agent's grants are judged with it (its report checks every reader against access.decrypters).
  const added: UnitRule = newAgentOr((v, cx) => [
    ...base.added(v, cx).filter((x) => x.class !== 'neutral'),
    ...diff(undefined, v),
  ]);
  const removed: UnitRule = (v) => diff(v, undefined);
  return { compare, added, removed };
}
