import type { HostNode as Node } from '../host/tree';
import { DiagnosticCode } from '../codes';
import type { FixProvider } from './types';

function nodeAt(root: Node, offset: number, length: number): Node | undefined {
	let found: Node | undefined;
	const visit = (n: Node): void => {
		if (n.offset > offset || n.offset + n.length < offset + length) return;
		if (n.offset === offset && n.length === length) found = n;
		for (const c of n.children ?? []) visit(c);
	};
	visit(root);
	return found;
}

/** Codes whose finding carries `data.replacement`: the exact string that should be there. */
const TITLES: Partial<Record<string, (from: string, to: string) => string>> = {
	[DiagnosticCode.ActionMalformed]: (from, to) => `Change "${from}" to "${to}"`,
	[DiagnosticCode.EffectInvalid]: (_from, to) => `Change "Effect" to "${to}"`,
	[DiagnosticCode.VersionUnknown]: (_from, to) => `Set "Version" to "${to}"`,
	[DiagnosticCode.VersionOutdated]: (_from, to) => `Set "Version" to "${to}"`,
	[DiagnosticCode.KeyUnknown]: (from, to) => `Rename "${from}" to "${to}"`,
	[DiagnosticCode.ActionCase]: (from, to) => `Write "${from}" as AWS does: "${to}"`,
	[DiagnosticCode.ActionUnknown]: (_from, to) => `Did you mean "${to}"?`,
	[DiagnosticCode.ActionUnknownService]: (_from, to) => `Did you mean "${to}"?`,
};

/**
 * Replaces the string (value or key) a finding points at with `data.replacement`, or offers each
 * of `data.suggestions`. Shared by every "write it like this" finding, including ones added later.
 */
export const replaceString: FixProvider = ({ analysis, finding, editor }) => {
	const root = analysis.model?.root;
	const node = root && nodeAt(root, finding.span.offset, finding.span.length);
	if (!node || node.type !== 'string') return [];
	const from = String(node.value ?? '');
	const replacement = finding.data?.replacement;
	const suggestions = Array.isArray(finding.data?.suggestions) ? (finding.data!.suggestions as unknown[]).filter((s): s is string => typeof s === 'string') : [];
	const targets = typeof replacement === 'string' ? [replacement] : suggestions;
	const title = TITLES[finding.code] ?? ((f: string, t: string) => `Change "${f}" to "${t}"`);
	return targets.map((to, i) => ({
		title: title(from, to),
		edits: editor.replaceString(node, to),
		isPreferred: typeof replacement === 'string' || (targets.length === 1 && i === 0),
		// A single certain replacement is safe unattended; a choice among suggestions is not.
		fixAll: typeof replacement === 'string',
	}));
};
