/**
 * The portable PII vocabulary and what each platform calls it.
 *
 * Sources: Google DLP infoTypes reference, the CloudWatch Logs managed data identifiers (the `DataIdentifier`
 * enum of aws-cdk-lib 2.276 `aws-logs`), Macie's managed data identifier reference, Presidio's supported
 * entities, and the Dialogflow CX / Lex V2 system entity and slot type lists. `confirmed: false` marks names
 * only seen in third-party material; the library never relies on an unconfirmed name to emit a resource.
 *
 * Where a platform has no built-in detector, `fallbackPattern` is an RE2 pattern (also valid for the
 * CloudWatch Logs custom identifier character set) that covers the kind, usually more broadly.
 */

/** Every portable kind a policy may name. */
export const KINDS = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'us_ssn',
  'us_itin',
  'person_name',
  'street_address',
  'ip_address',
  'date_of_birth',
  'passport',
  'drivers_license',
  'url',
] as const;

export type Kind = (typeof KINDS)[number];

export interface MacieIdentifier {
  readonly ids: readonly string[];
  /** false where only third-party material names the identifier. */
  readonly confirmed: boolean;
}

export interface PresidioEntity {
  readonly entity: string;
  /** false where the entity is broader than the kind (DATE_TIME for date of birth). */
  readonly exact: boolean;
  /** Language the recognizer is tied to, for country-specific entities. */
  readonly language?: string;
}

export interface CatalogEntry {
  readonly kind: Kind;
  readonly description: string;
  /** Google Cloud DLP built-in infoTypes. */
  readonly dlp: readonly string[];
  /** CloudWatch Logs managed data identifiers; empty when none exists. */
  readonly cloudWatch: readonly string[];
  readonly macie?: MacieIdentifier;
  readonly presidio?: PresidioEntity;
  /** Pattern used where a platform has no built-in detector (RE2, CloudWatch-safe characters). */
  readonly fallbackPattern?: string;
  /** What the fallback pattern matches beyond the kind, said in plain words. */
  readonly fallbackNote?: string;
  /**
   * A keyword-free CloudWatch custom identifier, where CloudWatch's managed identifier matches only with a keyword
   * (such as "card") within 30 characters, so a bare value typed in chat would not be masked.
   */
  readonly cloudWatchKeywordFree?: { readonly pattern: string; readonly note: string };
  /**
   * The fallback matches far more than the kind (every numeric date for a date of birth): on a Bedrock guardrail it
   * screens prompts only, so the answers a model gives keep their dates. A value of the kind in an answer is then not
   * screened, and the plan says so.
   */
  readonly guardrailPromptsOnly?: boolean;
  /** Dialogflow CX system entities whose values are this kind. */
  readonly dialogflowEntities: readonly string[];
  /** Lex V2 built-in slot types whose values are this kind. */
  readonly lexSlotTypes: readonly string[];
  /** Amazon Bedrock Guardrails PII entity types (`AWS::Bedrock::Guardrail` PiiEntityType); empty when none exists. */
  readonly bedrock: readonly string[];
  /**
   * The GLiNER label Rasa Pro 3.13's optional free-text detection (`rasa-pro[pii]`, model urchade/gliner_multi_pii-v1)
   * uses for this kind; absent where Rasa's label list is not established to hold one.
   */
  readonly gliner?: string;
  /**
   * A synthetic value of the kind for `convoguard canary`, from ranges reserved for documentation and tests where one
   * exists (example.com, 203.0.113.0/24, 555-01xx, card and IBAN test numbers). `{id}` is the canary's id.
   */
  readonly canary: string;
}

/**
 * The countries CloudWatch Logs has a `PhoneNumber-XX` managed identifier for (CWL-managed-data-identifiers: the
 * identifiers that need a two-letter country code). A number of any other country matches none of them.
 */
export const CLOUDWATCH_PHONE_COUNTRIES: readonly string[] = ['BR', 'DE', 'ES', 'FR', 'GB', 'IT', 'US'];
const PHONE_COUNTRIES = CLOUDWATCH_PHONE_COUNTRIES;

