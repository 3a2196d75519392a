/** Posture of Lex V2 agents from synthesized CloudFormation templates (cdk.out/<stack>.template.json). */
import { AgentPosture, DAY, KeyPosture, StorePosture } from './model';

type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any>; DeletionPolicy?: string };
interface Template {
  Resources?: Record<string, Resource>;
}

/** Logical id behind `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
export function refId(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  const ga = o['Fn::GetAtt'];
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  return undefined;
}

function agentOf(r: Resource): string | undefined {
  const p: string | undefined = r.Metadata?.['aws:cdk:path'];
  return p?.split('/')[1];
}

/** The identifier name in `arn:…:dataprotection::aws:data-identifier/Name`, literal or inside Fn::Join. */
function identifierName(v: unknown): string {
  if (typeof v === 'string') return v.split('data-identifier/').pop()!;
  const join = (v as Record<string, unknown>)?.['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return identifierName(join[1].filter((x) => typeof x === 'string').join(''));
  return JSON.stringify(v);
}

function principals(p: unknown): string[] {
  if (p === '*') return ['*'];
  if (!p || typeof p !== 'object') return [];
  const aws = (p as Record<string, unknown>).AWS;
  const list = Array.isArray(aws) ? aws : aws === undefined ? [] : [aws];
  return list.map((x) => (typeof x === 'string' ? x : isRoot(x) ? 'account root' : JSON.stringify(x)));
}

function isRoot(x: unknown): boolean {
  return JSON.stringify(x).includes(':root');
}

const DECRYPT = /^kms:(\*|Decrypt\*?)$/;

export function readCloudFormation(t: Template, source: string): AgentPosture[] {
  const res = t.Resources ?? {};
  const of = (type: string) => Object.entries(res).filter(([, r]) => r.Type === type);
  const agents: AgentPosture[] = [];

  const slotsObfuscated = of('AWS::Lex::Bot').reduce((n, [, r]) => {
    const locales: any[] = r.Properties?.BotLocales ?? [];
    return n + locales.flatMap((l) => (l.Intents ?? []).flatMap((i: any) => i.Slots ?? [])).filter((s: any) => s.ObfuscationSetting?.ObfuscationSettingType === 'DefaultObfuscation').length;
  }, 0);

  for (const [aliasId, alias] of of('AWS::Lex::BotAlias')) {
    const agent = agentOf(alias) ?? aliasId;
    const settings = alias.Properties?.ConversationLogSettings ?? {};
    const text = (settings.TextLogSettings ?? []).find((s: any) => s.Enabled !== false);
    const audio = (settings.AudioLogSettings ?? []).find((s: any) => s.Enabled !== false);
    const stores: StorePosture[] = [];
    const detectors: string[] = [];
    const custom: string[] = [];
    const redaction: string[] = [];

    const logGroupId = refId(text?.Destination?.CloudWatch?.CloudWatchLogGroupArn);
    const logGroup = logGroupId ? res[logGroupId] : undefined;
    if (logGroup) {
      const dpp = logGroup.Properties?.DataProtectionPolicy;
      const statement = dpp?.Statement?.[0];
      for (const id of statement?.DataIdentifier ?? []) {
        const name = identifierName(id);
        const isCustom = (dpp?.Configuration?.CustomDataIdentifier ?? []).some((c: any) => c.Name === name);
        (isCustom ? custom : detectors).push(name);
      }
      if (dpp) redaction.push('CloudWatch Logs data protection');
      const days = logGroup.Properties?.RetentionInDays;
      const kms = refId(logGroup.Properties?.KmsKeyId);
      stores.push({
        kind: 'conversation-logs',
        name: String(logGroup.Properties?.LogGroupName ?? logGroupId),
        resource: logGroupId!,
        retentionSeconds: typeof days === 'number' ? days * DAY : undefined,
        encryption: kms ? { kind: 'customer', key: kms } : { kind: 'provider' },
        redactedBy: dpp ? ['CloudWatch Logs data protection'] : [],
        public: false,
        sensitive: true,
      });
    }
    if (slotsObfuscated > 0) redaction.push(`Lex slot obfuscation (${slotsObfuscated} slots)`);

    const bucketId = refId(audio?.Destination?.S3Bucket?.S3BucketArn);
    const bucket = bucketId ? res[bucketId] : undefined;
    if (bucket) {
      const rules: any[] = bucket.Properties?.LifecycleConfiguration?.Rules ?? [];
      const expiry = rules.filter((r) => r.Status !== 'Disabled' && typeof r.ExpirationInDays === 'number' && !r.Prefix && !r.Filter).map((r) => r.ExpirationInDays as number);
      const sse = bucket.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault;
      const lexKey = refId(audio?.Destination?.S3Bucket?.KmsKeyArn);
      const bucketKey = refId(sse?.KMSMasterKeyID);
      const pab = bucket.Properties?.PublicAccessBlockConfiguration ?? {};
      stores.push({
        kind: 'audio',
        name: bucketId!,
        resource: bucketId!,
        // Expiry rounds to the next midnight UTC: up to a day more than the rule says.
        retentionSeconds: expiry.length > 0 ? (Math.min(...expiry) + 1) * DAY : undefined,
        encryption: lexKey || (sse?.SSEAlgorithm === 'aws:kms' && bucketKey) ? { kind: 'customer', key: lexKey ?? bucketKey } : sse ? { kind: 'provider' } : { kind: 'provider' },
        redactedBy: [],
        public: !(pab.BlockPublicAcls && pab.BlockPublicPolicy && pab.IgnorePublicAcls && pab.RestrictPublicBuckets),
        sensitive: true,
      });
    }

    for (const [topicId, topic] of of('AWS::MSK::Topic')) {
      if (agentOf(topic) !== agent) continue;
      let ms: number | undefined;
      try {
        const raw = topic.Properties?.Configs;
        const b64 = typeof raw === 'string' ? raw : raw?.['Fn::Base64'];
        const decoded = typeof raw === 'string' ? Buffer.from(raw, 'base64').toString('utf8') : String(b64);
        ms = Number(JSON.parse(decoded)['retention.ms']);
      } catch {
        ms = undefined;
      }
      const clusterId = refId(topic.Properties?.ClusterArn);
      const cluster = clusterId ? res[clusterId] : undefined;
      const key = refId(cluster?.Properties?.EncryptionInfo?.EncryptionAtRest?.DataVolumeKMSKeyId);
      stores.push({
        kind: 'anonymized-topic',
        name: String(topic.Properties?.TopicName),
        resource: topicId,
        retentionSeconds: ms !== undefined && Number.isFinite(ms) ? ms / 1000 : undefined,
        encryption: key ? { kind: 'customer', key } : { kind: 'provider' },
        redactedBy: ['anonymized before publishing'],
        public: false,
        sensitive: false,
      });
    }

    const keys: KeyPosture[] = of('AWS::KMS::Key')
      .filter(([, k]) => agentOf(k) === agent)
      .map(([keyId, k]) => {
        const statements: any[] = k.Properties?.KeyPolicy?.Statement ?? [];
        const decrypters = statements
          .filter((s) => s.Effect === 'Allow' && [].concat(s.Action).some((a: string) => DECRYPT.test(a)))
          .flatMap((s) => principals(s.Principal))
          .filter((p) => p !== 'account root');
        return {
          resource: keyId,
          name: keyId,
          rotationDays: k.Properties?.EnableKeyRotation ? (k.Properties?.RotationPeriodInDays ?? 365) : undefined,
          deletionProtected: k.DeletionPolicy === 'Retain',
          decrypters: [...new Set(decrypters)].sort(),
        };
      });

    agents.push({
      agent,
      platform: 'lex',
      source,
      detectors,
      customPatterns: custom,
      redaction,
      attached: Boolean(logGroup?.Properties?.DataProtectionPolicy) && Boolean(audio?.Destination?.S3Bucket?.KmsKeyArn),
      stores,
      keys,
    });
  }
  return agents;
}
