/** Stack name of a project and location's CX Agent Studio apps: `<policy>-ces-<project>-<location>`. */
export function cesStackName(policy: string, project: string, location: string): string {
  return `${policy}-ces-${project}-${location}`;
}
