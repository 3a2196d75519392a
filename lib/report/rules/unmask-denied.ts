import type { PostureRule } from './rule';

/**
 * CloudWatch Logs masks at ingestion; `logs:Unmask` shows the original values, and no resource policy can restrict
 * it (IAM identity policies and SCPs only). An identity policy denies only for the roles, groups and users it is
 * attached to (IAM: "identity-based policies are attached to an IAM identity"), so a DenyUnmask policy attached to
 * nobody denies nothing. Whether an organization applies the SCP document is not in the output.
 */
export const unmaskDenied: PostureRule = {
  id: 'CG-UNMASK',
  severity: 'high',
  platforms: ['lex'],
  description:
    'The policy that denies logs:Unmask on the conversation logs is attached to an identity (access.denyUnmaskTo, or a role, group or user of the stack that uses it): an identity policy attached to nobody denies nothing.',
  check: (a) => {
    if (!a.denyUnmask || (a.denyUnmaskAttachedTo ?? []).length > 0) return [];
    return [
      {
        resource: a.source,
        message:
          'the DenyUnmask policy is attached to no role, group or user, so it denies logs:Unmask to nobody: anyone with logs:Unmask on the log group reads the masked values. List them in access.denyUnmaskTo, attach protection.denyUnmask in your app, or apply the SCP document under out/aws/ in your organization (not visible here)',
        planned: a.expected?.denyUnmaskTo !== undefined && a.expected.denyUnmaskTo.length === 0,
      },
    ];
  },
};
