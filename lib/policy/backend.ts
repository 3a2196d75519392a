/**
 * Where Terraform keeps the state of the Google Cloud stacks. One syntax for the policy's `terraform.backend` and
 * `convoguard synth --backend`: `gcs://bucket/prefix`, or `s3://bucket/prefix?region=eu-west-2` for teams that keep
 * all state in S3. Without one, state stays in local files beside cdktf.out/, which an ephemeral CI runner loses.
 */
export type TerraformBackend =
  | { readonly kind: 'gcs'; readonly bucket: string; readonly prefix: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string; readonly region: string }
  | { readonly kind: 'local' };

export const BACKEND_FORMS = 'gcs://BUCKET/PREFIX or s3://BUCKET/PREFIX?region=REGION';

const GCS_BUCKET = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The backend a URL names, or a message saying what was expected. */
export function parseBackend(url: string): TerraformBackend | { readonly error: string } {
  const m = /^(gcs|s3):\/\/([^/?]+)(?:\/([^?]*))?(?:\?(.*))?$/.exec(url);
  if (!m) return { error: `received ${JSON.stringify(url)}; expected ${BACKEND_FORMS}` };
  const [, scheme, bucket, rawPrefix = '', query] = m;
  const prefix = rawPrefix.replace(/\/+$/, '') || 'convoguard';
  if (!PREFIX.test(prefix))
    return {
      error: `received ${JSON.stringify(url)}; the prefix ${JSON.stringify(prefix)} may hold letters, digits, . _ - and /`,
    };
  const params = new URLSearchParams(query ?? '');
  if (scheme === 'gcs') {
    if (!GCS_BUCKET.test(bucket))
      return { error: `received ${JSON.stringify(url)}; ${JSON.stringify(bucket)} is not a Cloud Storage bucket name` };
    if ([...params.keys()].length > 0)
      return { error: `received ${JSON.stringify(url)}; a gcs:// backend takes no parameters` };
    return { kind: 'gcs', bucket, prefix };
  }
  if (!S3_BUCKET.test(bucket))
    return { error: `received ${JSON.stringify(url)}; ${JSON.stringify(bucket)} is not an S3 bucket name` };
  const region = params.get('region');
  if (!region || !REGION.test(region))
    return {
      error: `received ${JSON.stringify(url)}; an s3:// backend needs ?region=REGION (the bucket's region, such as eu-west-2)`,
    };
  if ([...params.keys()].some((k) => k !== 'region'))
    return { error: `received ${JSON.stringify(url)}; an s3:// backend takes only ?region=` };
  return { kind: 's3', bucket, prefix, region };
}

/** What the plan and `synth` say when state stays local. */
export const LOCAL_STATE_WARNING =
  'no terraform.backend: the Google Cloud stacks keep Terraform state in local files (terraform.<stack>.tfstate beside cdktf.out/); a CI runner loses them, and the next deploy would try to create everything again. Set terraform.backend (gcs://bucket/prefix) or pass --backend';
