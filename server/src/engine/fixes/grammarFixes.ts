import type { FixProvider } from './types';

/** action-duplicate: remove the second listing. */
export const removeDuplicateAction: FixProvider = ({ analysis, finding, editor }) => {
	for (const s of analysis.model?.statements ?? []) {
		const list = s.action?.valueNode;
		if (list?.type !== 'array') continue;
		const index = (list.children ?? []).findIndex((n) => n.offset === finding.span.offset);
		if (index >= 0) return [{ title: `Remove the duplicate ${String(list.children![index].value)}`, edits: editor.removeListItems(list, [index]) ?? [], isPreferred: true, fixAll: true }];
	}
	return [];
};

/** version-missing: add "Version": "2012-10-17" as the first key. */
export const addVersion: FixProvider = ({ analysis, editor }) => {
	const root = analysis.model?.root;
	if (!root) return [];
	return [{ title: 'Add "Version": "2012-10-17"', edits: editor.addProperty(root, 'Version', '2012-10-17', 'first'), isPreferred: true, fixAll: true }];
};

/** sid-invalid: keep only the letters and digits IAM accepts. */
export const sanitizeSid: FixProvider = ({ analysis, finding, editor }) => {
	const statement = analysis.model?.statements.find((s) => s.sid?.node.offset === finding.span.offset);
	if (!statement?.sid) return [];
	const clean = statement.sid.value.replace(/[^A-Za-z0-9]/g, '');
	return [{ title: `Change the Sid to "${clean}"`, edits: editor.replaceString(statement.sid.node, clean), isPreferred: true, fixAll: false }];
};

/** sid-duplicate: number the second one. */
export const renumberSid: FixProvider = ({ analysis, finding, editor }) => {
	const model = analysis.model;
	const statement = model?.statements.find((s) => s.sid?.node.offset === finding.span.offset);
	if (!model || !statement?.sid) return [];
	const taken = new Set(model.statements.map((s) => s.sid?.value));
	let n = 2;
	while (taken.has(`${statement.sid.value}${n}`)) n++;
	const sid = `${statement.sid.value}${n}`;
	return [{ title: `Rename this Sid to "${sid}"`, edits: editor.replaceString(statement.sid.node, sid), isPreferred: true, fixAll: false }];
};

/** action-redundant: remove the entries a wildcard of the same list already covers. */
export const removeRedundantActions: FixProvider = ({ analysis, finding, editor }) => {
	const statement = analysis.model?.statements.find((s) => s.index === finding.data?.statement);
	const list = statement?.action?.valueNode;
	const spans = finding.data?.spans as { offset: number }[] | undefined;
	if (!list || list.type !== 'array' || !spans?.length) return [];
	const indices = (list.children ?? []).map((n, i) => (spans.some((s) => s.offset === n.offset) ? i : -1)).filter((i) => i >= 0);
	// Never empty the list: the covering wildcard itself is always kept.
	if (indices.length === 0 || indices.length >= (list.children?.length ?? 0)) return [];
	const edits = editor.removeListItems(list, indices);
	const n = indices.length;
	return edits ? [{ title: `Remove ${n} entr${n === 1 ? 'y' : 'ies'} covered by a wildcard`, edits, isPreferred: true, fixAll: false }] : [];
};
