/** Posture of Lex V2 agents from synthesized CloudFormation templates (cdk.out/<stack>.template.json). */
import { DAY } from '../policy/duration';
import { LEX_GENERATIVE_PATH } from '../policy/platforms/lex';
import { GenerativePath, IMPLICIT_READERS, LAG, Reader, STORE_NAME } from '../policy/posture';
import { cloudFormationChecks, withChecks } from './read-verification';
import { definitionOfVersion, lexDefinitionHash } from './lex-version';
import type { AgentPosture, DeidentifyRule, DetectionSettings, KeyPosture, StorePosture } from './model';

type Json = Record<string, unknown>;
interface Resource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly Metadata?: Json;
  readonly DeletionPolicy?: string;
}
interface Template {
  readonly Resources?: Record<string, Resource>;
}

/** CloudFormation metadata key convoguard writes on every resource it creates for an agent. */
const AGENT_KEY = 'convoguard:agent';

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** Logical id behind `{ Ref: id }` or `{ 'Fn::GetAtt': [id, attr] }`. */
export function refId(v: unknown): string | undefined {
  const o = obj(v);
  if (typeof o.Ref === 'string') return o.Ref;
  const ga = o['Fn::GetAtt'];
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  return undefined;
}

/** The agent a resource protects: its `convoguard:agent` metadata; output of older versions falls back to the construct path. */
function agentOf(r: Resource | undefined): string | undefined {
  const tagged = r?.Metadata?.[AGENT_KEY];
  if (typeof tagged === 'string') return tagged;
  const p = r?.Metadata?.['aws:cdk:path'];
  return typeof p === 'string' ? p.split('/')[1] : undefined;
}

