import type { CheckerInit } from '../engine';
import { hclSyntax } from '../engine/host/hclSyntax';
import { managedPolicyResolver } from '../engine/managedPolicies';
import { HclParser } from '../engine/syntax/treeSitter';
import { loadManagedPolicies } from './managedPoliciesFile';
import { readTreeSitterWasm } from './treeSitterFiles';

let parser: HclParser | undefined;

/**
 * What the CLI gives `createChecker` for files that hold several policies: the Terraform syntax
 * (its wasm loaded once per process, here) and the AWS managed policies (read on first need).
 * `onError` hears why either is unavailable; checking then goes on without it.
 */
export async function loadHostSupport(onError: (message: string) => void): Promise<Pick<CheckerInit, 'syntaxes' | 'managedPolicy'>> {
	parser ??= new HclParser(readTreeSitterWasm);
	await parser.load();
	if (parser.error) onError(`Terraform files cannot be checked: tree-sitter failed to load (${parser.error})`);
	return { syntaxes: [hclSyntax(parser)], managedPolicy: managedPolicyResolver(() => loadManagedPolicies(onError)) };
}
