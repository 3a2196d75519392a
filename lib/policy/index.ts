export * from './catalog';
export * from './detectors';
export * from './duration';
export { PolicyError, formatProblem } from './errors';
export type { Problem, PathSegment } from './errors';
export { loadPolicy, parsePolicy, validatePolicy, LoadedPolicy } from './loader';
export * from './names';
export * from './plan';
export {
  PolicySchema,
  Policy,
  PolicyInput,
  AgentSpec,
  DialogflowCxAgentSpec,
  LexAgentSpec,
  RasaAgentSpec,
  MeyaAgentSpec,
  DeidentifyMethod,
  Platform,
  PLATFORMS,
  DEFAULT_MARKERS,
} from './schema';
export { policyJsonSchema, policyJsonSchemaText } from './json-schema';
export * from './preview';
export * from './placement';
export * from './canary';
export * from './verify';
