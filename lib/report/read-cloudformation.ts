/**
 * Posture of Lex V2 agents from synthesized CloudFormation templates (cdk.out/<stack>.template.json): the template is
 * indexed once, and each concern is read by its own module under read/cfn/ (keys, IAM, the audio bucket's readers, log
 * groups, generative paths); this module follows each bot alias to what it serves and logs.
 */
import { DAY } from '../policy/duration';
import { IMPLICIT_READERS, kafkaLagOf, LAG, STORE_NAME } from '../policy/posture';
import { cloudFormationChecks, withChecks } from './read-verification';
import { definitionOfVersion, lexDefinitionHash } from './lex-version';
import type { AgentPosture, StorePosture } from './model';
import {
  obj,
  arr,
  list,
  refId,
  agentOf,
  identifierName,
  AGENT_KEY,
  indexTemplate,
  Resource,
  Template,
} from './read/cfn/template';
import { UNMASK_ACTIONS, allowsAny, grantsOutsideTheModel, principalText } from './read/cfn/iam';
import { readKey, keyUnverified } from './read/cfn/keys';
import { lexGenerative, lexDetection } from './read/cfn/generative';
import { audioReaders } from './read/cfn/bucket';
import { logStore, groupStore } from './read/cfn/log-group';

export { actionMatches, isOwnRoot } from './read/cfn/iam';
export { refId } from './read/cfn/template';

/**
 * The version the alias serves, and whether it was published from the bot's current definition: convoguard writes
 * the definition's hash in the description of each version it publishes (lib/report/lex-version).
 */
function liveVersionOf(
  alias: Resource,
  bot: Resource,
  res: Record<string, Resource>,
): { resource: string; current?: boolean } {
  const v = alias.Properties?.BotVersion;
  const id = refId(v);
  const version = id ? res[id] : undefined;
  if (!id || version?.Type !== 'AWS::Lex::BotVersion')
    return { resource: typeof v === 'string' ? `version ${v}` : JSON.stringify(v) };
  const recorded = definitionOfVersion(version.Properties?.Description);
  return {
    resource: id,
    ...(recorded !== undefined ? { current: recorded === lexDefinitionHash(bot.Properties ?? {}) } : {}),
  };
}

export interface CloudFormationContext {
  /** The account the stack deploys to, when it is pinned (a literal 12-digit id). */
  readonly account?: string;
}

