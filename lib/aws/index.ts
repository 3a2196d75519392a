import { refuseSecondCopies } from '../peer-copies';

// Before anything constructs a construct: a linked install with differing peers fails deep inside the library.
refuseSecondCopies('convoguard/aws', ['constructs', 'aws-cdk-lib', 'cdk-nag']);

export * from './anonymized-topics';
export * from './attach-bedrock-guardrail';
export * from './aws-agent-protection';
export * from './convoguard-checks';
export * from './defaults';
export * from './errors';
export * from './lex-bot-protection';
export * from './macie-identifiers';
export * from './obfuscate-sensitive-slots';
export * from './pii-guardrail';
export * from './protected-log-group';
export * from './redaction-verification';
export * from './sensitive-bucket';
export * from './sensitive-data-key';
export * from './stack';
