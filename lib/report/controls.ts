/**
 * The compliance crosswalk: which posture rules give a reviewer evidence for which control of the frameworks privacy
 * officers are asked about, decided once here for the report, its JSON and the docs. It maps what the synthesized
 * output shows (retention, redaction, encryption, readers, verification) to the controls that ask for it. It is
 * evidence for a reviewer to weigh, never an attestation: a control is met by an organisation's processes and the
 * deployed services, of which a privacy posture is one part, and no finding here makes anything compliant.
 *
 * ISO/IEC 27701 is named by topic, not by clause: its 2019 and 2025 editions number the controls differently.
 */
import type { Posture } from './model';
import { POSTURE_RULES } from './rules';

/** The frameworks the crosswalk cites, by full name, with the short name a summary line uses. */
export const FRAMEWORKS = {
  GDPR: 'GDPR',
  'PCI DSS v4.0.1': 'PCI DSS',
  'HIPAA Security and Privacy Rules': 'HIPAA',
  'SOC 2 (2017 TSC)': 'SOC 2',
  'ISO/IEC 27701': 'ISO/IEC 27701',
} as const;
export type Framework = keyof typeof FRAMEWORKS;

export interface Control {
  /** Stable id (`gdpr-5-1-e`): what the JSON carries and a reviewer's checklist can name. */
  readonly id: string;
  readonly framework: Framework;
  /** How the framework cites it. */
  readonly reference: string;
  /** What the control asks, in a few words of our own (not the framework's text). */
  readonly asks: string;
  /** The rules whose results are evidence for it. */
  readonly rules: readonly string[];
  /** Where that evidence stops short of what the control asks, said with it. */
  readonly limits?: string;
}

const RETENTION = ['CG-STORE-RETENTION', 'CG-STORES'];
const REDACTION = ['CG-STORE-REDACTED', 'CG-DETECTION', 'CG-KINDS', 'CG-ATTACHED', 'CG-GENERATIVE-GUARDRAIL'];
const ACCESS = ['CG-STORE-PUBLIC', 'CG-KEY-PUBLIC', 'CG-READERS', 'CG-UNMASK'];
const CRYPTO = ['CG-STORE-ENCRYPTED', 'CG-STORE-CMK', 'CG-KEY-ROTATION', 'CG-KEY-RETAIN', 'CG-MEYA-SCOPE'];
const TESTED = ['CG-STORE-VERIFIED', 'CG-NOTIFY', 'CG-ALIAS-CURRENT'];

