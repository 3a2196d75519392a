/** CloudWatch Logs around a Lex bot: the audit log group, and the logs:Unmask deny with whom it is attached to. */
import type { LexAgentPlan } from '../../plan-types';

/** The log group that receives CloudWatch data protection audit findings of `logGroupName`. */
export function auditLogGroupName(logGroupName: string): string {
  return `${logGroupName}-data-protection-audit`;
}

/** Whom a lex agent's DenyUnmask policy is attached to, as `role X`, `group Y`, `user Z`. */
export function denyUnmaskTargets(plan: Pick<LexAgentPlan, 'denyUnmaskTo'>): string[] {
  const t = plan.denyUnmaskTo ?? { roles: [], groups: [], users: [] };
  return [...t.roles.map((n) => `role ${n}`), ...t.groups.map((n) => `group ${n}`), ...t.users.map((n) => `user ${n}`)];
}

/**
 * An IAM policy document that denies logs:Unmask on the agent's log groups to every principal but the decrypters.
 * `arnOf` builds a log group ARN from its name (with the account and region, or `*` for an SCP).
 */
export function denyUnmaskDocument(
  logGroupNames: readonly string[],
  decrypters: readonly string[],
  arnOf: (name: string) => string,
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUnmaskOfConvoguardLogs',
        Effect: 'Deny',
        Action: 'logs:Unmask',
        Resource: logGroupNames.flatMap((n) => [arnOf(n), `${arnOf(n)}:*`]),
        ...(decrypters.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalArn': [...decrypters] } } } : {}),
      },
    ],
  };
}
