import { GcsBackend, LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { TerraformBackend } from '../policy/plan';

/**
 * The stack's Terraform backend. Local state uses a path relative to where cdktf runs Terraform
 * (cdktf.out/stacks/<stack>/), so it lands beside cdktf.out/ on any machine instead of the synthesizing machine's
 * absolute directory.
 */
export function applyBackend(stack: TerraformStack, id: string, b: TerraformBackend): void {
  if (b.kind === 'gcs') new GcsBackend(stack, { bucket: b.bucket, prefix: `${b.prefix}/${id}` });
  else if (b.kind === 's3')
    new S3Backend(stack, { bucket: b.bucket, key: `${b.prefix}/${id}.tfstate`, region: b.region, encrypt: true });
  else new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
}
