export { runGate } from './gate';
export type { Acknowledgement, GateResult } from './gate';
export type { OutputChange, OutputClass } from './change';
export { failsGate } from './change';
export { readSynthesis } from './output';
export type { Synthesis } from './output';
export { acknowledgeSnippet, renderGateMarkdown, gateJson, verdictLine } from './render';
export { HARMLESS_ACTIONS } from './iam';
export { HARMLESS_ROLES, SERVICE_AGENT_ROLES } from './shapes/google-iam';
