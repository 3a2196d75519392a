/**
 * Writes lib/report/gate/replacement.json: for each resource type the gate knows, the properties whose change makes
 * the deploy tool replace the resource. CloudFormation from @aws-cdk/aws-service-spec (causesReplacement "yes" or
 * "maybe"; isStateful); Terraform from the google 6.50.0 schema's force_new facts (../shared), with the handwritten
 * provider resources it has none for taken from the provider's source (listed below with their files). `npm run
 * replacement`; test/report/impact.test.ts fails when the file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { knownTypes } from '../lib/report/gate/shapes';

const ROOT = path.join(__dirname, '..');
export const REPLACEMENT_FILE = path.join(ROOT, 'lib', 'report', 'gate', 'replacement.json');
export const GOOGLE_SCHEMA = path.join(ROOT, '..', 'shared', 'reference', 'gcp', 'google-6.50.0-schema.json');
export const CES_SCHEMA = path.join(ROOT, '..', 'shared', 'reference', 'gcp', 'google-ces-schema.json');

/**
 * Handwritten resources of the provider (the schema carries no force_new for them), from
 * hashicorp/terraform-provider-google: google/services/storage/resource_storage_bucket.go (name, location, project,
 * enable_object_retention), google/services/logging/resource_logging_bucket_config.go (location, bucket_id; project
 * from the parent schema). IAM member and binding resources are immutable: any argument but the meta-arguments
 * replaces them.
 */
const HANDWRITTEN: Readonly<Record<string, readonly string[]>> = {
  google_storage_bucket: ['name', 'location', 'project', 'enable_object_retention'],
  google_logging_project_bucket_config: ['location', 'bucket_id', 'project'],
  google_logging_project_sink: ['name', 'project'],
  google_logging_project_exclusion: ['name', 'project'],
  google_project_service: ['service', 'project'],
};
const IAM = /_iam_(member|binding)$/;

export interface ReplacementData {
  readonly sources: { readonly cloudFormation: string; readonly terraform: string };
  readonly cloudFormation: Record<string, { readonly replaces: readonly string[]; readonly stateful: boolean }>;
  readonly terraform: Record<string, { readonly replaces: readonly string[] }>;
}

export function generateReplacement(
  googleSchema: Record<string, { fields?: Record<string, { force_new?: boolean }> }> | undefined,
  previous?: ReplacementData,
): ReplacementData {
  const db = loadAwsServiceSpecSync();
  const cfn: ReplacementData['cloudFormation'] = {};
  const tf: ReplacementData['terraform'] = {};
  for (const type of knownTypes()) {
    if (type.startsWith('AWS::')) {
      const found = db.lookup('resource', 'cloudFormationType', 'equals', type);
      if (found.length !== 1) continue;
      const r = found.only();
      const replaces = Object.entries(r.properties)
        .filter(([, p]) => p.causesReplacement === 'yes' || p.causesReplacement === 'maybe')
        .map(([k]) => k)
        .sort();
      cfn[type] = { replaces, stateful: r.isStateful === true };
    } else if (/^google_/.test(type)) {
      if (IAM.test(type)) tf[type] = { replaces: ['*'] };
      else if (HANDWRITTEN[type]) tf[type] = { replaces: [...HANDWRITTEN[type]].sort() };
      else if (googleSchema?.[type]) {
        tf[type] = {
          replaces: Object.entries(googleSchema[type].fields ?? {})
            .filter(([, f]) => f.force_new)
            .map(([k]) => k)
            .sort(),
        };
      } else if (previous?.terraform[type]) tf[type] = previous.terraform[type];
    }
  }
  return {
    sources: {
      cloudFormation: '@aws-cdk/aws-service-spec (causesReplacement yes or maybe)',
      terraform:
        'hashicorp/google 6.50.0 schema force_new (google_ces_*: the 7.45.0 schema), and the provider source for handwritten resources',
    },
    cloudFormation: cfn,
    terraform: tf,
  };
}

if (require.main === module) {
  const schema = fs.existsSync(GOOGLE_SCHEMA)
    ? (JSON.parse(fs.readFileSync(GOOGLE_SCHEMA, 'utf8')) as Parameters<typeof generateReplacement>[0])
    : undefined;
  // The google_ces_* types of provider 7.45 (the CX Agent Studio stacks pin it), in the same format.
  if (schema && fs.existsSync(CES_SCHEMA)) Object.assign(schema, JSON.parse(fs.readFileSync(CES_SCHEMA, 'utf8')));
  if (!schema)
    process.stderr.write(`${GOOGLE_SCHEMA} not found: the Terraform part keeps what ${REPLACEMENT_FILE} has\n`);
  const previous = fs.existsSync(REPLACEMENT_FILE)
    ? (JSON.parse(fs.readFileSync(REPLACEMENT_FILE, 'utf8')) as ReplacementData)
    : undefined;
  fs.writeFileSync(REPLACEMENT_FILE, JSON.stringify(generateReplacement(schema, previous), null, 2) + '\n');
}