/**
 * Telephone numbers of any country, for the agents CloudWatch's identifiers do not cover: the international form
 * (`+353 87 123 4567`) or a national one with a trunk 0 (`087 123 4567`). No groups: CloudWatch's dialect has none.
 */
export const PHONE_ANY_COUNTRY = {
  // Digits in groups of any size (079 123 45 67, 0470 12 34 56, 070-123 45 67). CloudWatch accepts no parentheses,
  // so a number written (01) 234 5678 or +353 (0)87 … is not matched, and the note says so.
  pattern: '\\+[0-9]{1,3}[ .-]?[0-9][0-9 .-]{6,14}[0-9]|0[0-9][0-9 .-]{6,12}[0-9]',
  note: 'a number written +<country code> … or 0…, its digits in groups of any size, not one with parentheses such as (01) 234 5678: also other numbers written that way, such as an order number starting with 0',
} as const;

/**
 * A number from a range reserved for fiction, per country, for the canary: the US 555-01xx range, Ofcom's drama
 * range 07700 900000-900999 for the United Kingdom. Other countries fall back to the US one, and the canary says so.
 */
export const PHONE_CANARY_BY_COUNTRY: Readonly<Record<string, string>> = {
  US: '+1 202 555 0143',
  GB: '+44 7700 900143',
};
const PASSPORT_COUNTRIES = ['CA', 'DE', 'ES', 'FR', 'GB', 'IT', 'US'];

/**
 * Every PII entity type Amazon Bedrock Guardrails accepts (`AWS::Bedrock::Guardrail` PiiEntityType enum, 31 values;
 * cfn-lint schema of 2026-06). Catalog entries name only these.
 */
export const BEDROCK_PII_ENTITY_TYPES: readonly string[] = [
  'ADDRESS',
  'AGE',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'CA_HEALTH_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER',
  'CREDIT_DEBIT_CARD_CVV',
  'CREDIT_DEBIT_CARD_EXPIRY',
  'CREDIT_DEBIT_CARD_NUMBER',
  'DRIVER_ID',
  'EMAIL',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'IP_ADDRESS',
  'LICENSE_PLATE',
  'MAC_ADDRESS',
  'NAME',
  'PASSWORD',
  'PHONE',
  'PIN',
  'SWIFT_CODE',
  'UK_NATIONAL_HEALTH_SERVICE_NUMBER',
  'UK_NATIONAL_INSURANCE_NUMBER',
  'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER',
  'URL',
  'USERNAME',
  'US_BANK_ACCOUNT_NUMBER',
  'US_BANK_ROUTING_NUMBER',
  'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  'US_PASSPORT_NUMBER',
  'US_SOCIAL_SECURITY_NUMBER',
  'VEHICLE_IDENTIFICATION_NUMBER',
];

