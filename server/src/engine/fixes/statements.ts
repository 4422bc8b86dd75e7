import type { TextEdit } from '../edits';
import type { HostEditor } from '../host/syntax';
import type { HostNode as Node } from '../host/tree';
import { PolicyModel, propertyValue, Statement } from '../policyModel';
import { sidFor } from '../policyTemplates';

/** A Sid built from words ("veeam-aws-ec2-restore" → "VeeamAwsEc2Restore"), unique in the policy. */
export function uniqueSid(model: PolicyModel, words: string, suffix = '', alsoTaken: ReadonlySet<string> = new Set()): string {
	const base = sidFor(words, suffix);
	const taken = new Set([...model.statements.map((s) => s.sid?.value), ...alsoTaken]);
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/**
 * Edits that add a statement to the policy: appended to the `Statement` list; a single
 * `Statement` object is first made a list (its text kept as it is); a policy without
 * `Statement` gets one. A syntax with its own way (a Terraform `statement` block) decides itself.
 */
export function addStatementEdits(model: PolicyModel, editor: HostEditor, statement: Record<string, unknown> | Record<string, unknown>[]): TextEdit[] {
	const statements = Array.isArray(statement) ? statement : [statement];
	const property = model.statementProperty;
	const own = editor.addStatements?.(model.root, property, statements);
	if (own) return own;
	const value = property && propertyValue(property);
	if (value?.type === 'array') return editor.insertListItems(value, value.children?.length ?? 0, statements);
	if (value?.type === 'object') return editor.scalarToList(value, [{}, ...statements], 0);
	if (!property) return editor.addProperty(model.root, 'Statement', statements, 'last');
	return [];
}

/** Is the existing list sorted case-insensitively (so insertions keep it sorted)? */
function isSorted(values: string[]): boolean {
	for (let i = 1; i < values.length; i++) if (values[i - 1].toLowerCase() > values[i].toLowerCase()) return false;
	return true;
}

/**
 * Edits that add string values to a statement's Action/NotAction (or a Principal list):
 * into the list (sorted in place when the list is sorted, else appended alphabetically), or
 * turning a single string into a list.
 */
export function addToStringList(editor: HostEditor, valueNode: Node, additions: string[]): TextEdit[] {
	const sortedAdditions = [...additions].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
	if (valueNode.type === 'string') {
		const existing = String(valueNode.value ?? '');
		const all = isSorted([existing, ...sortedAdditions]) || existing.toLowerCase() < sortedAdditions[0].toLowerCase() ? [existing, ...sortedAdditions] : [...sortedAdditions.filter((a) => a.toLowerCase() < existing.toLowerCase()), existing, ...sortedAdditions.filter((a) => a.toLowerCase() >= existing.toLowerCase())];
		return editor.scalarToList(valueNode, all, all.indexOf(existing));
	}
	if (valueNode.type !== 'array') return [];
	const items = valueNode.children ?? [];
	const existing = items.map((n) => (typeof n.value === 'string' ? n.value : ''));
	if (!isSorted(existing) || items.some((n) => n.type !== 'string')) return editor.insertListItems(valueNode, items.length, sortedAdditions);
	const byIndex = new Map<number, string[]>();
	for (const a of sortedAdditions) {
		let index = existing.findIndex((e) => e.toLowerCase() > a.toLowerCase());
		if (index < 0) index = items.length;
		byIndex.set(index, [...(byIndex.get(index) ?? []), a]);
	}
	return [...byIndex.entries()].flatMap(([index, values]) => editor.insertListItems(valueNode, index, values));
}

/** The statement a finding's `data.statement` names. */
export function statementAt(model: PolicyModel | undefined, index: unknown): Statement | undefined {
	return typeof index === 'number' ? model?.statements.find((s) => s.index === index) : undefined;
}
