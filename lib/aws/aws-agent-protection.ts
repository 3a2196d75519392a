import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import { ATTRIBUTION } from '../attribution';
import { Annotations, Aws, CfnResource, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import { denyUnmaskDocument } from '../policy/platforms';
import { Construct } from 'constructs';
import type { LexAgentPlan } from '../policy/plan';
import { AnonymizedTopics } from './anonymized-topics';
import { unsupportedAwsCdkLib } from './compat';
import { ConstructPropsError } from './errors';
import { LexBotProtection } from './lex-bot-protection';
import { MacieIdentifiers } from './macie-identifiers';
import { PiiGuardrail } from './pii-guardrail';
import { ProtectedLogGroup } from './protected-log-group';
import { RedactionVerification } from './redaction-verification';
import { SensitiveBucket } from './sensitive-bucket';
import { SensitiveDataKey } from './sensitive-data-key';

export interface AwsAgentProtectionProps {
  /** The plan of one `lex` agent (`agentPlan(plan(policy), 'name', 'lex')`). */
  readonly plan: LexAgentPlan;
  /** A bot declared in the same stack, instead of the policy's `create`. @default created from the policy */
  readonly bot?: lex.CfnBot;
  /** With `bot`: its alias. @default none (required with `bot`) */
  readonly botAlias?: lex.CfnBotAlias;
  /** With `bot`: its role. @default none (required with `bot`) */
  readonly botRole?: iam.IRole;
  /**
   * Also create Macie custom data identifiers for the policy's custom patterns.
   * @default the plan's `macie`
   */
  readonly macie?: boolean;
}

/**
 * Everything that protects one Lex V2 agent of a policy: key, audio bucket, protected log group, the bot (or
 * yours) with conversation logs and slot obfuscation, anonymized topics, and optionally Macie identifiers.
 *
 * Construct ids are stable API (they name logical ids): `Key`, `AudioBucket`, `ConversationLogs`, `Bot`, `Topics`, `Macie`, `Verify`.
 */
export class AwsAgentProtection extends Construct {
  /** The plan this construct applies; `ConvoGuardChecks` compares the synthesized output with it. */
  public readonly convoguardPlan: LexAgentPlan;
  public readonly key: SensitiveDataKey;
  public readonly audioBucket: SensitiveBucket;
  public readonly conversationLogs: ProtectedLogGroup;
  public readonly bot?: LexBotProtection;
  public readonly topics?: AnonymizedTopics;
  public readonly macie?: MacieIdentifiers;
  /** The Bedrock guardrail of the bot's generative features (policy `generative`). */
  public readonly guardrail?: PiiGuardrail;
  /** The alarm, alert topic and Macie job that prove redaction held (policy verify). */
  public readonly verification?: RedactionVerification;
  /** Denies logs:Unmask on this agent's log groups to all but the decrypters; attach it to roles or a permission boundary. */
  public readonly denyUnmask?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: AwsAgentProtectionProps) {
    super(scope, id);
    const plan = props.plan;
    if (plan.platform !== 'lex')
      throw new ConstructPropsError(this, `received the ${plan.platform} agent "${plan.name}"; expected a lex agent`);
    const unsupported = unsupportedAwsCdkLib();
    if (unsupported) throw new ConstructPropsError(this, unsupported);
    // The plan's names, identifiers and limits are for its region (and account): a stack elsewhere is refused.
    const stack = Stack.of(this);
    const where: string[] = [];
    if (!Token.isUnresolved(stack.region) && stack.region !== plan.region)
      where.push(`region ${stack.region} (the plan's agent "${plan.name}" is in ${plan.region})`);
    if (plan.account && !Token.isUnresolved(stack.account) && stack.account !== plan.account)
      where.push(`account ${stack.account} (the plan's is ${plan.account})`);
    if (where.length > 0)
      throw new ConstructPropsError(
        this,
        `this stack deploys to ${where.join(' and ')}; put the agent's protection in a stack with env { region: '${plan.region}'${plan.account ? `, account: '${plan.account}'` : ''} }`,
      );
    if (Token.isUnresolved(stack.region)) {
      Annotations.of(this).addWarningV2(
        'convoguard:region-unchecked',
        `the stack is environment-agnostic: deploy it to ${plan.region} only, the region the plan of agent "${plan.name}" was checked for`,
      );
    }
    this.convoguardPlan = plan;
    const names = plan.names;

    this.key = new SensitiveDataKey(this, 'Key', {
      alias: names.kmsAlias,
      rotationPeriod: Duration.days(plan.encryption.rotationDays),
      pendingWindow: Duration.days(plan.encryption.deletionWindowDays),
      decrypters: [...plan.decrypters],
      denyOtherDecrypters: plan.enforceDecrypters,
    });
    // With access.enforce, only the decrypters may read the audio: a bucket policy deny, since the key's deny exempts S3.
    this.audioBucket = new SensitiveBucket(this, 'AudioBucket', {
      key: this.key,
      expiration: Duration.days(plan.audioExpirationDays),
      ...(plan.enforceDecrypters ? { restrictReadsTo: [...plan.decrypters] } : {}),
    });
    this.conversationLogs = new ProtectedLogGroup(this, 'ConversationLogs', {
      logGroupName: names.logGroup,
      key: this.key,
      managedIdentifiers: [...plan.managedIdentifiers],
      customIdentifiers: plan.detection.patterns.map((p) => ({ name: p.name, regex: p.platformPattern })),
      dataProtectionPolicyName: names.dataProtectionPolicy,
      retention: plan.logRetentionDays,
    });

    if (plan.enforceDecrypters) {
      // No resource policy can restrict logs:Unmask: this policy denies it wherever it is attached (roles, a
      // permission boundary), and `convoguard synth` writes the same statement as an SCP document under out/aws/.
      const stack = Stack.of(this);
      const doc = denyUnmaskDocument(
        [names.logGroup, names.auditLogGroup],
        plan.decrypters,
        (n) => `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:log-group:${n}`,
      );
      // Attached to the identities access.denyUnmaskTo names (an identity policy denies only where it is attached);
      // attach it to more with `denyUnmask.attachToRole(...)`. Ids are the names: a removed role moves no other.
      const t = plan.denyUnmaskTo ?? { roles: [], groups: [], users: [] };
      this.denyUnmask = new iam.ManagedPolicy(this, 'DenyUnmask', {
        description: `convoguard: denies logs:Unmask on the conversation logs of ${plan.name} to everyone but access.decrypters`,
        document: iam.PolicyDocument.fromJson(doc),
        roles: t.roles.map((n) => iam.Role.fromRoleName(this, `UnmaskRole-${n}`, n)),
        groups: t.groups.map((n) => iam.Group.fromGroupName(this, `UnmaskGroup-${n}`, n)),
        users: t.users.map((n) => iam.User.fromUserName(this, `UnmaskUser-${n}`, n)),
      });
    }

    const g = plan.generative;
    if (g) {
      const gr = g.guardrail;
      this.guardrail = new PiiGuardrail(this, 'Guardrail', {
        name: gr.name,
        blockedMessage: gr.blockedMessage,
        piiEntities: [...gr.piiEntities],
        regexes: [...gr.regexes],
      });
    }
    const guardrail =
      this.guardrail && g
        ? {
            arn: this.guardrail.guardrailArn,
            version: this.guardrail.guardrailVersion,
            traceStatus: g.guardrail.traceStatus,
          }
        : undefined;
    const generative = g?.modelArn
      ? { modelArn: g.modelArn, assistedSlotResolution: g.assistedSlotResolution, ...(g.qna ? { qna: g.qna } : {}) }
      : undefined;
    if (plan.create || props.bot) {
      this.bot = new LexBotProtection(this, 'Bot', {
        ...(guardrail ? { guardrail } : {}),
        key: this.key,
        logGroup: this.conversationLogs,
        audioBucket: this.audioBucket,
        kinds: plan.detection.kinds.map((k) => k.kind),
        obfuscateAllSlots: plan.obfuscateAllSlots,
        sensitiveSlotTypes: [...plan.sensitiveSlotTypes],
        ...(props.bot
          ? { bot: props.bot, botAlias: props.botAlias, botRole: props.botRole }
          : plan.create
            ? {
                create: {
                  name: names.lexBot,
                  locale: plan.create.locale,
                  idleSessionTtlSeconds: plan.create.idleSessionTtlSeconds,
                  intents: plan.create.intents.map((i) => ({
                    name: i.name,
                    utterances: [...i.utterances],
                    slots: [...i.slots],
                  })),
                  ...(generative ? { generative } : {}),
                },
              }
            : {}),
      });
    }

    const kafka = plan.kafka;
    if (kafka && plan.topics.length > 0) {
      this.topics = new AnonymizedTopics(this, 'Topics', {
        key: this.key,
        topics: plan.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions,
          replicationFactor: t.replicationFactor,
          retentionMs: t.retentionMs,
        })),
        ...('clusterArn' in kafka
          ? { clusterArn: kafka.clusterArn }
          : {
              cluster: {
                clusterName: names.mskCluster,
                subnetIds: [...kafka.subnetIds],
                securityGroupIds: kafka.securityGroupIds ? [...kafka.securityGroupIds] : undefined,
                brokerInstanceType: kafka.brokerInstanceType,
              },
            }),
      });
    }

    if (props.macie ?? plan.macie) {
      this.macie = new MacieIdentifiers(this, 'Macie', {
        patterns: plan.detection.patterns.filter((p) => p.origin === 'custom'),
        enableMacie: plan.macieSession,
      });
    }
    const v = plan.verify;
    if (v) {
      const scan = v.scan;
      this.verification = new RedactionVerification(this, 'Verify', {
        key: this.key,
        ...('existing' in v.topic ? { topicArn: v.topic.existing } : { topicName: v.topic.create }),
        emails: [...(v.emails ?? [])],
        alarm: { name: v.alarm.name, logGroupName: v.alarm.logGroup },
        ...(v.missAlarm
          ? {
              missAlarm: {
                name: v.missAlarm.name,
                logGroupName: v.missAlarm.logGroup,
                metricNamespace: v.missAlarm.metricNamespace,
                metricName: v.missAlarm.metricName,
                filterPatterns: v.missAlarm.filters.map((f) => f.filterPattern),
                dependsOn: [this.conversationLogs],
              },
            }
          : {}),
        ...(scan
          ? {
              macieJob: {
                name: scan.jobName,
                frequency: scan.frequency,
                exports: scan.exports.flatMap((e) => (e.service === 's3' ? [{ bucket: e.bucket, path: e.path }] : [])),
                customDataIdentifiers: (this.macie?.identifiers ?? []).map((i) => ({
                  id: i.attrId,
                  name: i.name,
                  regex: i.regex,
                })),
                ...(this.macie ? { dependsOn: [this.macie] } : {}),
              },
            }
          : {}),
      });
    }
    attributeToAgent(this, plan.name, ...(props.bot ? [props.bot] : []), ...(props.botAlias ? [props.botAlias] : []));
  }
}

/** CloudFormation metadata key and tag that name the agent a resource protects; the report reads it. */
export const AGENT_ATTRIBUTION_KEY = ATTRIBUTION.cfnAgent;

/**
 * Marks every CloudFormation resource under `scope` (and the bot's, when it lives elsewhere) as protecting `agent`:
 * a `convoguard:agent` tag where the resource type takes tags, and the same key in its metadata everywhere, so the
 * report attributes resources explicitly instead of by construct path.
 */
export function attributeToAgent(scope: Construct, agent: string, ...extra: Construct[]): void {
  Tags.of(scope).add(AGENT_ATTRIBUTION_KEY, agent);
  for (const root of [scope, ...extra]) {
    for (const c of root.node.findAll()) if (CfnResource.isCfnResource(c)) c.addMetadata(AGENT_ATTRIBUTION_KEY, agent);
  }
}
