/** Amazon Lex V2, CloudWatch Logs, AWS KMS and Bedrock limits convoguard checks a lex agent against. */

/** IdleSessionTTLInSeconds of AWS::Lex::Bot. */
export const LEX_IDLE_SESSION_TTL = { min: 60, max: 86_400 } as const;

/** AWS KMS automatic rotation period bounds (days). */
export const AWS_KMS_ROTATION_DAYS = { min: 90, max: 2560 } as const;

/** What the identity that runs `cdk deploy` needs, beyond the CDK bootstrap. */
export const LEX_DEPLOYER_NEEDS: readonly string[] = [
  'a CDK-bootstrapped account and region; the deploy role creates IAM roles and policies, KMS keys, log groups with data protection policies (logs:PutDataProtectionPolicy), S3 buckets, Lex bots, MSK clusters and Secrets Manager secrets',
  // A data protection policy that sends audit findings to a log group is a log delivery: CloudWatch checks these on the caller.
  'logs:CreateLogDelivery, logs:PutResourcePolicy, logs:DescribeResourcePolicies and logs:DescribeLogGroups for the data protection policy to deliver audit findings to their log group',
  'macie2:EnableMacie when macie and macieSession are on',
];

/** The retention values CloudWatch Logs accepts (`RetentionInDays`). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** The longest CloudWatch Logs retention that does not exceed `days` (never keeps logs longer than asked). */
export function cloudWatchRetentionAtMost(days: number): number {
  const fit = CLOUDWATCH_RETENTION_DAYS.filter((v) => v <= days);
  return fit.length > 0 ? fit[fit.length - 1] : CLOUDWATCH_RETENTION_DAYS[0];
}

/** Amazon Bedrock guardrail limits (AWS::Bedrock::Guardrail, GuardrailRegexConfig). */
export const BEDROCK_GUARDRAIL_LIMITS = { regexes: 30, regexLength: 500, regexName: 100, message: 500 } as const;
