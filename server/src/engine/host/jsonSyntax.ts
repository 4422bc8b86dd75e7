import { ParseError, parseTree } from 'jsonc-parser';
import { parseDocument, type ParsedText } from '../parse';
import { isCloudFormation, markIntrinsics, readCloudFormation } from './cloudformation';
import { JsonEditor } from './jsonEditor';
import type { HostDocument, HostSyntax } from './syntax';
import { readWrapper } from './wrappers';

/**
 * JSON files that are not a policy themselves but hold one: the CLI's wrappers and CloudFormation
 * templates. (A standalone policy takes the engine's direct path, unchanged.)
 */
export function readJsonHost(parsed: ParsedText): HostDocument | undefined {
	const root = parsed.root;
	if (!root || root.type !== 'object') return undefined;
	if (isCloudFormation(root)) {
		markIntrinsics(root, parsed.text);
		const { policies, roles } = readCloudFormation(root);
		return { syntax: 'json', format: 'cloudformation', text: parsed.text, findings: parsed.findings, policies, roles };
	}
	const wrapped = readWrapper(root);
	if (wrapped) return { syntax: 'json', format: 'wrapper', text: parsed.text, findings: parsed.findings, policies: [wrapped], roles: [] };
	return undefined;
}

/** Strings that any JSON file holding IAM contains: a quick "no" for package.json and friends. */
const IAM_MARKERS = ['"Statement"', '"Version"', '"PolicyDocument"', '"AssumeRolePolicyDocument"', '"Document"', '"Resources"'];

export const jsonSyntax: HostSyntax = {
	id: 'json',
	mayContainIam: (text) => IAM_MARKERS.some((m) => text.includes(m)),
	read: (text) => {
		const parsed = parseDocument(text);
		return readJsonHost(parsed) ?? { syntax: 'json', format: 'none', text: parsed.text, findings: [], policies: [], roles: [] };
	},
	editor: (text) => new JsonEditor(text),
	errorCount: (text) => {
		const errors: ParseError[] = [];
		parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
		return errors.length;
	},
};
