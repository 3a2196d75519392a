import * as iam from 'aws-cdk-lib/aws-iam';
import * as lex from 'aws-cdk-lib/aws-lex';
import * as logs from 'aws-cdk-lib/aws-logs';
import { parseDuration } from '../policy/duration';
import { Construct } from 'constructs';
import type { AgentPlan } from '../policy/plan';
import type { LexAgentSpec } from '../policy/schema';
import { AnonymizedTopics } from './anonymized-topics';
import { ConstructPropsError } from './errors';
import { LexBotProtection } from './lex-bot-protection';
import { MacieIdentifiers } from './macie-identifiers';
import { ProtectedLogGroup } from './protected-log-group';
import { SensitiveBucket } from './sensitive-bucket';
import { SensitiveDataKey } from './sensitive-data-key';

export interface AwsAgentProtectionProps {
  /** The plan of one `lex` agent (`plan(policy).agents[i]`). */
  readonly plan: AgentPlan;
  /** A bot declared in the same stack, instead of the policy's `create`. @default created from the policy */
  readonly bot?: lex.CfnBot;
  /** With `bot`: its alias. */
  readonly botAlias?: lex.CfnBotAlias;
  /** With `bot`: its role. */
  readonly botRole?: iam.IRole;
  /**
   * Also create Macie custom data identifiers for the policy's custom patterns.
   * @default false
   */
  readonly macie?: boolean;
}

/**
 * Everything that protects one Lex V2 agent of a policy: key, audio bucket, protected log group, the bot (or
 * yours) with conversation logs and slot obfuscation, anonymized topics, and optionally Macie identifiers.
 *
 * Construct ids are stable API (they name logical ids): `Key`, `AudioBucket`, `ConversationLogs`, `Bot`, `Topics`, `Macie`.
 */
export class AwsAgentProtection extends Construct {
  public readonly key: SensitiveDataKey;
  public readonly audioBucket: SensitiveBucket;
  public readonly conversationLogs: ProtectedLogGroup;
  public readonly bot?: LexBotProtection;
  public readonly topics?: AnonymizedTopics;
  public readonly macie?: MacieIdentifiers;

  constructor(scope: Construct, id: string, props: AwsAgentProtectionProps) {
    super(scope, id);
    const plan = props.plan;
    if (plan.platform !== 'lex') throw new ConstructPropsError(this, `received the ${plan.platform} agent "${plan.name}"; expected a lex agent`);
    const spec = plan.spec as LexAgentSpec;
    const names = plan.names.names;

    this.key = new SensitiveDataKey(this, 'Key', {
      alias: names.kmsAlias!,
      rotationDays: plan.encryption.rotationDays,
      pendingWindowDays: plan.encryption.deletionWindowDays,
      decrypters: [...plan.decrypters],
    });
    this.audioBucket = new SensitiveBucket(this, 'AudioBucket', { key: this.key, expirationDays: plan.retention.sensitiveDays });
    const managed = plan.detection.kinds.flatMap((k) => (k.coverage === 'builtin' ? k.detectors : []));
    this.conversationLogs = new ProtectedLogGroup(this, 'ConversationLogs', {
      logGroupName: names.logGroup!,
      key: this.key,
      managedIdentifiers: managed,
      customIdentifiers: plan.detection.patterns.map((p) => ({ name: p.name, regex: p.platformPattern })),
      dataProtectionPolicyName: names.dataProtectionPolicy!,
      retention: retentionDaysAtMost(plan.retention.sensitiveDays),
    });

    if (spec.create || props.bot) {
      this.bot = new LexBotProtection(this, 'Bot', {
        key: this.key,
        logGroup: this.conversationLogs,
        audioBucket: this.audioBucket,
        kinds: plan.detection.kinds.map((k) => k.kind),
        obfuscateAllSlots: spec.obfuscateAllSlots,
        ...(props.bot
          ? { bot: props.bot, botAlias: props.botAlias, botRole: props.botRole }
          : { create: { name: plan.names.prefix, locale: spec.create!.locale, idleSessionTtlSeconds: parseDuration(spec.create!.idleSessionTtl)!.seconds } }),
      });
    }

    if (spec.kafka && plan.topics.length > 0) {
      this.topics = new AnonymizedTopics(this, 'Topics', {
        key: this.key,
        topics: plan.topics.map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, retentionMs: t.retentionMs })),
        ...(spec.kafka.clusterArn
          ? { clusterArn: spec.kafka.clusterArn }
          : { cluster: { clusterName: names.mskCluster!, subnetIds: spec.kafka.subnetIds!, securityGroupIds: spec.kafka.securityGroupIds, brokerInstanceType: spec.kafka.brokerInstanceType } }),
      });
    }

    if (props.macie) {
      this.macie = new MacieIdentifiers(this, 'Macie', { patterns: plan.detection.patterns.filter((p) => p.origin === 'custom') });
    }
  }
}

/** The longest CloudWatch Logs retention that does not exceed `days` (never keeps logs longer than the policy allows). */
export function retentionDaysAtMost(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0 && v !== logs.RetentionDays.INFINITE).sort((a, b) => a - b);
  const fit = allowed.filter((v) => v <= days);
  return (fit.length > 0 ? fit[fit.length - 1] : allowed[0]) as logs.RetentionDays;
}
