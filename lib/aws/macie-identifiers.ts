import * as macie from 'aws-cdk-lib/aws-macie';
import { Construct } from 'constructs';
import { macieRegexError } from '../policy/detectors';
import { ConstructPropsError } from './errors';

/** A custom pattern of the policy, as a Macie custom data identifier takes it. */
export interface MaciePattern {
  /** The pattern's name in the policy. */
  readonly name: string;
  /** The regular expression (Macie's dialect: checked against it). */
  readonly pattern: string;
}

export interface MacieIdentifiersProps {
  /** The policy's custom patterns. */
  readonly patterns: MaciePattern[];
  /**
   * Create the account's Macie session. Macie has one per account and region: set false when it is already enabled.
   * @default true
   */
  readonly enableMacie?: boolean;
}

/**
 * The policy's custom patterns as Macie custom data identifiers, so Macie's S3 discovery jobs find the same
 * business identifiers the logs mask. Off by default in `AwsAgentProtection`. Macie's regex subset is checked:
 * at most 512 characters, no capturing groups, lookaround or backreferences.
 *
 * CloudFormation: `AWS::Macie::Session` (optional), `AWS::Macie::CustomDataIdentifier` × n.
 */
export class MacieIdentifiers extends Construct {
  public readonly identifiers: macie.CfnCustomDataIdentifier[];

  constructor(scope: Construct, id: string, props: MacieIdentifiersProps) {
    super(scope, id);
    const problems = props.patterns.flatMap((p) => {
      const err = macieRegexError(p.pattern);
      return err ? [`pattern ${p.name} (${JSON.stringify(p.pattern)}) ${err}`] : [];
    });
    ConstructPropsError.throwIfAny(this, problems);
    const session =
      props.enableMacie === false ? undefined : new macie.CfnSession(this, 'Session', { status: 'ENABLED' });
    this.identifiers = props.patterns.map((p) => {
      const identifier = new macie.CfnCustomDataIdentifier(this, p.name, {
        name: p.name,
        regex: p.pattern,
        description: 'convoguard custom detector',
      });
      if (session) identifier.addResourceDependency(session);
      return identifier;
    });
  }
}
