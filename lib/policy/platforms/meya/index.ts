/**
 * Meya's Sensitive Data integration: Meya encrypts the fields flows mark sensitive, media and (with transport) HTTP
 * and websocket data, and expires sensitive data after 24 h on its side. What is true of Meya lives here.
 */
import { DAY } from '../../duration';
import type { KindCoverage, MeyaAgentPlan } from '../../plan-types';
import { ExpectedStore, IMPLICIT_READERS, STORE_NAME } from '../../posture';
import type { MeyaAgentSpec } from '../../schema';
import { expected, unappliedPatternsNote } from '../common';
import type { PlatformModule } from '../types';
import { canaryChecks } from './canary';

/** Meya's own expiry of sensitive data, fixed: the integration file has no setting. */
export const MEYA_EXPIRY_SECONDS = DAY;

export const meyaModule: PlatformModule<MeyaAgentSpec, MeyaAgentPlan> = {
  platform: 'meya',
  canary: canaryChecks,
  target: 'files',
  inspectsText: false,
  notAttached: 'the Sensitive Data integration is not enabled',

  unverifiableReason(kind) {
    return kind === 'conversation-history' ? 'Meya keeps it: no scanner reads it' : undefined;
  },
  dialect: 'none',

  derivedNames() {
    return {};
  },

  cover(kind): KindCoverage {
    return { kind, coverage: 'none', detectors: [] };
  },

  effectiveMethod(method, char) {
    // Meya does not de-identify: the plan's rule sets for a meya agent are empty.
    return { method, char };
  },

  checkAgent() {
    return [];
  },

  plan(base, agent, policy) {
    const notes = [...base.notes];
    notes.push({
      level: 'info',
      message:
        'Meya does not detect PII in text: it encrypts the fields flows mark `sensitive: true` and, per scope, transport and transcript data',
    });
    const unapplied = unappliedPatternsNote(
      policy,
      "Meya's integration encrypts whole fields and does not inspect text",
      'info',
    );
    if (unapplied) notes.push(unapplied);
    if (base.retention.sensitiveSeconds !== MEYA_EXPIRY_SECONDS) {
      notes.push({
        level: 'warning',
        message:
          'Meya expires sensitive data after 24h on its side and the integration file has no retention setting: retention.sensitive is not applied',
      });
    }
    if (!agent.enabled)
      notes.push({
        level: 'warning',
        message: "the Sensitive Data integration is disabled: Meya stores this app's data unencrypted",
      });
    return { ...base, deidentify: { sets: [] }, notes, platform: 'meya', enabled: agent.enabled, topics: [] };
  },

  expectedPosture(plan) {
    const stores: ExpectedStore[] = [
      {
        kind: 'conversation-history',
        name: STORE_NAME.meyaData,
        sensitive: true,
        redactedBy: [],
        retention: {
          configuredSeconds: MEYA_EXPIRY_SECONDS,
          lag: { seconds: 0, note: "Meya's own expiry, not verifiable from the integration file" },
        },
        encryption: 'provider',
        readers: [IMPLICIT_READERS.meyaMembers],
        managed: false,
      },
    ];
    return expected(plan, stores, [
      'Meya does not inspect text: PII typed into fields not marked sensitive is stored as it is.',
      'Who may decrypt is set in Meya Console, not in the integration file.',
    ]);
  },
};
