/**
 * Where each service exists, in one place, with its source and the date it was read. A region or location outside a
 * list that is stable (Lex V2, Dialogflow CX, DLP) is refused: the deploy would fail, or worse, a stack would deploy
 * without the service that protects it. A list that changes month to month (Bedrock Guardrails, Model Armor) only
 * warns: the service may have arrived since. Managed Kafka has no list here: its locations page was not available
 * (the cluster call fails where it does not exist). Provider-neutral.
 */

export interface ServiceLocations {
  readonly service: string;
  readonly codes: readonly string[];
  readonly source: string;
  /** The page's own date where it shows one, else when it was read. */
  readonly asOf: string;
  /** `refuse`: a value outside the list is an error; `warn`: a plan warning, since the list grows quickly. */
  readonly outside: 'refuse' | 'warn';
}

/** Lex V2 model building and runtime: the same 12 Regions (AWS General Reference, "Amazon Lex V2 endpoints"). */
export const LEX_V2_REGIONS: ServiceLocations = {
  service: 'Amazon Lex V2',
  codes: [
    'us-east-1',
    'us-west-2',
    'af-south-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ca-central-1',
    'eu-central-1',
    'eu-west-1',
    'eu-west-2',
    'us-gov-west-1',
  ],
  source: 'https://docs.aws.amazon.com/general/latest/gr/lex.html',
  asOf: 'read 2026-12-07',
  outside: 'refuse',
};

/** Bedrock Guardrails ("Supported Regions and models for Amazon Bedrock Guardrails"); a model's own Regions also apply. */
export const BEDROCK_GUARDRAIL_REGIONS: ServiceLocations = {
  service: 'Amazon Bedrock Guardrails',
  codes: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'us-gov-east-1',
    'us-gov-west-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ca-central-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'sa-east-1',
  ],
  source: 'https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-supported.html',
  asOf: 'read 2026-12-07 (the page names Regions; codes matched to names)',
  outside: 'warn',
};

/** Dialogflow CX agent locations; there is no `eu` agent location (`eu` is a data store region). */
export const DIALOGFLOW_CX_LOCATIONS: ServiceLocations = {
  service: 'Dialogflow CX',
  codes: [
    'global',
    'us',
    'us-central1',
    'us-east1',
    'us-west1',
    'northamerica-northeast1',
    'europe-west1',
    'europe-west2',
    'europe-west3',
    'europe-west4',
    'europe-west6',
    'australia-southeast1',
    'asia-northeast1',
    'asia-south1',
    'asia-southeast1',
    'asia-southeast2',
  ],
  source: 'https://cloud.google.com/dialogflow/cx/docs/concept/region',
  asOf: 'last updated 2026-04-13',
  outside: 'refuse',
};

/** Sensitive Data Protection (DLP) processing locations, where the agent's templates are created. */
export const DLP_LOCATIONS: ServiceLocations = {
  service: 'Sensitive Data Protection (DLP)',
  codes: [
    'global',
    'us',
    'europe',
    'asia',
    'in',
    'africa-south1',
    'northamerica-northeast1',
    'northamerica-northeast2',
    'northamerica-south1',
    'us-central1',
    'us-east1',
    'us-east4',
    'us-east5',
    'us-south1',
    'us-west1',
    'us-west2',
    'us-west3',
    'us-west4',
    'southamerica-east1',
    'southamerica-west1',
    'asia-east1',
    'asia-east2',
    'asia-northeast1',
    'asia-northeast2',
    'asia-northeast3',
    'asia-south1',
    'asia-south2',
    'asia-southeast1',
    'asia-southeast2',
    'asia-southeast3',
    'australia-southeast1',
    'australia-southeast2',
    'europe-central2',
    'europe-north1',
    'europe-north2',
    'europe-southwest1',
    'europe-west1',
    'europe-west2',
    'europe-west3',
    'europe-west4',
    'europe-west6',
    'europe-west8',
    'europe-west9',
    'europe-west10',
    'europe-west12',
    'me-central1',
    'me-central2',
    'me-west1',
  ],
  source: 'https://cloud.google.com/sensitive-data-protection/docs/locations',
  asOf: 'last updated 2026-04-10',
  outside: 'refuse',
};

/** Model Armor template locations (asia-south1 and northamerica-northeast2 have limited feature support). */
export const MODEL_ARMOR_LOCATIONS: ServiceLocations = {
  service: 'Model Armor',
  codes: [
    'us',
    'eu',
    'asia-northeast1',
    'asia-northeast3',
    'asia-south1',
    'asia-southeast1',
    'australia-southeast2',
    'northamerica-northeast2',
    'us-central1',
    'us-east1',
    'us-east4',
    'us-west1',
    'southamerica-east1',
    'europe-southwest1',
    'europe-west1',
    'europe-west2',
    'europe-west3',
    'europe-west4',
    'europe-west9',
  ],
  source: 'https://cloud.google.com/model-armor/locations',
  asOf: 'read 2026-12-07',
  outside: 'warn',
};

/** Why `code` is not a place `l.service` runs, or undefined when it is. */
export function outsideOf(l: ServiceLocations, code: string): string | undefined {
  if (l.codes.includes(code)) return undefined;
  return `${l.service} is not offered in "${code}" (${l.source}, ${l.asOf}: ${l.codes.join(', ')})${l.outside === 'warn' ? '; the list grows often, so check the page if it has arrived since' : ''}`;
}
