export { type ChangeClass, diffPostures, type PostureChange, renderDiffMarkdown } from './diff';
export {
  type AgainstBase,
  againstBase,
  COMMENT_BUDGET,
  findingsToFix,
  flowchart,
  formatReaders,
  renderMarkdown,
  summaryLine,
} from './markdown';
export {
  type AgentPosture,
  type DeidentifyRule,
  type DetectionSettings,
  type Encryption,
  type Finding,
  type KeyPosture,
  type Posture,
  type Reader,
  type RetentionBound,
  type StoreKind,
  type StorePosture,
} from './model';
export {
  AGENT_FILE,
  postureOf,
  type PostureSources,
  readPosture,
  ReportInputError,
  stackAccounts,
  type SynthesizedDocs,
} from './posture';
export { findingsOf, POSTURE_RULES, type PostureRule, type RuleFinding } from './rules';
export { renderExpectedPosture, renderRules } from './expected-markdown';
