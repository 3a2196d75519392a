/**
 * What in a Terraform document the report does not model, each a finding and a weakening: IAM at key-ring or project
 * level, authoritative policies, grants on keys it cannot tie to one of the document, count and for_each, and log
 * sinks convoguard did not create (here or in the project's shared documents).
 */
import type { KeyPosture } from '../../model';
import { agentOf, AGENT_KEY, refAddress, SHARED_KEY, stackOf, TfDoc, TfIndex } from './doc';
import { arr, obj } from './json';
import { DECRYPT_ROLES, OBJECT_READ_ROLES } from './keys';

export function outsideTheModel(
  idx: TfIndex,
  context: readonly TfDoc[],
  keys: ReadonlyMap<string, KeyPosture>,
  keyMembers: ReadonlyArray<{ key: string | undefined }>,
): Array<{ resource: string; what: string }> {
  // IAM the model does not read: key ring or project level, authoritative policies, members on keys it cannot tie to
  // a key of this document. Each can give someone decryption or object reads: it cannot be verified, so it is a finding.
  const modelled = new Set(keyMembers.filter((m) => m.key !== undefined && keys.has(m.key)).map((m) => m.key));
  const found: Array<{ resource: string; what: string }> = [];
  for (const [type, rs] of Object.entries(idx.all)) {
    const kmsIam = /^google_kms_(key_ring|crypto_key)_iam_(member|binding|policy)$/.test(type);
    const projectIam = /^google_project_iam_(member|binding|policy)$/.test(type);
    const bucketPolicy = type === 'google_storage_bucket_iam_policy';
    if (!kmsIam && !projectIam && !bucketPolicy) continue;
    for (const [name, r] of Object.entries(rs)) {
      const address = `${type}.${name}`;
      const who = [r.member, ...arr(r.members)].filter((m) => m !== undefined).map(String);
      if (type === 'google_kms_crypto_key_iam_member' || type === 'google_kms_crypto_key_iam_binding') {
        // A custom role's permissions are defined elsewhere (it may hold cloudkms.cryptoKeyVersions.useToDecrypt).
        if (/^(projects|organizations)\//.test(String(r.role ?? ''))) {
          found.push({
            resource: address,
            what: `${address} grants the custom role ${String(r.role)} to ${who.join(', ')}; its permissions are not in this output`,
          });
          continue;
        }
        if (modelled.has(refAddress(r.crypto_key_id))) continue;
        found.push({
          resource: address,
          what: `${address} grants ${String(r.role)} to ${who.join(', ')} on a key this output does not define (${JSON.stringify(r.crypto_key_id)})`,
        });
      } else if (projectIam) {
        const role = String(r.role ?? '');
        if (DECRYPT_ROLES.includes(role) || OBJECT_READ_ROLES.includes(role) || type === 'google_project_iam_policy') {
          found.push({
            resource: address,
            what: `${address} grants ${role || 'a project policy'} to ${who.join(', ') || 'its members'} on the whole project`,
          });
        }
      } else {
        found.push({
          resource: address,
          what: `${address} (${type}) sets ${String(r.role ?? 'a policy')} for ${who.join(', ') || 'its members'}, outside what the report models`,
        });
      }
    }
  }

  // Meta-arguments that can make a resource the reader sees absent (count = 0) or many, and log sinks convoguard did
  // not create (they copy Dialogflow's request logs somewhere the report does not see).
  for (const [type, rs] of Object.entries(idx.all)) {
    for (const [name, r] of Object.entries(rs)) {
      const address = `${type}.${name}`;
      for (const meta of ['count', 'for_each'] as const) {
        if (r[meta] !== undefined)
          found.push({
            resource: address,
            what: `${address} sets ${meta} = ${JSON.stringify(r[meta]).slice(0, 60)}, which decides whether (and how often) it exists`,
          });
      }
      if (
        /^google_logging_(project|folder|organization|billing_account)_sink$/.test(type) &&
        agentOf(r) === undefined
      ) {
        found.push({
          resource: address,
          what: `${address} routes log entries (${JSON.stringify(r.filter ?? 'all').slice(0, 60)}) to ${JSON.stringify(r.destination)}, a destination this report does not read`,
        });
      }
    }
  }

  for (const d of context) {
    for (const [type, rs] of Object.entries(d.resource ?? {})) {
      if (!/^google_logging_(project|folder|organization|billing_account)_sink$/.test(type)) continue;
      for (const [name, r] of Object.entries(rs)) {
        const meta = obj(r['//']);
        if (meta[AGENT_KEY] === undefined && meta[SHARED_KEY] === undefined) {
          found.push({
            resource: `${type}.${name}${stackOf(d)}`,
            what: `${type}.${name}${stackOf(d) || ' (shared stack)'} routes log entries (${JSON.stringify(r.filter ?? 'all').slice(0, 60)}) to ${JSON.stringify(r.destination)}, a destination this report does not read`,
          });
        }
      }
    }
  }
  return found;
}
