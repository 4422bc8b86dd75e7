import { ManagedPolicies } from '../engine/managedPolicies';
import { parsedOnce, readDataFile } from './dataFile';

/** File name of the generated data; scripts/build.mjs copies it next to the bundles in dist/. */
export const MANAGED_POLICIES_FILE = 'aws-managed-policies.json';

/** The generated file's text. Throws when it is missing. */
export function readManagedPoliciesText(): string {
	return readDataFile(MANAGED_POLICIES_FILE, 'AWS managed policies file');
}

/** The AWS managed policies, read and parsed once per process. */
export const loadManagedPolicies = parsedOnce(readManagedPoliciesText, (text) => ManagedPolicies.parse(text), 'AWS managed policies');