/** The identifier name in `arn:…:dataprotection::aws:data-identifier/Name`, literal or inside Fn::Join. */
function identifierName(v: unknown): string {
  if (typeof v === 'string') return v.split('data-identifier/').pop() ?? v;
  const join = obj(v)['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1]))
    return identifierName(join[1].filter((x): x is string => typeof x === 'string').join(''));
  return JSON.stringify(v);
}

/** A principal as IAM reads it: a literal, or an Fn::Join of literals and pseudo-parameter references (`${AWS::Partition}`). */
function principalText(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  const join = obj(x)['Fn::Join'];
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const parts = join[1].map((p) =>
      typeof p === 'string' ? p : typeof obj(p).Ref === 'string' ? `\${${String(obj(p).Ref)}}` : undefined,
    );
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}

/**
 * The stack account's root, in each spelling IAM accepts: `arn:${AWS::Partition}:iam::${AWS::AccountId}:root`, the
 * same with the stack's account written out (a stack pinned to an account), the literal ARN in any partition, or the
 * bare account id. Another account's root is another principal, named as such.
 */
export function isOwnRoot(x: unknown, account?: string): boolean {
  const t = principalText(x);
  if (t === undefined) return false;
  const m = /^arn:(\$\{AWS::Partition\}|aws[a-z-]*):iam::(\$\{AWS::AccountId\}|\d{12}):root$/.exec(t);
  if (m) return m[2] === '${AWS::AccountId}' || m[2] === account;
  return account !== undefined && t === account;
}

/** A value or a list of values (IAM accepts both for Action, Principal.AWS, Resource). */
function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** The operations that give plaintext of data under a key. */
const DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'];
/** The operation that shows masked CloudWatch Logs values. */
const UNMASK_ACTIONS = ['logs:Unmask'];

/**
 * IAM's action matching: case-insensitive, `*` any run of characters, `?` one character. A greedy matcher with one
 * backtracking point, linear in the pattern for each action (no regular expression built from template text).
 */
export function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < a.length) {
    if (i < p.length && (p[i] === '?' || p[i] === a[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

/** Whether a statement's actions (Action, or everything but NotAction) include one of `actions`. */
function allowsAny(s: Json, actions: readonly string[]): boolean {
  if (s.NotAction !== undefined)
    return actions.some((a) => !list(s.NotAction).some((p) => typeof p === 'string' && actionMatches(p, a)));
  return list(s.Action).some((p) => typeof p === 'string' && actions.some((a) => actionMatches(p, a)));
}

function principals(p: unknown, account?: string): string[] {
  if (p === '*') return ['*'];
  const aws = obj(p).AWS;
  return list(aws).map((x) => (isOwnRoot(x, account) ? 'account root' : (principalText(x) ?? JSON.stringify(x))));
}

/** Whether a statement's actions include decryption. */
function decrypts(s: Json): boolean {
  return allowsAny(s, DECRYPT_ACTIONS);
}

/**
 * What in a policy document the reader cannot take at face value: an Effect other than exactly Allow or Deny, a
 * NotPrincipal, an action that is not a string, a Statement that is not a list. Each is reported as "cannot verify".
 */
function statementsUnverified(doc: unknown, where: string): string[] {
  const statements = obj(doc).Statement;
  if (doc !== undefined && !Array.isArray(statements)) return [`${where}: Statement is not a list`];
  const out: string[] = [];
  arr(statements).forEach((raw, i) => {
    const s = obj(raw);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      out.push(`${where}: Statement[${i}] has Effect ${JSON.stringify(s.Effect)} (expected exactly "Allow" or "Deny")`);
    if (s.NotPrincipal !== undefined)
      out.push(`${where}: Statement[${i}] uses NotPrincipal, which grants to everyone it does not name`);
    const actions = [...list(s.Action), ...list(s.NotAction)];
    if (actions.some((a) => typeof a !== 'string'))
      out.push(
        `${where}: Statement[${i}] has an action that is not a string: ${JSON.stringify(s.Action ?? s.NotAction).slice(0, 80)}`,
      );
  });
  return out;
}

/** A value the reader can use: a literal, not an intrinsic function it cannot resolve. */
function literal(v: unknown): boolean {
  return v === undefined || typeof v !== 'object' || v === null;
}

function readKey(id: string, k: Resource, account?: string): KeyPosture {
  const statements = list(obj(k.Properties?.KeyPolicy).Statement).map(obj);
  const decrypting = statements.filter((s) => s.Effect === 'Allow' && decrypts(s));
  // A deny of kms:Decrypt to every principal (with exceptions) takes direct decryption from the account root.
  const denied = statements.some(
    (s) => s.Effect === 'Deny' && principals(s.Principal, account).includes('*') && decrypts(s),
  );
  const all = decrypting
    .flatMap((s) => principals(s.Principal, account))
    .filter((p) => !(denied && p === 'account root'));
  // The deny's kms:ViaService exemptions: requests made through these services decrypt for whoever the service lets read.
  const via = statements
    .filter((s) => s.Effect === 'Deny' && decrypts(s))
    .flatMap((s) => list(obj(obj(s.Condition).StringNotEquals)['kms:ViaService']))
    .map((v) => (typeof v === 'string' ? (/^([a-z0-9-]+)\./.exec(v)?.[1] ?? v) : JSON.stringify(v)));
  return {
    resource: id,
    name: id,
    rotationDays:
      k.Properties?.EnableKeyRotation === true
        ? typeof k.Properties?.RotationPeriodInDays === 'number'
          ? k.Properties.RotationPeriodInDays
          : 365
        : undefined,
    deletionProtected: k.DeletionPolicy === 'Retain',
    decrypters: [...new Set(all.filter((p) => p !== 'account root'))].sort(),
    accountAdmins: all.includes('account root'),
    ...(via.length > 0 ? { throughServices: [...new Set(via)].sort() } : {}),
  };
}

function keyReaders(key: KeyPosture | undefined): Reader[] {
  if (!key) return [];
  return [
    ...key.decrypters.map((who) => ({ who, via: 'key policy', named: true })),
    key.accountAdmins ? IMPLICIT_READERS.awsAccountAdmins : IMPLICIT_READERS.awsKeyPolicyAdmins,
  ];
}

/** What cannot be verified about a key: rotation or its policy through functions the reader cannot resolve. */
function keyUnverified(id: string, k: Resource): Array<{ resource: string; what: string }> {
  const out: Array<{ resource: string; what: string }> = [];
  const p = k.Properties ?? {};
  if (!literal(p.EnableKeyRotation))
    out.push({ resource: id, what: `EnableKeyRotation is ${JSON.stringify(p.EnableKeyRotation)}` });
  if (!literal(p.RotationPeriodInDays))
    out.push({ resource: id, what: `RotationPeriodInDays is ${JSON.stringify(p.RotationPeriodInDays)}` });
  const policy = p.KeyPolicy;
  out.push(...statementsUnverified(policy, 'the key policy').map((what) => ({ resource: id, what })));
  return out;
}

/**
 * Resources outside the model that can give someone plaintext: KMS grants, IAM policies, roles, users and groups
 * whose statements allow kms:Decrypt or logs:Unmask (with wildcards and NotAction, as IAM reads them), and
 * subscription filters that copy a log group's events somewhere else.
 */
function grantsOutsideTheModel(res: Record<string, Resource>): Array<{ resource: string; what: string }> {
  const out: Array<{ resource: string; what: string }> = [];
  for (const [id, r] of Object.entries(res)) {
    if (r.Type === 'AWS::KMS::Grant')
      out.push({
        resource: id,
        what: `AWS::KMS::Grant ${id} can give ${JSON.stringify(r.Properties?.GranteePrincipal)} the key's operations`,
      });
    if (r.Type === 'AWS::Logs::SubscriptionFilter')
      out.push({
        resource: id,
        what: `AWS::Logs::SubscriptionFilter ${id} copies the events of ${JSON.stringify(r.Properties?.LogGroupName)} to ${JSON.stringify(r.Properties?.DestinationArn)}`,
      });
    const documents =
      r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
        ? [r.Properties?.PolicyDocument]
        : r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User' || r.Type === 'AWS::IAM::Group'
          ? arr(r.Properties?.Policies).map((x) => obj(x).PolicyDocument)
          : [];
    for (const d of documents) {
      const statements = list(obj(d).Statement).map(obj);
      const allows = statements.filter((s) => s.Effect === 'Allow');
      if (allows.some((s) => allowsAny(s, DECRYPT_ACTIONS)))
        out.push({ resource: id, what: `${r.Type} ${id} allows kms:Decrypt to its principals` });
      if (allows.some((s) => allowsAny(s, UNMASK_ACTIONS)))
        out.push({
          resource: id,
          what: `${r.Type} ${id} allows logs:Unmask (masked conversation logs in clear) to its principals`,
        });
      out.push(...statementsUnverified(d, `${r.Type} ${id}`).map((what) => ({ resource: id, what })));
    }
  }
  return out;
}

/**
 * The generative paths of a Lex bot: every Bedrock model specification (with the guardrail it names, or none), and
 * the Bedrock agent intents and assisted NLU, which have no guardrail field.
 */
function lexGenerative(bot: Resource | undefined, res: Record<string, Resource>): GenerativePath[] {
  const out: GenerativePath[] = [];
  const guardrailOf = (spec: unknown): Pick<GenerativePath, 'guardrail' | 'note'> => {
    const g = obj(obj(spec).BedrockGuardrailConfiguration);
    const id = g.BedrockGuardrailIdentifier;
    if (id === undefined) return {};
    const ref = refId(id);
    const target = ref ? res[ref] : undefined;
    const name =
      target?.Type === 'AWS::Bedrock::Guardrail' && typeof target.Properties?.Name === 'string'
        ? target.Properties.Name
        : typeof id === 'string'
          ? id
          : (ref ?? JSON.stringify(id));
    const version = g.BedrockGuardrailVersion;
    const traces =
      obj(spec).BedrockTraceStatus === 'ENABLED' ? 'Bedrock traces on: they keep prompts and responses' : undefined;
    const draft =
      version === undefined || version === 'DRAFT'
        ? 'version DRAFT: an edit in the console changes what runs'
        : undefined;
    const note = [draft, traces].filter(Boolean).join('; ');
    return { guardrail: name, ...(note ? { note } : {}) };
  };
  const add = (path: string, spec: unknown) => {
    if (spec !== undefined) out.push({ path, ...guardrailOf(spec) });
  };
  for (const raw of arr(bot?.Properties?.BotLocales)) {
    const l = obj(raw);
    const loc = String(l.LocaleId);
    const gen = obj(l.GenerativeAISettings);
    const build = obj(gen.BuildtimeSettings);
    const run = obj(gen.RuntimeSettings);
    const enabled = (h: unknown) => obj(h).Enabled !== false && h !== undefined;
    if (enabled(build.DescriptiveBotBuilderSpecification))
      add(
        LEX_GENERATIVE_PATH.descriptiveBotBuilder(loc),
        obj(build.DescriptiveBotBuilderSpecification).BedrockModelSpecification ?? {},
      );
    if (enabled(build.SampleUtteranceGenerationSpecification))
      add(
        LEX_GENERATIVE_PATH.sampleUtteranceGeneration(loc),
        obj(build.SampleUtteranceGenerationSpecification).BedrockModelSpecification ?? {},
      );
    // Assisted slot resolution sends text to Bedrock only for a slot set to EnhancedFallback (ASSISTED_SLOT_TYPES):
    // a locale setting without such a slot is no path, screened or not. (CloudFormation has no such slot setting
    // today; a raw override or a later schema that sets it makes the path real.)
    const assistedSlot = arr(l.Intents).some((ri) =>
      arr(obj(ri).Slots).some(
        (rs) =>
          obj(obj(obj(rs).ValueElicitationSetting).SlotResolutionSetting).SlotResolutionStrategy === 'EnhancedFallback',
      ),
    );
    if (enabled(run.SlotResolutionImprovementSpecification) && assistedSlot)
      add(
        LEX_GENERATIVE_PATH.slotResolution(loc),
        obj(run.SlotResolutionImprovementSpecification).BedrockModelSpecification ?? {},
      );
    if (enabled(run.NluImprovementSpecification))
      out.push({ path: LEX_GENERATIVE_PATH.assistedNlu(loc), note: 'Lex has no guardrail field for assisted NLU' });
    for (const ri of arr(l.Intents)) {
      const i = obj(ri);
      const qna = obj(i.QnAIntentConfiguration);
      if (i.QnAIntentConfiguration !== undefined)
        add(LEX_GENERATIVE_PATH.qnaIntent(String(i.Name), loc), qna.BedrockModelConfiguration ?? {});
      const agentIntent = obj(i.BedrockAgentIntentConfiguration);
      if (agentIntent.BedrockAgentIntentKnowledgeBaseConfiguration !== undefined)
        add(
          LEX_GENERATIVE_PATH.knowledgeBaseIntent(String(i.Name), loc),
          obj(agentIntent.BedrockAgentIntentKnowledgeBaseConfiguration).BedrockModelConfiguration ?? {},
        );
      if (agentIntent.BedrockAgentConfiguration !== undefined)
        out.push({
          path: LEX_GENERATIVE_PATH.bedrockAgentIntent(String(i.Name), loc),
          note: 'Lex has no guardrail field for a Bedrock agent: attach one to the agent in Bedrock',
        });
    }
  }
  return out;
}

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

/** What the agent's Bedrock guardrails do with each PII type and pattern (CloudWatch masks every identifier with *). */
function lexDetection(guardrails: Array<[string, Resource]>): DetectionSettings {
  const rules: DeidentifyRule[] = [];
  for (const [, g] of guardrails) {
    const cfg = obj(g.Properties?.SensitiveInformationPolicyConfig);
    for (const e of [...arr(cfg.PiiEntitiesConfig), ...arr(cfg.RegexesConfig)].map(obj)) {
      const action = String(e.Action ?? 'NONE');
      // Each direction acts when it is enabled and its action (InputAction/OutputAction, else Action) is not NONE
      // (detect only). One direction screened is weaker than both: the other carries what it would match.
      const acts = (enabled: unknown, dirAction: unknown) =>
        enabled !== false && String(dirAction ?? action) !== 'NONE';
      const prompts = acts(e.InputEnabled, e.InputAction);
      const responses = acts(e.OutputEnabled, e.OutputAction);
      const scope =
        prompts && responses ? '' : prompts ? ', prompts only' : responses ? ', responses only' : ', screens nothing';
      rules.push({
        subject: `guardrail ${String(e.Type ?? e.Name)}`,
        method: `${action}${scope}`,
        strength: prompts && responses ? 3 : prompts || responses ? 2 : 1,
        keeps: 0,
      });
    }
  }
  return { rules };
}

export interface CloudFormationContext {
  /** The account the stack deploys to, when it is pinned (a literal 12-digit id). */
  readonly account?: string;
}

export function readCloudFormation(t: Template, source: string, context: CloudFormationContext = {}): AgentPosture[] {
  const res = t.Resources ?? {};
  // Indexed once by type and by agent: a stack of hundreds of agents is read in one pass, not one pass per agent.
  const byType = new Map<string, Array<[string, Resource]>>();
  const byAgent = new Map<string, Array<[string, Resource]>>();
  for (const entry of Object.entries(res)) {
    const [, r] = entry;
    const typed = byType.get(r.Type);
    if (typed) typed.push(entry);
    else byType.set(r.Type, [entry]);
    const agent = agentOf(r);
    if (agent !== undefined) {
      const list = byAgent.get(agent);
      if (list) list.push(entry);
      else byAgent.set(agent, [entry]);
    }
  }
  const of = (type: string) => byType.get(type) ?? [];
  const ofAgent = (agent: string, type?: string) =>
    (byAgent.get(agent) ?? []).filter(([, r]) => type === undefined || r.Type === type);
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

  /**
   * Who reads a bucket's objects in the clear: with a bucket policy that denies s3:GetObject to every principal but
   * a list (the form SensitiveBucket writes), that list and whoever can change the policy; otherwise any principal
   * with s3:GetObject and kms:Decrypt (the key's deny exempts requests made through S3). A deny in another form is
   * not read as a restriction.
   */
  const audioReaders = (bucketId: string, key: KeyPosture | undefined): Reader[] => {
    const open = [...keyReaders(key), IMPLICIT_READERS.s3ObjectReaders];
    const policies = (byType.get('AWS::S3::BucketPolicy') ?? []).filter(
      ([, p]) => refId(p.Properties?.Bucket) === bucketId,
    );
    // S3 keeps one policy per bucket: two in the template leave which one deploys open, so neither is trusted.
    if (policies.length !== 1) return open;
    const [, p] = policies[0];
    // The deny must cover every object of this bucket (its ARN and /*), and its only condition must be an exemption by
    // aws:PrincipalArn. IAM compares condition operators and keys without case, so they are read without case too.
    const coversObjects = (r: unknown) => {
      const join = list(obj(r)['Fn::Join']);
      const parts = join.length === 2 ? list(join[1]) : [];
      return parts.length === 2 && refId(parts[0]) === bucketId && parts[1] === '/*';
    };
    for (const s of list(obj(p.Properties?.PolicyDocument).Statement).map(obj)) {
      const actions = list(s.Action).map(String);
      const everyone = s.Principal === '*' || obj(s.Principal).AWS === '*';
      if (
        s.Effect !== 'Deny' ||
        !everyone ||
        s.NotResource !== undefined ||
        !actions.includes('s3:GetObject') ||
        !actions.includes('s3:GetObjectVersion')
      )
        continue;
      if (!list(s.Resource).some(coversObjects)) continue;
      const operators = Object.entries(obj(s.Condition));
      if (operators.length === 0) return [IMPLICIT_READERS.bucketPolicyAdmins];
      if (operators.length !== 1 || operators[0][0].toLowerCase() !== 'arnnotequals') continue;
      const keys = Object.entries(obj(operators[0][1]));
      if (keys.length !== 1 || keys[0][0].toLowerCase() !== 'aws:principalarn') continue;
      return [
        ...list(keys[0][1]).map((a) => ({
          who: typeof a === 'string' ? a : JSON.stringify(a),
          via: "the bucket policy's read deny exempts it",
          named: true,
        })),
        IMPLICIT_READERS.bucketPolicyAdmins,
      ];
    }
    return open;
  };

  const logStore = (settings: unknown, label: string): StorePosture | undefined => {
    const text = arr(obj(settings).TextLogSettings)
      .map(obj)
      .find((s) => s.Enabled !== false);
    if (!text) return undefined;
    const arn = obj(obj(text.Destination).CloudWatch).CloudWatchLogGroupArn;
    return groupStore(refId(arn), arn, label);
  };
  const groupStore = (id: string | undefined, arn: unknown, label: string): StorePosture => {
    const group = id ? res[id] : undefined;
    const dpp = obj(group?.Properties?.DataProtectionPolicy);
    const masked = Object.keys(dpp).length > 0;
    const days = group?.Properties?.RetentionInDays;
    const kmsId = refId(group?.Properties?.KmsKeyId);
    return {
      kind: 'conversation-logs',
      name: typeof group?.Properties?.LogGroupName === 'string' ? group.Properties.LogGroupName : label,
      resource: id ?? JSON.stringify(arn),
      // A retention the reader cannot resolve (a Ref, Fn::If) reads as unlimited: the rules then fail it.
      retention: { configuredSeconds: typeof days === 'number' ? days * DAY : undefined, lag: LAG.cloudWatchRetention },
      encryption: kmsId ? { kind: 'customer', key: kmsId } : { kind: 'provider' },
      redactedBy: masked ? ['CloudWatch Logs data protection (masks with *)'] : [],
      public: false,
      sensitive: true,
      // CloudWatch decrypts for every reader it lets through (the key's deny exempts requests via logs): the key's
      // decrypters are not log readers. Masked, only logs:Unmask shows values; unmasked, every log reader does.
      readers: masked ? [IMPLICIT_READERS.logsUnmask] : [IMPLICIT_READERS.logsReaders],
    };
  };

  for (const [aliasId, alias] of of('AWS::Lex::BotAlias')) {
    const botId = refId(alias.Properties?.BotId);
    const bot = botId ? res[botId] : undefined;
    const agent = agentOf(alias) ?? agentOf(bot) ?? aliasId;
    const settings = obj(alias.Properties?.ConversationLogSettings);
    const agentKeys = ofAgent(agent, 'AWS::KMS::Key').map(([id]) => keys.get(id)!);
    const stores: StorePosture[] = [];
    const detectors: string[] = [];
    const custom: string[] = [];
    const redaction: string[] = [];

    const logs = logStore(settings, 'conversation logs');
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
        readers: audioReaders(bucketId, keyId ? keys.get(keyId) : undefined),
      });
    }

    for (const [topicId, topic] of ofAgent(agent, 'AWS::MSK::Topic')) {
      let ms: number | undefined;
      try {
        const raw = topic.Properties?.Configs;
        const decoded =
          typeof raw === 'string' ? Buffer.from(raw, 'base64').toString('utf8') : String(obj(raw)['Fn::Base64']);
        ms = Number(obj(JSON.parse(decoded))['retention.ms']);
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
          lag: LAG.kafkaRetention,
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
      .map((id) => groupStore(id, id, String(res[id].Properties?.LogGroupName ?? id)));
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
