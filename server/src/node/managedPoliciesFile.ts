import * as fs from 'fs';
import * as path from 'path';
import { ManagedPolicies } from '../engine/managedPolicies';

/** File name of the generated data; scripts/build.mjs copies it next to the bundles in dist/. */
export const MANAGED_POLICIES_FILE = 'aws-managed-policies.json';

function locate(): string | undefined {
	return [path.join(__dirname, MANAGED_POLICIES_FILE), path.join(__dirname, '..', 'catalog', MANAGED_POLICIES_FILE), path.join(__dirname, '..', '..', '..', '..', 'server', 'src', 'catalog', MANAGED_POLICIES_FILE)].find((p) => fs.existsSync(p));
}

/** The generated file's text. Throws when it is missing. */
export function readManagedPoliciesText(): string {
	const file = locate();
	if (!file) throw new Error(`${MANAGED_POLICIES_FILE} not found next to ${__dirname}`);
	return fs.readFileSync(file, 'utf8');
}

let loaded: ManagedPolicies | undefined;

/** Reads and parses the AWS managed policies once per process; `onError` hears why they are unavailable. */
export function loadManagedPolicies(onError?: (message: string) => void): ManagedPolicies | undefined {
	if (loaded) return loaded;
	try {
		loaded = ManagedPolicies.parse(readManagedPoliciesText());
	} catch (e) {
		onError?.(`AWS managed policies unavailable: ${(e as Error)?.message ?? String(e)}`);
	}
	return loaded;
}