export function readCloudFormation(t: Template, source: string, context: CloudFormationContext = {}): AgentPosture[] {
  const idx = indexTemplate(t);
  const { res, of, ofAgent } = idx;
  const account = context.account !== undefined && /^\d{12}$/.test(context.account) ? context.account : undefined;
  const keys = new Map(of('AWS::KMS::Key').map(([id, k]) => [id, readKey(id, k, account)]));
  const outsideTheModel = grantsOutsideTheModel(res);
  const agents: AgentPosture[] = [];
  // A resource with a CloudFormation Condition exists only when the condition holds: the reader cannot tell.
  const conditional = (agent: string) =>
    ofAgent(agent)
      .filter(([, r]) => (r as Resource & { Condition?: unknown }).Condition !== undefined)
      .map(([id, r]) => ({
        resource: id,
        what: `${id} exists only when the condition ${JSON.stringify((r as Resource & { Condition?: unknown }).Condition)} holds`,
      }));

  for (const [aliasId, alias] of of('AWS::Lex::BotAlias')) {
    const foreignAudio: Array<{ resource: string; what: string }> = [];
    const botId = refId(alias.Properties?.BotId);
    const bot = botId ? res[botId] : undefined;
    const agent = agentOf(alias) ?? agentOf(bot) ?? aliasId;
    const settings = obj(alias.Properties?.ConversationLogSettings);
    const agentKeys = ofAgent(agent, 'AWS::KMS::Key').map(([id]) => keys.get(id)!);
    const stores: StorePosture[] = [];
    const detectors: string[] = [];
    const custom: string[] = [];
    const redaction: string[] = [];

    const logs = logStore(res, settings, 'conversation logs');
    const groupId = logs?.resource;
    const dpp = obj(groupId ? res[groupId]?.Properties?.DataProtectionPolicy : undefined);
    const customNames = new Set(arr(obj(dpp.Configuration).CustomDataIdentifier).map((c) => obj(c).Name));
    // Every Deidentify/Audit statement's identifiers count only when the masking statement names them.
    const maskStatements = arr(dpp.Statement)
      .map(obj)
      .filter((s) => Object.keys(obj(s.Operation)).includes('Deidentify'));
    const maskStatement = maskStatements[0];
    const agentUnverified: Array<{ resource: string; what: string }> = [];
    if (maskStatements.length > 1 && groupId)
      agentUnverified.push({
        resource: groupId,
        what: `the data protection policy has ${maskStatements.length} Deidentify statements; CloudWatch accepts one, and this reader cannot tell which applies`,
      });
    for (const id of arr(maskStatement?.DataIdentifier)) {
      const name = identifierName(id);
      (customNames.has(name) ? custom : detectors).push(name);
    }
    if (logs) {
      stores.push(logs);
      if (logs.redactedBy.length > 0) redaction.push('CloudWatch Logs data protection');
    }

    const slots = arr(bot?.Properties?.BotLocales).flatMap((l) =>
      arr(obj(l).Intents).flatMap((i) => arr(obj(i).Slots)),
    );
    const obfuscated = slots.filter(
      (s) => obj(obj(s).ObfuscationSetting).ObfuscationSettingType === 'DefaultObfuscation',
    ).length;
    if (obfuscated > 0) redaction.push(`Lex slot obfuscation (${obfuscated} of ${slots.length} slots)`);

    // The built-in test alias logs too; a destination other than the live alias's is a store of its own.
    const testLogs = logStore(
      res,
      obj(obj(bot?.Properties?.TestBotAliasSettings).ConversationLogSettings),
      'test alias logs',
    );
    if (testLogs && testLogs.resource !== groupId) stores.push(testLogs);

    const audio = arr(settings.AudioLogSettings)
      .map(obj)
      .find((s) => s.Enabled !== false);
    const s3 = obj(obj(audio?.Destination).S3Bucket);
    const bucketId = refId(s3.S3BucketArn);
    const bucket = bucketId ? res[bucketId] : undefined;
    if (bucket && bucketId) {
      const rules = arr(obj(bucket.Properties?.LifecycleConfiguration).Rules).map(obj);
      const versioned = obj(bucket.Properties?.VersioningConfiguration).Status === 'Enabled';
      // On a versioned bucket an expired object becomes a noncurrent version: without a noncurrent expiry it stays.
      const noncurrent = rules.some(
        (r) =>
          r.Status !== 'Disabled' &&
          !r.Prefix &&
          !r.Filter &&
          (typeof r.NoncurrentVersionExpirationInDays === 'number' ||
            typeof obj(r.NoncurrentVersionExpiration).NoncurrentDays === 'number'),
      );
      const expiry =
        versioned && !noncurrent
          ? []
          : rules
              .filter(
                (r) => r.Status !== 'Disabled' && typeof r.ExpirationInDays === 'number' && !r.Prefix && !r.Filter,
              )
              .map((r) => r.ExpirationInDays as number);
      const sse = obj(
        obj(arr(obj(bucket.Properties?.BucketEncryption).ServerSideEncryptionConfiguration)[0])
          .ServerSideEncryptionByDefault,
      );
      const lexKey = refId(s3.KmsKeyArn);
      const bucketKey = refId(sse.KMSMasterKeyID);
      const keyId = lexKey ?? (sse.SSEAlgorithm === 'aws:kms' ? bucketKey : undefined);
      const pab = obj(bucket.Properties?.PublicAccessBlockConfiguration);
      stores.push({
        kind: 'audio',
        name: STORE_NAME.lexAudio,
        resource: bucketId,
        retention: {
          configuredSeconds: expiry.length > 0 ? Math.min(...expiry) * DAY : undefined,
          lag: LAG.s3Lifecycle,
        },
        encryption: keyId ? { kind: 'customer', key: keyId } : { kind: 'provider' },
        redactedBy: [],
        public: !(pab.BlockPublicAcls && pab.BlockPublicPolicy && pab.IgnorePublicAcls && pab.RestrictPublicBuckets),
        sensitive: true,
        readers: audioReaders(idx, bucketId, keyId ? keys.get(keyId) : undefined),
      });
    } else if (audio && s3.S3BucketArn !== undefined) {
      // A bucket this template does not define (yours, imported by name): its lifecycle, public access and readers
      // are not here. The store is still listed, kept without a limit the report can see, and said to be unread.
      const arn = principalText(s3.S3BucketArn) ?? JSON.stringify(s3.S3BucketArn);
      const lexKey = refId(s3.KmsKeyArn) ?? (typeof s3.KmsKeyArn === 'string' ? s3.KmsKeyArn : undefined);
      stores.push({
        kind: 'audio',
        name: STORE_NAME.lexAudio,
        resource: arn,
        retention: { configuredSeconds: undefined, lag: LAG.s3Lifecycle },
        encryption: lexKey ? { kind: 'customer', key: lexKey } : { kind: 'provider' },
        redactedBy: [],
        public: false,
        sensitive: true,
        readers: [IMPLICIT_READERS.s3ObjectReaders],
      });
      foreignAudio.push({
        resource: arn,
        what: `audio logs go to ${arn}, a bucket this template does not define: its lifecycle, public access block and bucket policy are not read`,
      });
    }

    for (const [topicId, topic] of ofAgent(agent, 'AWS::MSK::Topic')) {
      let ms: number | undefined;
      let segmentMs: number | undefined;
      try {
        const raw = topic.Properties?.Configs;
        const decoded =
          typeof raw === 'string' ? Buffer.from(raw, 'base64').toString('utf8') : String(obj(raw)['Fn::Base64']);
        const configs = obj(JSON.parse(decoded));
        ms = Number(configs['retention.ms']);
        segmentMs = configs['segment.ms'] === undefined ? undefined : Number(configs['segment.ms']);
      } catch {
        ms = undefined;
      }
      const clusterId = refId(topic.Properties?.ClusterArn);
      const cluster = clusterId ? res[clusterId] : undefined;
      const key = refId(obj(obj(cluster?.Properties?.EncryptionInfo).EncryptionAtRest).DataVolumeKMSKeyId);
      stores.push({
        kind: 'anonymized-topic',
        name: String(topic.Properties?.TopicName),
        resource: topicId,
        retention: {
          configuredSeconds: ms !== undefined && Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined,
          lag: kafkaLagOf(segmentMs),
        },
        encryption: key ? { kind: 'customer', key } : { kind: 'provider' },
        redactedBy: ['anonymized before publishing'],
        public: false,
        sensitive: false,
        readers: [IMPLICIT_READERS.mskClients],
      });
    }

    const denies = ofAgent(agent, 'AWS::IAM::ManagedPolicy').filter(([, r]) =>
      list(obj(r.Properties?.PolicyDocument).Statement)
        .map(obj)
        .some((st) => st.Effect === 'Deny' && allowsAny(st, UNMASK_ACTIONS)),
    );
    const denyUnmask = denies.length > 0;
    // An identity policy denies only for the identities it is attached to: its own Roles, Groups and Users, or a
    // role, group or user of the template that lists it (ManagedPolicyArns) or has it as permissions boundary.
    const denyUnmaskAttachedTo = denies.flatMap(([id, r]) => {
      const own = (['Roles', 'Groups', 'Users'] as const).flatMap((k) =>
        arr(r.Properties?.[k]).map(
          (v) => `${k.slice(0, -1).toLowerCase()} ${typeof v === 'string' ? v : (refId(v) ?? JSON.stringify(v))}`,
        ),
      );
      const byOthers = [...of('AWS::IAM::Role'), ...of('AWS::IAM::Group'), ...of('AWS::IAM::User')]
        .filter(
          ([, x]) =>
            arr(x.Properties?.ManagedPolicyArns).some((v) => refId(v) === id) ||
            refId(x.Properties?.PermissionsBoundary) === id,
        )
        .map(([xid, x]) => `${x.Type.split('::')[2].toLowerCase()} ${xid}`);
      return [...own, ...byOthers];
    });
    agents.push({
      agent,
      platform: 'lex',
      source,
      attachedVia: aliasId,
      ...(bot ? { liveVersion: liveVersionOf(alias, bot, res) } : {}),
      detection: lexDetection(ofAgent(agent, 'AWS::Bedrock::Guardrail')),
      denyUnmask,
      denyUnmaskAttachedTo,
      detectors,
      customPatterns: custom,
      redaction,
      attached: redaction.includes('CloudWatch Logs data protection') && Boolean(refId(s3.KmsKeyArn)),
      stores,
      keys: agentKeys,
      generative: lexGenerative(bot, res),
      unverified: [
        ...agentKeys.flatMap((k) => keyUnverified(k.resource, res[k.resource])),
        ...agentUnverified,
        ...foreignAudio,
        ...conditional(agent),
        ...outsideTheModel,
      ],
    });
  }

  // An agent whose resources are here but whose bot is not (a lex agent without `create`, synthesized on its own):
  // its stores exist and protect nothing until a bot logs to them. It is reported, unattached, never left out.
  const seen = new Set(agents.map((a) => a.agent));
  const orphans = new Map<string, string[]>();
  for (const [id, r] of Object.entries(res)) {
    const tagged = r.Metadata?.[AGENT_KEY];
    if (typeof tagged === 'string' && !seen.has(tagged)) orphans.set(tagged, [...(orphans.get(tagged) ?? []), id]);
  }
  for (const [agent, ids] of orphans) {
    const agentKeys = [...keys.entries()].filter(([id]) => ids.includes(id)).map(([, k]) => k);
    const groups = ids.filter((id) => res[id].Type === 'AWS::Logs::LogGroup');
    // A data protection audit destination holds findings, not conversations (as for an attached bot).
    const policies = groups.map((id) => JSON.stringify(res[id].Properties?.DataProtectionPolicy ?? null)).join('\n');
    const name = (id: string) => res[id].Properties?.LogGroupName;
    const isAuditDestination = (id: string) =>
      policies.includes(JSON.stringify({ Ref: id })) ||
      (typeof name(id) === 'string' && policies.includes(JSON.stringify(name(id))));
    const stores = groups
      .filter((id) => !isAuditDestination(id))
      .map((id) => groupStore(res, id, id, String(res[id].Properties?.LogGroupName ?? id)));
    agents.push({
      agent,
      platform: 'lex',
      source,
      detectors: [],
      customPatterns: [],
      redaction: [],
      attached: false,
      stores,
      keys: agentKeys,
      unverified: [...agentKeys.flatMap((k) => keyUnverified(k.resource, res[k.resource])), ...outsideTheModel],
    });
  }
  return withChecks(agents, cloudFormationChecks(res, agentOf, refId));
}
