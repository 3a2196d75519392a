/** Who reads a Lex audio bucket's objects in the clear, from its bucket policy's read deny. */
import { IMPLICIT_READERS, Reader } from '../../../policy/posture';
import type { KeyPosture } from '../../model';
import { keyReaders } from './keys';
import { list, obj, refId, TemplateIndex } from './template';

/**
 * Who reads a bucket's objects in the clear: with a bucket policy that denies s3:GetObject to every principal but
 * a list (the form SensitiveBucket writes), that list and whoever can change the policy; otherwise any principal
 * with s3:GetObject and kms:Decrypt (the key's deny exempts requests made through S3). A deny in another form is
 * not read as a restriction.
 */
export function audioReaders(idx: TemplateIndex, bucketId: string, key: KeyPosture | undefined): Reader[] {
  const open = [...keyReaders(key), IMPLICIT_READERS.s3ObjectReaders];
  const policies = idx.of('AWS::S3::BucketPolicy').filter(([, p]) => refId(p.Properties?.Bucket) === bucketId);
  // S3 keeps one policy per bucket: two in the template leave which one deploys open, so neither is trusted.
  if (policies.length !== 1) return open;
  const [, p] = policies[0];
  // The deny must cover every object of this bucket (its ARN and /*), and its only condition must be an exemption by
  // aws:PrincipalArn. IAM compares condition operators and keys without case, so they are read without case too.
  const coversObjects = (r: unknown) => {
    const join = list(obj(r)['Fn::Join']);
    const parts = join.length === 2 ? list(join[1]) : [];
    return parts.length === 2 && refId(parts[0]) === bucketId && parts[1] === '/*';
  };
  for (const s of list(obj(p.Properties?.PolicyDocument).Statement).map(obj)) {
    const actions = list(s.Action).map(String);
    const everyone = s.Principal === '*' || obj(s.Principal).AWS === '*';
    if (
      s.Effect !== 'Deny' ||
      !everyone ||
      s.NotResource !== undefined ||
      !actions.includes('s3:GetObject') ||
      !actions.includes('s3:GetObjectVersion')
    )
      continue;
    if (!list(s.Resource).some(coversObjects)) continue;
    const operators = Object.entries(obj(s.Condition));
    if (operators.length === 0) return [IMPLICIT_READERS.bucketPolicyAdmins];
    if (operators.length !== 1 || operators[0][0].toLowerCase() !== 'arnnotequals') continue;
    const keys = Object.entries(obj(operators[0][1]));
    if (keys.length !== 1 || keys[0][0].toLowerCase() !== 'aws:principalarn') continue;
    return [
      ...list(keys[0][1]).map((a) => ({
        who: typeof a === 'string' ? a : JSON.stringify(a),
        via: "the bucket policy's read deny exempts it",
        named: true,
      })),
      IMPLICIT_READERS.bucketPolicyAdmins,
    ];
  }
  return open;
}
