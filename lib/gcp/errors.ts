import { Token } from 'cdktf';
export { ConstructPropsError } from '../construct-error';

/** True when the value is a literal: not a cdktf token (`agent.location`) and not a Terraform expression. */
export function isLiteral(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value) && !value.includes('${');
}

/** `us-central1` from `projects/p/locations/us-central1/...`, when the name is literal. */
export function locationOf(name: string | undefined): string | undefined {
  if (!isLiteral(name)) return undefined;
  return /\/locations\/([^/]+)/.exec(name)?.[1];
}
