import { refuseSecondCopies } from '../peer-copies';

// Before anything constructs a construct: a linked install with differing peers fails deep inside the library.
refuseSecondCopies('convoguard/aws', ['constructs', 'aws-cdk-lib', 'cdk-nag']);

export {
  acknowledgeCustomResourceProvider,
  type AnonymizedTopic,
  AnonymizedTopics,
  type AnonymizedTopicsProps,
  type NewClusterOptions,
} from './anonymized-topics';
export { AttachBedrockGuardrail, type AttachBedrockGuardrailProps } from './attach-bedrock-guardrail';
export {
  AGENT_ATTRIBUTION_KEY,
  attributeToAgent,
  AwsAgentProtection,
  type AwsAgentProtectionProps,
} from './aws-agent-protection';
export { ConvoGuardChecks } from './convoguard-checks';
export { AWS_DEFAULTS, kafkaSupportsTopics } from './defaults';
export { ConstructPropsError } from './errors';
export {
  type BotGuardrail,
  type CreateBotGenerative,
  type CreateBotIntent,
  type CreateBotOptions,
  type CreateBotQna,
  type CreateBotSlot,
  LexBotProtection,
  type LexBotProtectionProps,
} from './lex-bot-protection';
export { MacieIdentifiers, type MacieIdentifiersProps, type MaciePattern } from './macie-identifiers';
export { ObfuscateSensitiveSlots, type ObfuscateSensitiveSlotsProps } from './obfuscate-sensitive-slots';
export { type GuardrailPiiEntity, type GuardrailRegex, PiiGuardrail, type PiiGuardrailProps } from './pii-guardrail';
export {
  type AuditDestination,
  type CustomIdentifier,
  ProtectedLogGroup,
  type ProtectedLogGroupProps,
} from './protected-log-group';
export {
  type FindingsAlarmOptions,
  type MacieExport,
  type MacieJobIdentifier,
  type MacieJobProps,
  type MissAlarmOptions,
  RedactionVerification,
  type RedactionVerificationProps,
} from './redaction-verification';
export { SensitiveBucket, type SensitiveBucketProps } from './sensitive-bucket';
export {
  allowCloudWatchLogsOn,
  type KeyInput,
  keyOf,
  principalArnOf,
  SensitiveDataKey,
  type SensitiveDataKeyProps,
} from './sensitive-data-key';
export {
  addAwsStacks,
  awsPlacement,
  awsPlacementGroup,
  AwsProtectionStack,
  type AwsProtectionStackProps,
  awsStackDescription,
  awsStackName,
  CLOUDFORMATION_VALIDATION,
  measureAgentCosts,
  synthAwsChecked,
  SynthChecksError,
} from './stack';