/** Every control the report gives evidence for, in the order it lists them. */
export const CONTROLS: readonly Control[] = [
  {
    id: 'gdpr-5-1-c',
    framework: 'GDPR',
    reference: 'Art. 5(1)(c)',
    asks: 'data minimisation: only the personal data the purpose needs',
    rules: [...REDACTION, 'CG-STORES'],
  },
  {
    id: 'gdpr-5-1-e',
    framework: 'GDPR',
    reference: 'Art. 5(1)(e)',
    asks: 'storage limitation: identifiable data kept no longer than needed',
    rules: RETENTION,
  },
  {
    id: 'gdpr-25',
    framework: 'GDPR',
    reference: 'Art. 25',
    asks: 'data protection by design and by default',
    rules: [...REDACTION, 'CG-STORES', 'CG-ALIAS-CURRENT'],
  },
  {
    id: 'gdpr-32',
    framework: 'GDPR',
    reference: 'Art. 32',
    asks: 'security of processing: encryption, confidentiality, and testing that the measures work',
    rules: [...CRYPTO, ...ACCESS, ...TESTED],
  },
  {
    id: 'pci-3-2-1',
    framework: 'PCI DSS v4.0.1',
    reference: 'Req. 3.2.1',
    asks: 'account data kept to a minimum, with retention limits and secure deletion',
    rules: RETENTION,
  },
  {
    id: 'pci-3-3-1',
    framework: 'PCI DSS v4.0.1',
    reference: 'Req. 3.3.1',
    asks: 'sensitive authentication data (such as a card verification code) not kept after authorization',
    rules: ['CG-GENERATIVE-GUARDRAIL', 'CG-KINDS'],
    limits:
      'only Bedrock guardrails detect card verification codes (CREDIT_DEBIT_CARD_CVV); the other platforms detect card numbers, not codes, so elsewhere nothing here is evidence for it',
  },
  {
    id: 'pci-3-4-1',
    framework: 'PCI DSS v4.0.1',
    reference: 'Req. 3.4.1',
    asks: 'PAN masked when displayed, in full only to those with a business need',
    rules: ['CG-UNMASK', 'CG-READERS'],
  },
  {
    id: 'pci-3-5-1',
    framework: 'PCI DSS v4.0.1',
    reference: 'Req. 3.5.1',
    asks: 'PAN unreadable wherever it is stored',
    rules: ['CG-STORE-REDACTED', 'CG-KINDS', 'CG-MEYA-SCOPE'],
    limits: 'encryption at rest is not counted: disk-level encryption alone does not render PAN unreadable (3.5.1.2)',
  },
  {
    id: 'hipaa-164-312',
    framework: 'HIPAA Security and Privacy Rules',
    reference: '45 CFR 164.312',
    asks: 'technical safeguards: access control, and encryption of ePHI at rest (an addressable specification)',
    rules: [...ACCESS, ...CRYPTO],
    limits: 'nothing here is evidence for audit controls (164.312(b)), integrity or authentication',
  },
  {
    id: 'hipaa-164-514',
    framework: 'HIPAA Security and Privacy Rules',
    reference: '45 CFR 164.514(d)',
    asks: 'the minimum necessary PHI used and disclosed',
    rules: ['CG-STORE-REDACTED', 'CG-READERS', 'CG-GENERATIVE-GUARDRAIL'],
    limits:
      "redacting the policy's kinds is not de-identification under 164.514(b), whose Safe Harbor removes 18 identifiers",
  },
  {
    id: 'soc2-c1-2',
    framework: 'SOC 2 (2017 TSC)',
    reference: 'C1.2',
    asks: 'confidential information disposed of to meet the objectives',
    rules: RETENTION,
  },
  {
    id: 'soc2-p4-2',
    framework: 'SOC 2 (2017 TSC)',
    reference: 'P4.2',
    asks: 'personal information retained only as the objectives require',
    rules: RETENTION,
  },
  {
    id: 'iso27701-minimisation',
    framework: 'ISO/IEC 27701',
    reference: 'privacy by design and by default: minimisation and de-identification',
    asks: 'PII minimised, de-identified where the purpose allows',
    rules: REDACTION,
  },
  {
    id: 'iso27701-retention',
    framework: 'ISO/IEC 27701',
    reference: 'privacy by design and by default: retention and disposal',
    asks: 'PII kept no longer than needed, then disposed of',
    rules: RETENTION,
  },
  {
    id: 'iso27701-security',
    framework: 'ISO/IEC 27701',
    reference: 'information security for PII: cryptography and access',
    asks: 'PII protected by encryption and limited access',
    rules: [...CRYPTO, ...ACCESS],
  },
];

/** What the report shows for one control: the control, and what the rules it names found. */
export interface ControlEvidence extends Control {
  /** Rule checks that ran for it: one per rule and agent whose platform the rule applies to. */
  readonly checks: number;
  /** Findings to fix against it (not a gap the plan names). */
  readonly toFix: number;
  /** Gaps the plan names against it: what a platform cannot do, for the reviewer to accept or not. */
  readonly knownGaps: number;
}

/** The crosswalk applied to a posture. */
export function controlsEvidence(p: Posture): ControlEvidence[] {
  const rules = new Map(POSTURE_RULES.map((r) => [r.id, r]));
  return CONTROLS.map((c) => {
    const checks = c.rules.reduce((n, id) => {
      const r = rules.get(id);
      return n + (r ? p.agents.filter((a) => !r.platforms || r.platforms.includes(a.platform)).length : 0);
    }, 0);
    const against = p.findings.filter((f) => c.rules.includes(f.rule));
    return {
      ...c,
      checks,
      toFix: against.filter((f) => !f.planned).length,
      knownGaps: against.filter((f) => f.planned).length,
    };
  });
}

/** The wording every rendering of the crosswalk carries. */
export const CROSSWALK_NOTE =
  'Evidence for a reviewer, not an attestation: a control is met by processes and deployed services, of which this posture is one part.';