export const CATALOG: Readonly<Record<Kind, CatalogEntry>> = {
  email: {
    kind: 'email',
    canary: 'canary.{id}@example.com',
    description: 'e-mail address',
    dlp: ['EMAIL_ADDRESS'],
    cloudWatch: ['EmailAddress'],
    macie: { ids: ['EMAIL_ADDRESS'], confirmed: false },
    presidio: { entity: 'EMAIL_ADDRESS', exact: true },
    dialogflowEntities: ['@sys.email'],
    lexSlotTypes: ['AMAZON.EmailAddress'],
    bedrock: ['EMAIL'],
    gliner: 'email',
  },
  phone: {
    kind: 'phone',
    canary: '+1 202 555 0143',
    description: 'telephone number',
    dlp: ['PHONE_NUMBER'],
    cloudWatch: PHONE_COUNTRIES.map((c) => `PhoneNumber-${c}`),
    macie: { ids: ['PHONE_NUMBER'], confirmed: false },
    presidio: { entity: 'PHONE_NUMBER', exact: true },
    dialogflowEntities: ['@sys.phone-number'],
    lexSlotTypes: ['AMAZON.PhoneNumber'],
    bedrock: ['PHONE'],
    gliner: 'phone number',
  },
  credit_card: {
    kind: 'credit_card',
    canary: '4111 1111 1111 1111',
    description: 'payment card number (PCI)',
    dlp: ['CREDIT_CARD_NUMBER'],
    cloudWatch: ['CreditCardNumber'],
    cloudWatchKeywordFree: {
      pattern: '[0-9][0-9 -]{11,22}[0-9]',
      note: 'every run of 13-24 digits, spaces and dashes that starts and ends with a digit, without a Luhn check: long phone, account and reference numbers are masked too',
    },
    macie: { ids: ['CREDIT_CARD_NUMBER', 'CREDIT_CARD_NUMBER_(NO_KEYWORD)'], confirmed: true },
    presidio: { entity: 'CREDIT_CARD', exact: true },
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['CREDIT_DEBIT_CARD_NUMBER', 'CREDIT_DEBIT_CARD_CVV', 'CREDIT_DEBIT_CARD_EXPIRY'],
    gliner: 'credit card number',
  },
  iban: {
    kind: 'iban',
    canary: 'GB82 WEST 1234 5698 7654 32',
    description: 'international bank account number',
    dlp: ['IBAN_CODE'],
    cloudWatch: [],
    presidio: { entity: 'IBAN_CODE', exact: true },
    // Either case: an IBAN typed in lower case ("gb82 west …") is still an IBAN, and CloudWatch's dialect has no
    // case-insensitive flag (no groups), so the letters are spelled both ways.
    fallbackPattern: '[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{10,38}[A-Za-z0-9]',
    fallbackNote:
      'two letters, two digits and 11-39 letters, digits or spaces, in either case: no checksum, so some other codes (and text after a code such as ab12) match',
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['INTERNATIONAL_BANK_ACCOUNT_NUMBER'],
    gliner: 'iban',
  },
  us_ssn: {
    kind: 'us_ssn',
    canary: '536-22-8726',
    description: 'US social security number',
    dlp: ['US_SOCIAL_SECURITY_NUMBER'],
    cloudWatch: ['Ssn-US'],
    cloudWatchKeywordFree: {
      pattern: '[0-9]{3}-[0-9]{2}-[0-9]{4}',
      note: 'every number written ddd-dd-dddd, whether or not it is a social security number',
    },
    macie: { ids: ['USA_SOCIAL_SECURITY_NUMBER'], confirmed: false },
    presidio: { entity: 'US_SSN', exact: true, language: 'en' },
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['US_SOCIAL_SECURITY_NUMBER'],
    gliner: 'social security number',
  },
  us_itin: {
    kind: 'us_itin',
    canary: '912-70-1234',
    description: 'US individual taxpayer identification number',
    dlp: ['US_INDIVIDUAL_TAXPAYER_IDENTIFICATION_NUMBER'],
    cloudWatch: ['IndividualTaxIdentificationNumber-US'],
    presidio: { entity: 'US_ITIN', exact: true, language: 'en' },
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER'],
  },
  person_name: {
    kind: 'person_name',
    canary: 'Jane Canary',
    description: "person's name",
    dlp: ['PERSON_NAME'],
    cloudWatch: ['Name'],
    macie: { ids: ['NAME'], confirmed: false },
    presidio: { entity: 'PERSON', exact: true },
    dialogflowEntities: ['@sys.person', '@sys.given-name', '@sys.last-name'],
    lexSlotTypes: ['AMAZON.FirstName', 'AMAZON.LastName'],
    bedrock: ['NAME'],
    gliner: 'person',
  },
  street_address: {
    kind: 'street_address',
    canary: '1600 Amphitheatre Parkway, Mountain View, CA 94043',
    description: 'postal address',
    dlp: ['STREET_ADDRESS'],
    cloudWatch: ['Address'],
    macie: { ids: ['ADDRESS'], confirmed: false },
    presidio: { entity: 'LOCATION', exact: false },
    dialogflowEntities: ['@sys.address', '@sys.street-address', '@sys.zip-code'],
    lexSlotTypes: ['AMAZON.StreetAddress'],
    bedrock: ['ADDRESS'],
  },
  ip_address: {
    kind: 'ip_address',
    canary: '203.0.113.27',
    description: 'IP address',
    dlp: ['IP_ADDRESS'],
    cloudWatch: ['IpAddress'],
    presidio: { entity: 'IP_ADDRESS', exact: true },
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['IP_ADDRESS'],
    gliner: 'ip address',
  },
  date_of_birth: {
    kind: 'date_of_birth',
    canary: '1984-07-12',
    description: 'date of birth',
    dlp: ['DATE_OF_BIRTH'],
    // CloudWatch's DateOfBirth needs a keyword nearby (dob, date of birth, birthday, …) and reads most date formats,
    // month names included (protect-sensitive-log-data-types-pii); the keyword-free identifier adds bare numeric dates.
    cloudWatch: ['DateOfBirth'],
    cloudWatchKeywordFree: {
      pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}',
      note: 'every numeric date, not only dates of birth',
    },
    macie: { ids: ['DATE_OF_BIRTH'], confirmed: true },
    presidio: { entity: 'DATE_TIME', exact: false },
    fallbackPattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}',
    fallbackNote: 'every numeric date, not only dates of birth',
    guardrailPromptsOnly: true,
    dialogflowEntities: ['@sys.date'],
    lexSlotTypes: ['AMAZON.Date'],
    bedrock: [],
    gliner: 'date of birth',
  },
  passport: {
    kind: 'passport',
    canary: 'X31195855',
    description: 'passport number',
    dlp: ['PASSPORT', 'US_PASSPORT'],
    cloudWatch: PASSPORT_COUNTRIES.map((c) => `PassportNumber-${c}`),
    macie: { ids: ['USA_PASSPORT_NUMBER'], confirmed: false },
    presidio: { entity: 'US_PASSPORT', exact: false, language: 'en' },
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['US_PASSPORT_NUMBER'],
    gliner: 'passport number',
  },
  drivers_license: {
    kind: 'drivers_license',
    canary: 'D1234567',
    description: "driver's licence number",
    dlp: ['US_DRIVERS_LICENSE_NUMBER'],
    cloudWatch: ['DriversLicense-US'],
    macie: { ids: ['DRIVERS_LICENSE'], confirmed: true },
    presidio: { entity: 'US_DRIVER_LICENSE', exact: true, language: 'en' },
    dialogflowEntities: [],
    lexSlotTypes: [],
    bedrock: ['DRIVER_ID'],
  },
  url: {
    kind: 'url',
    canary: 'https://canary-{id}.example.com/account',
    description: 'URL (may carry tokens and identifiers)',
    dlp: ['URL'],
    cloudWatch: [],
    presidio: { entity: 'URL', exact: true },
    fallbackPattern: 'https?.//[^ ]+',
    fallbackNote:
      'every http(s) URL up to the next space ("." stands for ":", which CloudWatch patterns cannot contain)',
    dialogflowEntities: ['@sys.url'],
    lexSlotTypes: [],
    bedrock: ['URL'],
  },
};

/** DLP infoTypes that Google serves only from the `global` location. */
export const DLP_GLOBAL_ONLY_INFO_TYPES: readonly string[] = ['LOCATION', 'ORGANIZATION_NAME'];

/** Kind that owns a Dialogflow CX system entity, if any. */
export function kindOfDialogflowEntity(entity: string): Kind | undefined {
  const name = entity.trim();
  return KINDS.find((k) => CATALOG[k].dialogflowEntities.includes(name));
}

/** Kind that owns a Lex V2 built-in slot type, if any. */
export function kindOfLexSlotType(slotType: string): Kind | undefined {
  return KINDS.find((k) => CATALOG[k].lexSlotTypes.includes(slotType));
}
