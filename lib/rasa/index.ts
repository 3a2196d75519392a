export {
  emitRasa,
  isPrivacyFormat,
  KAFKA_SASL_VARIABLES,
  KAFKA_URL_VARIABLE,
  RASA_FAKER_ENTITIES,
  type RasaAnonymization,
  type RasaAnonymizationTopic,
  type RasaEmission,
  type RasaEndpoints,
  type RasaPipelineEndpoints,
  type RasaPrivacyEndpoints,
  type RasaPrivacyJob,
  type RasaPrivacyRule,
  type RasaRule,
  type RasaRuleList,
  type Substitution,
} from './emit';
export { MANAGED_PATHS, mergeEndpoints, MergeError, PRIVACY_MANAGED_PATHS, renderEndpoints } from './merge';
