import { refuseSecondCopies } from '../peer-copies';

// Before anything constructs a construct: a linked install with differing peers fails deep inside the library.
refuseSecondCopies('convoguard/gcp', ['constructs', 'cdktf', '@cdktf/provider-google']);

export * from './anonymized-topics';
export * from './ces';
export * from './convoguard-checks-aspect';
export * from './defaults';
export * from './deidentify-template';
export * from './dialogflow-cx-agent-protection';
export * from './dialogflow-log-routing';
export * from './errors';
export * from './gcp-agent-protection';
export * from './inspect-template';
export * from './model-armor';
export * from './project-apis';
export * from './redact-sensitive-parameters';
export * from './redaction-verification';
export * from './security-settings';
export * from './sensitive-bucket';
export * from './sensitive-data-key';
export * from './service-agents';
export * from './stack';
export * from './terraform-literal';
