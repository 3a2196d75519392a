/**
 * The oldest aws-cdk-lib (a peer dependency: the platform repo's own copy) convoguard works with, measured by
 * running this package's AWS, report and CLI tests against each version (2026-11):
 * - before 2.258.0 cdk-nag v3 packs (AwsSolutionsChecks, ConvoGuardChecks) cannot run at all (no `appConstruct` on
 *   the validation context), and before 2.262.0 their findings do not fail `cdk synth`: nothing would check the
 *   protection, silently;
 * - before 2.273.0 a finding whose id holds `::` (`AwsSolutions-IAM5[Resource::*]`) is split at it, so neither its
 *   own acknowledgement nor the rule's matches: convoguard's reasoned acknowledgements would fail every synth.
 * Older versions are refused with this explanation instead of synthesizing something unchecked.
 */
import * as fs from 'fs';
import * as path from 'path';

export const AWS_CDK_LIB_SUPPORTED = '2.273.0';

function installedVersion(): string {
  // aws-cdk-lib exports ./package.json; read it from where the library resolves, like the constructs do.
  const file = require.resolve('aws-cdk-lib/package.json');
  return (JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')) as { version: string }).version;
}

/** -1, 0 or 1 as `a` is lower, equal or higher than `b` (release versions, x.y.z). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

let cached: string | undefined;
export function awsCdkLibVersion(): string {
  return (cached ??= installedVersion());
}

/** Why the installed aws-cdk-lib cannot be used, or undefined. */
export function unsupportedAwsCdkLib(version = awsCdkLibVersion()): string | undefined {
  if (compareVersions(version, AWS_CDK_LIB_SUPPORTED) >= 0) return undefined;
  return `aws-cdk-lib ${version} is installed; convoguard needs ${AWS_CDK_LIB_SUPPORTED} or later: before it, cdk-nag v3 packs (ConvoGuardChecks, AwsSolutionsChecks) do not run, do not fail synth or cannot be acknowledged, so nothing would check the protection. npm install --save-dev aws-cdk-lib@^${AWS_CDK_LIB_SUPPORTED}`;
}
