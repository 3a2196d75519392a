/**
 * The JSON documents convoguard writes for tools: `report --format json` and `diff --format json`. Their JSON Schemas
 * (`schemas/report.schema.json`, `schemas/diff.schema.json`, `npm run schema`) are generated from these types and
 * published with the package; `schemaVersion` changes when a field changes meaning or goes away.
 */
import type { ControlEvidence } from './controls';
import type { GateResult } from './gate/gate';
import type { Posture } from './model';

/** `convoguard report --format json`: every agent's posture and the findings. */
export interface ReportDocument extends Posture {
  readonly schemaVersion: 1;
  /**
   * The compliance crosswalk (lib/report/controls.ts): per control, the rules that give evidence for it and what they
   * found. Evidence for a reviewer, not an attestation.
   */
  readonly controls: readonly ControlEvidence[];
}

/** `convoguard diff --format json`: the posture and output changes, their impact, and whether the gate passes. */
export type DiffDocument = Omit<GateResult, 'basePosture' | 'headPosture'>;
