/**
 * Where Dialogflow's logs land in Cloud Logging, read from a document and the shared documents of its project: the
 * log buckets a sink routes them to (retention, key) and `_Default` unless an exclusion keeps them out.
 */
import { CLOUD_LOGGING_DEFAULT_DAYS, dialogflowFilterScope, logBucketStoreName } from '../../../policy/platforms';
import { DAY } from '../../../policy/duration';
import { IMPLICIT_READERS, LAG, STORE_NAME } from '../../../policy/posture';
import type { KeyPosture, StorePosture } from '../../model';
import { refAddress, stackOf, TfDoc, TfIndex } from './doc';
import { arr, Json, obj, one } from './json';
import { keyPostures } from './keys';

export interface DialogflowLogging {
  /** The Cloud Logging stores of an agent with logging on (`agentAddress`), or of the project's routing alone. */
  cloudLoggingStores(agentAddress: string | undefined, project: string): StorePosture[];
  /** Sinks and exclusions whose filter names Dialogflow in a form convoguard does not write: not understood. */
  readonly unknownFilters: ReadonlyArray<{ resource: string; what: string }>;
  /** The shared document's key of a routed log bucket, by the bucket's resource. */
  readonly sharedKeyOf: ReadonlyMap<string, KeyPosture>;
}

export function dialogflowLogging(idx: TfIndex, context: readonly TfDoc[]): DialogflowLogging {
  /**
   * Which Dialogflow logs a sink or exclusion covers, read from its filter: only the two forms convoguard writes are
   * understood (every Dialogflow log, or the request log alone, of the resource's own project). Any other filter that
   * names Dialogflow (narrowed with AND severity>=ERROR, another project) is unknown: it counts as covering nothing,
   * and the agent lists it as unverified.
   */
  const unknownFilters: Array<{ resource: string; what: string }> = [];
  const coverage = (x: Json, address: string): 'all' | 'requests' | 'none' => {
    if (typeof x.filter !== 'string' || x.disabled === true) return 'none';
    const known = dialogflowFilterScope(x.filter);
    if (known && known.project === x.project) return known.scope;
    if (/dialogflow/i.test(x.filter))
      unknownFilters.push({
        resource: address,
        what: `its filter ${JSON.stringify(x.filter)} is not one convoguard writes: which Dialogflow logs it routes or excludes is not read, so it counts as none`,
      });
    return 'none';
  };
  // The routed buckets and the exclusions are the project's: read once for every agent of the document.
  const routedByProject = new Map<string, { stores: StorePosture[]; excluded: 'all' | 'requests' | 'none' }>();
  /**
   * Where Dialogflow's request logs land: each log bucket a sink routes them to (with its retention and key) and,
   * for an agent with logging on (`agentAddress`) and no exclusion keeping them out, the global _Default bucket.
   */
  const cloudLoggingStores = (agentAddress: string | undefined, project: string): StorePosture[] => {
    // Routing and exclusions act on their own project only: another project's exclusion keeps nothing out of this one.
    let routed = routedByProject.get(project);
    if (!routed) routedByProject.set(project, (routed = projectLogging(project)));
    const out = [...routed.stores];
    if (routed.excluded !== 'all' && agentAddress !== undefined) {
      out.push({
        kind: 'cloud-logging',
        // With the request log excluded alone, telephony and audit logs of Dialogflow still land in _Default.
        name: routed.excluded === 'requests' ? STORE_NAME.cloudLoggingDefaultOthers : STORE_NAME.cloudLoggingDefault,
        resource: agentAddress,
        retention: { configuredSeconds: CLOUD_LOGGING_DEFAULT_DAYS * DAY, lag: LAG.cloudLogging },
        encryption: { kind: 'provider' },
        redactedBy: [],
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
      });
    }
    return out;
  };
  // Project-wide Cloud Logging resources: this document's and its shared documents'. A shared document's resources
  // name their stack: the user looks for them there, not in the agent's stack.
  const projectEntries = (type: string): Array<{ address: string; r: Json; from?: TfDoc }> => [
    ...idx.entries(type),
    ...context.flatMap((d) =>
      Object.entries(d.resource?.[type] ?? {}).map(([name, r]) => ({
        address: `${type}.${name}${stackOf(d)}`,
        r,
        from: d,
      })),
    ),
  ];
  // The keys of a shared document that encrypt a store of this one (the routed log bucket's): each agent whose logs
  // land there lists that key, so its rotation, deletion protection and decrypters are checked like the agent's own.
  const contextKeys = new Map<TfDoc, Map<string, KeyPosture>>();
  const sharedKeyOf = new Map<string, KeyPosture>();
  const projectLogging = (project: string): { stores: StorePosture[]; excluded: 'all' | 'requests' | 'none' } => {
    const out: StorePosture[] = [];
    const ofProject = ({ r }: { r: Json }) => String(r.project) === project;
    for (const { r: sink } of projectEntries('google_logging_project_sink').filter(
      (e) => ofProject(e) && e.r.name !== '_Default' && coverage(e.r, e.address) !== 'none',
    )) {
      const m = /^logging\.googleapis\.com\/projects\/[^/]+\/locations\/([^/]+)\/buckets\/([^/]+)$/.exec(
        String(sink.destination),
      );
      const bucket = m
        ? projectEntries('google_logging_project_bucket_config').find(
            ({ r: b }) => b.bucket_id === m[2] && b.location === m[1],
          )
        : undefined;
      if (!m) continue;
      const days =
        typeof bucket?.r.retention_days === 'number' && bucket.r.retention_days > 0
          ? bucket.r.retention_days
          : CLOUD_LOGGING_DEFAULT_DAYS;
      const kms = one(bucket?.r.cmek_settings).kms_key_name;
      const resource = bucket?.address ?? String(sink.destination);
      const from = bucket?.from;
      if (from && !contextKeys.has(from)) contextKeys.set(from, keyPostures(from.resource ?? {}, stackOf(from)).keys);
      const sharedKey = from ? contextKeys.get(from)!.get(refAddress(kms) ?? '') : undefined;
      if (sharedKey) sharedKeyOf.set(resource, sharedKey);
      out.push({
        kind: 'cloud-logging',
        name: logBucketStoreName(m[2], m[1]),
        resource,
        retention: { configuredSeconds: days * DAY, lag: LAG.cloudLogging },
        encryption: kms
          ? { kind: 'customer', key: sharedKey?.resource ?? refAddress(kms) ?? String(kms) }
          : { kind: 'provider' },
        redactedBy: [],
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.cloudLoggingReaders],
      });
    }
    const exclusions = [
      ...projectEntries('google_logging_project_exclusion')
        .filter(ofProject)
        .map(({ address, r: e }) => coverage(e, address)),
      ...projectEntries('google_logging_project_sink')
        .filter((e) => ofProject(e) && e.r.name === '_Default')
        .flatMap(({ address, r: s }) =>
          arr(s.exclusions).map((e) => coverage({ ...obj(e), project: s.project }, address)),
        ),
    ];
    const excluded = exclusions.includes('all') ? 'all' : exclusions.includes('requests') ? 'requests' : 'none';
    return { stores: out, excluded };
  };
  return { cloudLoggingStores, unknownFilters, sharedKeyOf };
}
