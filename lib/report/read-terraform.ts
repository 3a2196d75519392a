/**
 * Posture of Google Cloud agents from synthesized Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json): the
 * document is indexed once, and each store and concern is read by its own module under read/tf/ (keys, buckets,
 * Cloud Logging, what the model does not cover, Dialogflow CX agents, CX Agent Studio apps).
 */
import type { AgentPosture } from './model';
import { terraformChecks, withChecks } from './read-verification';
import { bucketStore } from './read/tf/bucket';
import { readCesApps } from './read/tf/ces';
import { readDialogflowAgents } from './read/tf/dialogflow';
import { agentOf, groupBy, indexDoc, refAddress, TfDoc } from './read/tf/doc';
import { keyPostures, keyReadersOf } from './read/tf/keys';
import { dialogflowLogging } from './read/tf/logging';
import { outsideTheModel } from './read/tf/outside-model';

export { AGENT_KEY, agentOf, isSharedDoc, providerProject, refAddress, SHARED_KEY, type TfDoc } from './read/tf/doc';

const DIALOGFLOW_REQUEST_LOG = 'dialogflow-runtime.googleapis.com%2Frequests';

/**
 * The agents' postures of one Terraform document. `context`: the shared documents of the same project (the
 * request-log routing of terraform.stacks: per-agent lives there); their project-wide resources count for every agent
 * here, and a log sink among them that convoguard did not create is outside the model.
 */
export function readTerraform(doc: TfDoc, source: string, context: readonly TfDoc[] = []): AgentPosture[] {
  const idx = indexDoc(doc);
  const { keys, members: keyMembers } = keyPostures(idx.all);
  const keysOfAgent = groupBy([...keys.values()], (k) => agentOf(idx.get(k.resource)));
  const keysOf = (agent: string) => keysOfAgent.get(agent) ?? [];
  const logging = dialogflowLogging(idx, context);
  const outside = outsideTheModel(idx, context, keys, keyMembers);
  const bucket = (address: string, redactedBy: string[]) => bucketStore(idx, keys, address, redactedBy);
  const out = readDialogflowAgents(idx, {
    source,
    keysOf,
    bucketStore: bucket,
    cloudLoggingStores: logging.cloudLoggingStores,
    sharedKeyOf: logging.sharedKeyOf,
    outsideTheModel: outside,
    unknownFilters: logging.unknownFilters,
  });
  out.push(
    ...readCesApps({
      doc,
      source,
      entries: idx.entries,
      get: idx.get,
      keysOf,
      keyReaders: keyReadersOf(keys),
      bucketStore: bucket,
      outsideTheModel: outside,
      claimed: new Set(out.map((a) => a.agent)),
    }),
  );
  return withChecks(out, terraformChecks(idx.all, agentOf, refAddress, DIALOGFLOW_REQUEST_LOG));
}
