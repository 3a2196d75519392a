/** The names a lex agent's resources get, and the fixed words the plan and the report share about them. */
import { resourcePrefix } from '../../names';
import type { LexAgentPlan } from '../../plan-types';
import type { LexAgentSpec } from '../../schema';
import { auditLogGroupName } from './logs';

/** Who can connect to an MSK cluster created without kafka.securityGroupIds (MSK uses the VPC's default group). */
export const MSK_DEFAULT_SECURITY_GROUP =
  "The MSK cluster has no security group of its own (kafka.securityGroupIds is empty), so MSK puts its brokers in the VPC's default security group: every resource in that group can connect. Give kafka.securityGroupIds a group that admits the Rasa hosts and the topics' readers only.";
/** What no CloudFormation resource can set on MSK: Kafka ACLs. */
export const MSK_NO_ACLS =
  'convoguard sets no Kafka ACLs (CloudFormation has no resource for them): every SASL/SCRAM user can read and write every topic of the cluster, and IAM principals whatever their kafka-cluster policies allow. Add ACLs with a Kafka admin client if other SCRAM users share the cluster.';

export const REDACTED_BY_CLOUDWATCH = 'CloudWatch Logs data protection (masks with *)';

export function names(policyName: string, agent: LexAgentSpec): LexAgentPlan['names'] {
  const prefix = resourcePrefix(policyName, agent.name);
  const logGroup = `/convoguard/${prefix}/lex-conversations`;
  return {
    kmsAlias: `alias/convoguard/${prefix}`,
    logGroup,
    auditLogGroup: auditLogGroupName(logGroup),
    dataProtectionPolicy: `${prefix}-data-protection`,
    lexBot: prefix,
    mskCluster: `${prefix}-events`,
    alertTopic: `${prefix}-redaction-alerts`,
    findingsAlarm: `${prefix}-log-findings-rise`,
    missAlarm: `${prefix}-unmasked-values`,
    macieJob: `${prefix}-exports`,
  };
}
