import { Construct } from 'constructs';

/** A construct prop the construct cannot honour: names the construct path and the value received. */
export class ConstructPropsError extends Error {
  constructor(scope: Construct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'ConstructPropsError';
  }
}

/** True when the value is a literal (not a Terraform reference). */
export function isLiteral(value: string | undefined): value is string {
  return value !== undefined && !value.includes('${');
}

/** `us-central1` from `projects/p/locations/us-central1/...`, when the name is literal. */
export function locationOf(name: string | undefined): string | undefined {
  if (!isLiteral(name)) return undefined;
  return /\/locations\/([^/]+)/.exec(name)?.[1];
}
