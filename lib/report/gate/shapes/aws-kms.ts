/** AWS KMS keys and aliases. */
import { bool, neutral, num, ref, unverified } from '../compare';
import { policyDocument } from '../iam';
import { always, CFN_RETAIN, cfnResource, INERT_ADDED, Shape } from '../shape';

export const TAGS = neutral('tags');
export const DESCRIPTION = neutral('a description');

export const AWS_KMS: Record<string, Shape> = {
  'AWS::KMS::Key': cfnResource(
    {
      Description: DESCRIPTION,
      Tags: TAGS,
      EnableKeyRotation: bool({ strong: true, absent: false, why: 'key rotation' }),
      // KMS rotates yearly when RotationPeriodInDays is absent.
      RotationPeriodInDays: num({ stronger: 'lower', absent: 365, why: 'rotation period' }),
      PendingWindowInDays: num({
        stronger: 'higher',
        absent: 30,
        why: 'waiting period before a key scheduled for deletion is destroyed',
      }),
      KeyPolicy: policyDocument,
      Enabled: neutral('whether the key can be used at all (a disabled key decrypts nothing)'),
      KeySpec: unverified('another key spec: Terraform and CloudFormation replace the key'),
      KeyUsage: unverified('another key usage'),
      MultiRegion: unverified('a multi-Region key: its material can be replicated to other Regions'),
      Origin: unverified('where the key material comes from'),
      BypassPolicyLockoutSafetyCheck: unverified('the key policy lockout check'),
    },
    {
      deletion: CFN_RETAIN,
      added: INERT_ADDED,
      removed: always(
        'neutral',
        'the key leaves the stack (with DeletionPolicy Retain it stays in the account); each store that used it is reviewed with the store',
      ),
    },
  ),
  'AWS::KMS::Alias': cfnResource(
    { AliasName: neutral('an alias name'), TargetKeyId: ref('the key the alias names') },
    { added: INERT_ADDED, removed: always('neutral', 'an alias removed') },
  ),
};
