import type { HostPolicy } from './syntax';
import { findProperty, type HostNode } from './tree';

/**
 * The wrappers AWS's CLI prints around a policy document, read as the document they hold:
 * `aws iam get-policy-version` → `{"PolicyVersion": {"Document": {…}}}`,
 * `aws iam get-role` → `{"Role": {"AssumeRolePolicyDocument": {…}}}`, and a bare
 * `{"PolicyDocument": {…}}` (`aws iam get-role-policy`, hand-made files).
 * https://docs.aws.amazon.com/cli/latest/reference/iam/get-policy-version.html
 * https://docs.aws.amazon.com/cli/latest/reference/iam/get-role.html
 * https://docs.aws.amazon.com/cli/latest/reference/iam/get-role-policy.html
 */
export function readWrapper(root: HostNode | undefined): HostPolicy | undefined {
	if (root?.type !== 'object') return undefined;
	const candidates: [string[], HostPolicy['use']][] = [
		[['PolicyVersion', 'Document'], 'identity'],
		[['Role', 'AssumeRolePolicyDocument'], 'trust'],
		[['PolicyDocument'], 'identity'],
	];
	for (const [path, use] of candidates) {
		let node: HostNode | undefined = root;
		let property: HostNode | undefined;
		for (const key of path) {
			property = findProperty(node, key);
			node = property?.children?.[1];
		}
		if (node?.type === 'object' && property) {
			const name = path.join('.');
			return { name, use, root: node, anchor: { offset: property.offset, length: property.children?.[0]?.length ?? property.length } };
		}
	}
	return undefined;
}
