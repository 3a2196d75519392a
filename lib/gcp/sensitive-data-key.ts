import { createHash } from 'crypto';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { DAY } from '../policy/duration';
import { isBroadGcpMember } from '../policy/principals';
import { GCP_DEFAULTS, ROLES } from './defaults';
import { ConstructPropsError } from './errors';

export interface SensitiveDataKeyProps {
  /** Google Cloud project ID. */
  readonly project: string;
  /** Location of the key ring; must be the location of every resource the key protects. */
  readonly location: string;
  /** Key ring name. Key rings are never deleted: a name cannot be reused. */
  readonly keyRingName: string;
  /** Crypto key name. */
  readonly keyName: string;
  /**
   * Rotation period in seconds, at least 86400.
   * @default 7776000 (90 days)
   */
  readonly rotationPeriodSeconds?: number;
  /**
   * How long a destroyed key version waits before it is gone. Fixed at creation: changing it replaces the key.
   * @default 2592000 (30 days)
   */
  readonly destroyScheduledDurationSeconds?: number;
  /**
   * Service agents (IAM members) that encrypt and decrypt with the key: Cloud Storage, Managed Kafka,
   * Dialogflow CMEK. Keyed by a stable name that becomes part of the construct id.
   * @default none
   */
  readonly serviceAgents?: Record<string, string>;
  /**
   * The only people or groups allowed to decrypt (IAM members such as `group:privacy@example.com`).
   * `allUsers`, `allAuthenticatedUsers` and wildcards are refused.
   * @default none
   */
  readonly decrypters?: string[];
  /** @default none */
  readonly labels?: Record<string, string>;
}

/**
 * A Cloud KMS key ring and a symmetric key for sensitive data, with rotation, `prevent_destroy` (destroying a key
 * destroys the data it protects), and IAM granted to exactly the service agents that use it and the named
 * decrypters. No primitive roles, no public members.
 *
 * Terraform: `google_kms_key_ring`, `google_kms_crypto_key`, `google_kms_crypto_key_iam_member` (one per grant).
 */
/** `Decrypter-group-privacy-officers-example-com-1a2b3c4d`: a readable slug of the member and a hash of it. */
export function memberId(prefix: string, member: string): string {
  const slug = member
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${prefix}-${slug}-${createHash('sha256').update(member).digest('hex').slice(0, 8)}`;
}

export class SensitiveDataKey extends Construct {
  public readonly keyRing: KmsKeyRing;
  public readonly key: KmsCryptoKey;
  /** Full key id (`projects/P/locations/L/keyRings/R/cryptoKeys/K`), for CMEK settings. */
  public readonly keyId: string;
  public readonly location: string;
  /** IAM grants by service agent name: resources that use the key depend on theirs. */
  public readonly serviceAgentGrants: Readonly<Record<string, KmsCryptoKeyIamMember>>;
  public readonly decrypterGrants: KmsCryptoKeyIamMember[];

  constructor(scope: Construct, id: string, props: SensitiveDataKeyProps) {
    super(scope, id);
    const rotation = props.rotationPeriodSeconds ?? GCP_DEFAULTS.rotationPeriodSeconds;
    if (!Number.isInteger(rotation) || rotation < DAY) {
      throw new ConstructPropsError(
        this,
        `rotationPeriodSeconds received ${rotation}; expected a whole number of seconds, at least ${DAY} (1 day)`,
      );
    }
    const destroy = props.destroyScheduledDurationSeconds ?? GCP_DEFAULTS.destroyScheduledDurationSeconds;
    for (const member of [...(props.decrypters ?? []), ...Object.values(props.serviceAgents ?? {})]) {
      if (!Token.isUnresolved(member) && isBroadGcpMember(member)) {
        throw new ConstructPropsError(
          this,
          `received the member "${member}"; public, wildcard, domain-wide and principal-set members may never use a key for sensitive data`,
        );
      }
    }
    this.location = props.location;
    this.keyRing = new KmsKeyRing(this, 'KeyRing', {
      project: props.project,
      location: props.location,
      name: props.keyRingName,
      lifecycle: { preventDestroy: true },
    });
    this.key = new KmsCryptoKey(this, 'Resource', {
      keyRing: this.keyRing.id,
      name: props.keyName,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: `${rotation}s`,
      destroyScheduledDuration: `${destroy}s`,
      labels: props.labels,
      lifecycle: { preventDestroy: true },
    });
    this.keyId = this.key.id;

    const grants: Record<string, KmsCryptoKeyIamMember> = {};
    for (const [name, member] of Object.entries(props.serviceAgents ?? {})) {
      grants[name] = new KmsCryptoKeyIamMember(this, `EncrypterDecrypter-${name}`, {
        cryptoKeyId: this.key.id,
        role: ROLES.encrypterDecrypter,
        member,
      });
    }
    this.serviceAgentGrants = grants;
    // Named by who they grant, never by position: removing the first decrypter must leave the second's address (and
    // its binding) alone. A member given as a token has no identity to name it by: it keeps its position.
    this.decrypterGrants = (props.decrypters ?? []).map((member, i) => {
      if (Token.isUnresolved(member))
        return new KmsCryptoKeyIamMember(this, `Decrypter${i}`, {
          cryptoKeyId: this.key.id,
          role: ROLES.decrypter,
          member,
        });
      // No moved block from the positional Decrypter<i> of unreleased builds: cdktf checks `terraform version` on
      // every synth of a stack with one, so a review job without Terraform could not synthesize (see CHANGELOG).
      return new KmsCryptoKeyIamMember(this, memberId('Decrypter', member), {
        cryptoKeyId: this.key.id,
        role: ROLES.decrypter,
        member,
      });
    });
  }
}
