import type { IConstruct } from 'constructs';

/**
 * A construct prop the construct cannot honour. Names the construct path and the value received; shared by the
 * AWS and Google Cloud adapters so apps and the CLI report both the same way (no stack trace, exit 2).
 */
export class ConstructPropsError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'ConstructPropsError';
  }

  /** Throws one error listing every problem found, when there are any: a user fixes them all in one go. */
  public static throwIfAny(scope: IConstruct, problems: string[]): void {
    if (problems.length > 0) throw new ConstructPropsError(scope, problems.join('; '));
  }
}
