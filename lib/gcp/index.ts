import { refuseSecondCopies } from '../peer-copies';

// Before anything constructs a construct: a linked install with differing peers fails deep inside the library.
refuseSecondCopies('convoguard/gcp', ['constructs', 'cdktf', '@cdktf/provider-google']);

export { type AnonymizedTopic, AnonymizedTopics, type AnonymizedTopicsProps } from './anonymized-topics';
export {
  CES_BINDING_PROVIDER_VERSION,
  CesApp,
  type CesAppConfig,
  type CesAppLoggingSettings,
  type CesAudioRecordingConfig,
  type CesBigqueryExportSettings,
  type CesCloudLoggingSettings,
  type CesContentFilter,
  type CesConversationLoggingSettings,
  CesGuardrail,
  type CesGuardrailConfig,
  type CesGuardrailRule,
  type CesPromptSecurity,
  type CesRedactionConfig,
  CesProtectionStack,
  type CesProtectionStackProps,
  cesStackName,
  cesTemplateReaderGrants,
  CxAgentStudioProtection,
  type CxAgentStudioProtectionProps,
  type ExistingCesApp,
  loggingSettings,
} from './ces';
export { ConvoGuardChecksAspect, type ConvoGuardChecksAspectProps, plannedGapsLine } from './convoguard-checks-aspect';
export { GCP_DEFAULTS, labels, ROLES } from './defaults';
export {
  DeidentifyTemplate,
  type DeidentifyTemplateProps,
  type InfoTypeTransformation,
  type KmsWrappedKey,
} from './deidentify-template';
export {
  type CreateAgentOptions,
  DialogflowCxAgentProtection,
  type DialogflowCxAgentProtectionProps,
} from './dialogflow-cx-agent-protection';
export { DialogflowLogRouting, type DialogflowLogRoutingProps } from './dialogflow-log-routing';
export { ConstructPropsError, isLiteral, locationOf } from './errors';
export {
  AGENT_ATTRIBUTION_KEY,
  attributeToAgent,
  GcpAgentProtection,
  type GcpAgentProtectionProps,
  markResources,
} from './gcp-agent-protection';
export { type CustomInfoType, InspectTemplate, type InspectTemplateProps } from './inspect-template';
export {
  ProjectArmorFloor,
  type ProjectArmorFloorProps,
  SensitiveDataArmor,
  type SensitiveDataArmorProps,
} from './model-armor';
export { ProjectApis, type ProjectApisProps } from './project-apis';
export { RedactSensitiveParameters, type RedactSensitiveParametersProps } from './redact-sensitive-parameters';
export {
  type LogAlertOptions,
  type RedactionScansProps,
  RedactionVerification,
  type RedactionVerificationProps,
  type VerificationServiceAgents,
} from './redaction-verification';
export {
  type AudioBucketRef,
  SecuritySettings,
  type SecuritySettingsProps,
  type TemplateRef,
} from './security-settings';
export { SensitiveBucket, type SensitiveBucketProps } from './sensitive-bucket';
export { memberId, SensitiveDataKey, type SensitiveDataKeyProps } from './sensitive-data-key';
export {
  ProjectServiceAgents,
  type ProjectServiceAgentsProps,
  ProjectTemplateReaders,
  type ProjectTemplateReadersProps,
  templateReaderGrants,
} from './service-agents';
export {
  addGcpStacks,
  gcpAgentStackName,
  GcpProtectionStack,
  type GcpProtectionStackProps,
  GcpSharedStack,
  gcpSharedStackName,
  type GcpSharedStackProps,
  gcpStackName,
  synthGcpApp,
} from './stack';
export { terraformLiteral, terraformLiterals } from './terraform-literal';
