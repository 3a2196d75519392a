/**
 * Who may be named as a decrypter, on each cloud: one definition that validation, the constructs and the report use.
 */

/** An IAM role or user ARN, without wildcards. */
export const AWS_DECRYPTER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;

/** Google Cloud IAM members that stand for everyone. */
export const PUBLIC_GCP_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];

/** The member forms a decrypter may take: one person, one group, one service account. */
export const GCP_DECRYPTER_MEMBER = /^(user|group|serviceAccount):[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** True for a member that stands for everyone or for a whole population (public, wildcard, domain, principal set). */
export function isBroadGcpMember(member: string): boolean {
  return (
    PUBLIC_GCP_MEMBERS.includes(member) ||
    member.includes('*') ||
    /^(domain:|principalSet:\/\/|principal:\/\/goog\/subject\/anyone)/.test(member) ||
    /public:all/.test(member)
  );
}

/** Why a Google Cloud member cannot decrypt, or undefined when it can. */
export function gcpDecrypterProblem(member: string): string | undefined {
  if (isBroadGcpMember(member))
    return `received ${JSON.stringify(member)}; public, wildcard, domain-wide and principal-set members may never decrypt sensitive data`;
  if (!GCP_DECRYPTER_MEMBER.test(member))
    return `received ${JSON.stringify(member)}; expected one person, group or service account such as group:privacy-officers@example.com`;
  return undefined;
}

/** Why an AWS principal cannot decrypt, or undefined when it can. */
export function awsDecrypterProblem(arn: string): string | undefined {
  if (!AWS_DECRYPTER_ARN.test(arn))
    return `received ${JSON.stringify(arn)}; expected an IAM role or user ARN such as arn:aws:iam::111122223333:role/PrivacyOfficer (no wildcards)`;
  return undefined;
}
