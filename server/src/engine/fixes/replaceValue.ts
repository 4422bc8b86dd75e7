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
export const replaceString: FixProvider = (ctx) => {
	const { analysis, finding, editor } = ctx;
	if (Array.isArray(finding.data?.spans) && Array.isArray(finding.data?.replacements)) return replaceStrings(ctx);
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

/**
 * Several strings at once (`data.spans` with `data.replacements`, same order): the casing of every
 * name of a statement in one edit, so fix-all and --fix finish in one round.
 */
const replaceStrings: FixProvider = ({ analysis, finding, editor }) => {
	const model = analysis.model;
	const spans = finding.data!.spans as { offset: number; length: number }[];
	const replacements = finding.data!.replacements as unknown[];
	if (!model || spans.length !== replacements.length) return [];
	// The spans are action strings: look them up directly, not by a walk of the tree per span.
	const byOffset = new Map<number, Node>();
	for (const st of model.statements) for (const v of st.action?.values ?? []) byOffset.set(v.node.offset, v.node);
	const edits = [];
	for (const [i, span] of spans.entries()) {
		const found = byOffset.get(span.offset);
		const node = found && found.length === span.length ? found : nodeAt(model.root, span.offset, span.length);
		const to = replacements[i];
		if (!node || node.type !== 'string' || typeof to !== 'string') return [];
		edits.push(...editor.replaceString(node, to));
	}
	const title = finding.code === DiagnosticCode.ActionCase ? `Write the ${edits.length} action names as AWS does` : `Change ${edits.length} values`;
	return [{ title, edits, isPreferred: true, fixAll: true }];
};
