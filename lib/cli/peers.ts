import { InputError } from './io';

/** The optional peer dependencies each synthesis target needs (package.json's peerDependencies, as ranges). */
export const TARGET_PEERS = {
  aws: {
    why: 'lex agents are synthesized with the AWS CDK',
    packages: ['aws-cdk-lib@^2.273.0', 'constructs@^10.5.1', 'cdk-nag@^3.0.2'],
  },
  gcp: {
    why: 'dialogflow-cx agents are synthesized with CDK for Terraform',
    packages: ['cdktf@^0.21.0', '@cdktf/provider-google@^16.12.1', 'constructs@^10.5.1'],
  },
} as const;

/**
 * Loads a target's module; when one of its peer dependencies is not installed, says which to install instead of a
 * MODULE_NOT_FOUND trace. (An AWS-only platform repo installs neither cdktf nor the Google provider.)
 */
export function loadTarget<T>(target: keyof typeof TARGET_PEERS, load: () => T): T {
  try {
    return load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing =
      err.code === 'MODULE_NOT_FOUND'
        ? TARGET_PEERS[target].packages.find((p) => err.message.includes(`'${p.slice(0, p.lastIndexOf('@'))}`))
        : undefined;
    if (!missing) throw e;
    const { why, packages } = TARGET_PEERS[target];
    throw new InputError(
      `${why}, and ${missing.slice(0, missing.lastIndexOf('@'))} is not installed: npm install --save-dev ${packages.join(' ')}`,
    );
  }
}
