// Public API. Targets are exported by subpath (convoguard/aws, convoguard/gcp, convoguard/rasa, convoguard/meya,
// convoguard/report) so importing the policy core never loads a cloud library:
//   import { loadPolicy, plan } from 'convoguard';
// Helpers behind these (message formatting, name rules, pattern engines) are internal and may change.
export { loadPolicy, parsePolicy, validatePolicy } from './policy/loader';
export type { LoadedPolicy } from './policy/loader';
export { PolicyError, formatProblem } from './policy/errors';
export type { Problem, PathSegment } from './policy/errors';
export { plan, agentPlan, agentsOf, groupAgents, planToJson, expectedPosture } from './policy/plan';
export type * from './policy/plan-types';
export type { ExpectedPosture, ExpectedStore, Reader, RetentionBound, StoreKind } from './policy/posture';
export { preview } from './policy/preview';
export type { Preview, PreviewMatch } from './policy/preview';
export { KINDS, CATALOG } from './policy/catalog';
export type { Kind, CatalogEntry } from './policy/catalog';
export { PLATFORMS, DEFAULT_MARKERS } from './policy/schema';
export type {
  Policy,
  PolicyInput,
  AgentSpec,
  DialogflowCxAgentSpec,
  LexAgentSpec,
  RasaAgentSpec,
  MeyaAgentSpec,
  CxAgentStudioAgentSpec,
  DeidentifyMethod,
  Platform,
} from './policy/schema';
export { policyJsonSchema, policyJsonSchemaText } from './policy/json-schema';
export { INPUT_LIMITS } from './policy/limits';
export * as report from './report';
