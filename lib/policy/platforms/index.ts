/** The registry of platform modules: one per platform, looked up by the agent's `platform`. */
import type { AgentPlan } from '../plan-types';
import type { ExpectedPosture } from '../posture';
import type { AgentSpec, Platform } from '../schema';
import { dialogflowCxModule } from './dialogflow-cx';
import { lexModule } from './lex';
import { meyaModule } from './meya';
import { rasaModule } from './rasa';
import type { PlatformModule } from './types';

type ModuleOf<P extends Platform> = PlatformModule<Extract<AgentSpec, { platform: P }>, Extract<AgentPlan, { platform: P }>>;

export const PLATFORM_MODULES: { readonly [P in Platform]: ModuleOf<P> } = {
  'dialogflow-cx': dialogflowCxModule,
  lex: lexModule,
  rasa: rasaModule,
  meya: meyaModule,
};

/** The module of a platform, typed loosely for callers that hold a spec or plan of any platform. */
export function platformModule(platform: Platform): PlatformModule {
  return PLATFORM_MODULES[platform] as unknown as PlatformModule;
}

/** The stores, real retention bounds, readers and caveats of a planned agent. */
export function expectedPosture(plan: AgentPlan): ExpectedPosture {
  return platformModule(plan.platform).expectedPosture(plan);
}

export type { DerivedName, EffectiveMethod, Finding, PlatformModule } from './types';
export { auditLogGroupName, AWS_KMS_ROTATION_DAYS, BEDROCK_GUARDRAIL_LIMITS, denyUnmaskDocument, CLOUDWATCH_RETENTION_DAYS, cloudWatchRetentionAtMost, fallbackIdentifierName, LEX_GENERATIVE_PATH, lexGenerativePaths, QNA_INTENT_NAME } from './lex';
export {
  CLOUD_LOGGING_DEFAULT_DAYS,
  DIALOGFLOW_DEPLOYER_NEEDS,
  DIALOGFLOW_GENERATIVE_PATH,
  DIALOGFLOW_NO_MODEL_ARMOR,
  MODEL_ARMOR_OWN_CALLS_PATH,
  DIALOGFLOW_RETENTION_DAYS,
  dialogflowApis,
  dialogflowRequestLogFilter,
  logBucketStoreName,
  MULTI_REGION_LOCATIONS,
} from './dialogflow-cx';
export { RASA_FAKER_ENTITIES } from './rasa';
export { MEYA_EXPIRY_SECONDS } from './meya';
export { KMS_DELETION_WINDOW_DAYS, MARKERS_KEYWORD } from './common';
