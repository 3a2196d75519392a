/** Every posture rule, in the order findings are listed. */
import type { AgentPosture, Finding } from '../model';
import { aliasCurrent } from './alias-current';
import { detectionPlanned } from './detection-planned';
import { generativeGuardrail } from './generative-guardrail';
import { keyDeletionProtection } from './key-deletion-protection';
import { kindsCovered } from './kinds-covered';
import { keyPublicDecrypter } from './key-public-decrypter';
import { keyRotation } from './key-rotation';
import { meyaEncryption } from './meya-encryption';
import { protectionAttached } from './protection-attached';
import { readersNamed } from './readers-named';
import type { PostureRule } from './rule';
import { storeCustomerKey } from './store-customer-key';
import { storeEncrypted } from './store-encrypted';
import { storeNotPublic } from './store-not-public';
import { storeRedacted } from './store-redacted';
import { storeRetention } from './store-retention';
import { storeVerified } from './store-verified';
import { storesPlanned } from './stores-planned';
import { notifySomeone } from './notify';
import { unmaskDenied } from './unmask-denied';
import { unverified } from './unverified';

export type { PostureRule, RuleFinding } from './rule';
export { withExpected } from './rule';

export const POSTURE_RULES: readonly PostureRule[] = [
  protectionAttached,
  aliasCurrent,
  unmaskDenied,
  unverified,
  meyaEncryption,
  detectionPlanned,
  kindsCovered,
  storesPlanned,
  storeEncrypted,
  storeCustomerKey,
  storeNotPublic,
  storeRetention,
  storeRedacted,
  storeVerified,
  notifySomeone,
  generativeGuardrail,
  keyPublicDecrypter,
  readersNamed,
  keyRotation,
  keyDeletionProtection,
];

/** Runs every rule that applies to the agent's platform. */
export function findingsOf(a: AgentPosture, rules: readonly PostureRule[] = POSTURE_RULES): Finding[] {
  return rules
    .filter((r) => !r.platforms || r.platforms.includes(a.platform))
    .flatMap((r) =>
      r.check(a).map((f) => ({
        severity: r.severity,
        rule: r.id,
        agent: a.agent,
        resource: f.resource,
        message: f.message,
        planned: f.planned ?? false,
      })),
    );
}
