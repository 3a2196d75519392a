/** The KMS keys of a template: who may decrypt through the key policy, and what the reader cannot resolve in it. */
import { IMPLICIT_READERS, Reader } from '../../../policy/posture';
import type { KeyPosture } from '../../model';
import { obj, list, literal, Resource } from './template';
import { principals, decrypts, statementsUnverified } from './iam';

/** A key as a posture: rotation, deletion protection, who may decrypt directly (a deny to everyone but a list takes it from the account root) and the services the deny exempts. */
export function readKey(id: string, k: Resource, account?: string): KeyPosture {
  const statements = list(obj(k.Properties?.KeyPolicy).Statement).map(obj);
  const decrypting = statements.filter((s) => s.Effect === 'Allow' && decrypts(s));
  // A deny of kms:Decrypt to every principal (with exceptions) takes direct decryption from the account root.
  const denied = statements.some(
    (s) => s.Effect === 'Deny' && principals(s.Principal, account).includes('*') && decrypts(s),
  );
  const all = decrypting
    .flatMap((s) => principals(s.Principal, account))
    .filter((p) => !(denied && p === 'account root'));
  // The deny's kms:ViaService exemptions: requests made through these services decrypt for whoever the service lets read.
  const via = statements
    .filter((s) => s.Effect === 'Deny' && decrypts(s))
    .flatMap((s) => list(obj(obj(s.Condition).StringNotEquals)['kms:ViaService']))
    .map((v) => (typeof v === 'string' ? (/^([a-z0-9-]+)\./.exec(v)?.[1] ?? v) : JSON.stringify(v)));
  return {
    resource: id,
    name: id,
    rotationDays:
      k.Properties?.EnableKeyRotation === true
        ? typeof k.Properties?.RotationPeriodInDays === 'number'
          ? k.Properties.RotationPeriodInDays
          : 365
        : undefined,
    deletionProtected: k.DeletionPolicy === 'Retain',
    decrypters: [...new Set(all.filter((p) => p !== 'account root'))].sort(),
    accountAdmins: all.includes('account root'),
    ...(via.length > 0 ? { throughServices: [...new Set(via)].sort() } : {}),
  };
}

/** The readers a key's policy lets decrypt a store encrypted with it. */
export function keyReaders(key: KeyPosture | undefined): Reader[] {
  if (!key) return [];
  return [
    ...key.decrypters.map((who) => ({ who, via: 'key policy', named: true })),
    key.accountAdmins ? IMPLICIT_READERS.awsAccountAdmins : IMPLICIT_READERS.awsKeyPolicyAdmins,
  ];
}

/** What cannot be verified about a key: rotation or its policy through functions the reader cannot resolve. */
export function keyUnverified(id: string, k: Resource): Array<{ resource: string; what: string }> {
  const out: Array<{ resource: string; what: string }> = [];
  const p = k.Properties ?? {};
  if (!literal(p.EnableKeyRotation))
    out.push({ resource: id, what: `EnableKeyRotation is ${JSON.stringify(p.EnableKeyRotation)}` });
  if (!literal(p.RotationPeriodInDays))
    out.push({ resource: id, what: `RotationPeriodInDays is ${JSON.stringify(p.RotationPeriodInDays)}` });
  const policy = p.KeyPolicy;
  out.push(...statementsUnverified(policy, 'the key policy').map((what) => ({ resource: id, what })));
  return out;
}
