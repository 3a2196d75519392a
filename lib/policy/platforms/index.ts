/** The registry of platform modules: one per platform, looked up by the agent's `platform`. */
import type { AgentPlan } from '../plan-types';
import type { ExpectedPosture, ExpectedStore, StoreKind } from '../posture';
import { FINDINGS_TREND_ONLY, NO_CHECK, notifiesSomeone, unverifiableReason, VERIFY_OFF } from '../verify';
import type { AgentSpec, Platform } from '../schema';
import { cxAgentStudioModule } from './cx-agent-studio';
import { dialogflowCxModule } from './dialogflow-cx';
import { lexModule } from './lex';
import { meyaModule } from './meya';
import { rasaModule } from './rasa';
import type { PlatformModule } from './types';

type ModuleOf<P extends Platform> = PlatformModule<
  Extract<AgentSpec, { platform: P }>,
  Extract<AgentPlan, { platform: P }>
>;

export const PLATFORM_MODULES: { readonly [P in Platform]: ModuleOf<P> } = {
  'dialogflow-cx': dialogflowCxModule,
  lex: lexModule,
  rasa: rasaModule,
  meya: meyaModule,
  'cx-agent-studio': cxAgentStudioModule,
};

/** The platforms that inspect conversation text for the policy's kinds: the detection rules apply to them. */
export const TEXT_INSPECTING_PLATFORMS: readonly Platform[] = (Object.keys(PLATFORM_MODULES) as Platform[]).filter(
  (p) => PLATFORM_MODULES[p].inspectsText,
);

/** The module of a platform, typed loosely for callers that hold a spec or plan of any platform. */
export function platformModule(platform: Platform): PlatformModule {
  return PLATFORM_MODULES[platform] as unknown as PlatformModule;
}

/** Why no scan convoguard can provision reads a store of `kind` on `platform`: the platform's reason, else the generic one. */
export function unverifiableReasonOf(kind: StoreKind, platform: Platform): string | undefined {
  return platformModule(platform).unverifiableReason?.(kind) ?? unverifiableReason(kind);
}

/** The stores, real retention bounds, readers and caveats of a planned agent, with what verifies each store. */
export function expectedPosture(plan: AgentPlan): ExpectedPosture {
  return withVerification(plan, platformModule(plan.platform).expectedPosture(plan));
}

/** Each store's checks (or why it has none) and the agent's scans, from the platform's verification: decided here once. */
function withVerification(plan: AgentPlan, posture: ExpectedPosture): ExpectedPosture {
  const v = platformModule(plan.platform).verification?.(plan);
  // A check that notifies nobody verifies nothing (CG-NOTIFY): the store is unverified, with that reason.
  const silent = v !== undefined && !notifiesSomeone(v.notify);
  const stores = posture.stores.map((s): ExpectedStore => {
    const by = v?.checksOf(s) ?? [];
    const trends = v?.trendsOf(s) ?? [];
    if (by.length > 0 && !silent) return { ...s, verifiedBy: by, ...(trends.length > 0 ? { watchedBy: trends } : {}) };
    if (by.length + trends.length > 0 && silent)
      return {
        ...s,
        verifiedBy: [],
        unverifiedReason: `${[...by, ...trends].join(', ')} notifies nobody (verify.notify names no one)`,
      };
    // The Lex findings alarm watches a trend: it counts what masking caught and cannot see what it missed.
    if (trends.length > 0) return { ...s, verifiedBy: [], watchedBy: trends, unverifiedReason: FINDINGS_TREND_ONLY };
    return {
      ...s,
      verifiedBy: [],
      unverifiedReason:
        s.unverifiedReason ?? unverifiableReasonOf(s.kind, plan.platform) ?? (v ? NO_CHECK : VERIFY_OFF),
    };
  });
  const scans = v?.scans ?? [];
  // Every cloud plan names its decrypters (access.decrypters of its cloud); Rasa and Meya have none.
  const decrypters = 'decrypters' in plan ? plan.decrypters : [];
  return {
    ...posture,
    stores,
    ...(scans.length > 0 ? { scans } : {}),
    ...(decrypters.length > 0 ? { decrypters } : {}),
  };
}

export type { DerivedName, EffectiveMethod, Finding, PlatformModule } from './types';
export {
  auditLogGroupName,
  AWS_KMS_ROTATION_DAYS,
  BEDROCK_GUARDRAIL_LIMITS,
  denyUnmaskDocument,
  CLOUDWATCH_RETENTION_DAYS,
  cloudWatchRetentionAtMost,
  fallbackIdentifierName,
  LEX_GENERATIVE_PATH,
  lexGenerativePaths,
  QNA_INTENT_NAME,
} from './lex';
export {
  CLOUD_LOGGING_DEFAULT_DAYS,
  DIALOGFLOW_DEPLOYER_NEEDS,
  DIALOGFLOW_GENERATIVE_PATH,
  DIALOGFLOW_NO_MODEL_ARMOR,
  MODEL_ARMOR_OWN_CALLS_PATH,
  DIALOGFLOW_RETENTION_DAYS,
  dialogflowApis,
  agentApis,
  dialogflowRequestLogFilter,
  dialogflowLogsFilter,
  dialogflowFilterScope,
  DIALOGFLOW_LOGS_COVERED,
  logBucketStoreName,
  MULTI_REGION_LOCATIONS,
} from './dialogflow-cx';
export { RASA_FAKER_ENTITIES } from './rasa';
export { MEYA_EXPIRY_SECONDS } from './meya';
export { KMS_DELETION_WINDOW_DAYS, MARKERS_KEYWORD } from './common';
