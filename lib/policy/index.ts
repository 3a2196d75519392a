export * from './catalog';
export * from './detectors';
export * from './duration';
export * from './errors';
export { loadPolicy, parsePolicy, validatePolicy, LoadedPolicy } from './loader';
export * from './names';
export * from './plan';
export { PolicySchema, Policy, PolicyInput, AgentSpec, DialogflowCxAgentSpec, LexAgentSpec, RasaAgentSpec, MeyaAgentSpec, DeidentifyMethod, Platform, PLATFORMS, DEFAULT_MARKERS } from './schema';
export { policyJsonSchema, policyJsonSchemaText } from './json-schema';
