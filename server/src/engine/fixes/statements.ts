import type { Node } from 'jsonc-parser';
import { insertIntoArray, Layout, lineIndent, renderValue, TextEdit } from '../edits';
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
 * Edits that add a statement to the policy: appended to the `Statement` array; a single
 * `Statement` object is first wrapped into an array (its text kept as it is); a policy without
 * `Statement` gets one.
 */
export function addStatementEdits(model: PolicyModel, text: string, statement: Record<string, unknown> | Record<string, unknown>[], layout: Layout): TextEdit[] {
	const statements = Array.isArray(statement) ? statement : [statement];
	const property = model.statementProperty;
	const value = property && propertyValue(property);
	if (value?.type === 'array') return insertIntoArray(text, value, value.children?.length ?? 0, statements, layout);
	if (value?.type === 'object') {
		const multiline = /[\r\n]/.test(text.slice(value.offset, value.offset + value.length));
		const indent = lineIndent(text, value.offset);
		const rendered = statements.map((st) => renderValue(st, multiline, indent, layout)).join(multiline ? ',' + layout.eol + indent : ', ');
		return [
			{ offset: value.offset, length: 0, newText: '[' },
			{ offset: value.offset + value.length, length: 0, newText: (multiline ? ',' + layout.eol + indent : ', ') + rendered + ']' },
		];
	}
	if (!property) return addPropertyLast(text, model.root, 'Statement', statements, layout);
	return [];
}

/** Adds `"key": value` after the last property of an object. */
function addPropertyLast(text: string, object: Node, key: string, value: unknown, layout: Layout): TextEdit[] {
	const props = object.children ?? [];
	const close = object.offset + object.length - 1;
	if (props.length === 0) {
		const indent = lineIndent(text, object.offset) + layout.unit;
		return [{ offset: object.offset + 1, length: 0, newText: layout.eol + indent + `${JSON.stringify(key)}: ` + renderValue(value, true, indent, layout) + layout.eol }];
	}
	const last = props[props.length - 1];
	const multiline = /[\r\n]/.test(text.slice(object.offset, close));
	const indent = lineIndent(text, last.offset);
	const rendered = `${JSON.stringify(key)}: ${renderValue(value, multiline, indent, layout)}`;
	return [{ offset: last.offset + last.length, length: 0, newText: (multiline ? ',' + layout.eol + indent : ', ') + rendered }];
}

/** Is the existing list sorted case-insensitively (so insertions keep it sorted)? */
function isSorted(values: string[]): boolean {
	for (let i = 1; i < values.length; i++) if (values[i - 1].toLowerCase() > values[i].toLowerCase()) return false;
	return true;
}

/**
 * Edits that add string values to a statement's Action/NotAction (or a Principal list):
 * into the array (sorted in place when the array is sorted, else appended alphabetically), or
 * turning a single string into an array.
 */
export function addToStringList(text: string, valueNode: Node, additions: string[], layout: Layout): TextEdit[] {
	const sortedAdditions = [...additions].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
	if (valueNode.type === 'string') {
		const multiline = /[\r\n]/.test(text.slice(valueNode.parent?.parent?.offset ?? valueNode.offset, valueNode.offset));
		const indent = lineIndent(text, valueNode.offset);
		const existing = String(valueNode.value ?? '');
		const all = isSorted([existing, ...sortedAdditions]) || existing.toLowerCase() < sortedAdditions[0].toLowerCase() ? [existing, ...sortedAdditions] : [...sortedAdditions.filter((a) => a.toLowerCase() < existing.toLowerCase()), existing, ...sortedAdditions.filter((a) => a.toLowerCase() >= existing.toLowerCase())];
		// The original string's text is kept as is (it may hold escapes); only new items are rendered.
		const original = text.slice(valueNode.offset, valueNode.offset + valueNode.length);
		const items = all.map((v) => (v === existing ? original : JSON.stringify(v)));
		const body = multiline ? '[' + layout.eol + indent + layout.unit + items.join(',' + layout.eol + indent + layout.unit) + layout.eol + indent + ']' : '[' + items.join(', ') + ']';
		return [{ offset: valueNode.offset, length: valueNode.length, newText: body }];
	}
	if (valueNode.type !== 'array') return [];
	const items = valueNode.children ?? [];
	const existing = items.map((n) => (typeof n.value === 'string' ? n.value : ''));
	if (!isSorted(existing) || items.some((n) => n.type !== 'string')) return insertIntoArray(text, valueNode, items.length, sortedAdditions, layout);
	const byIndex = new Map<number, string[]>();
	for (const a of sortedAdditions) {
		let index = existing.findIndex((e) => e.toLowerCase() > a.toLowerCase());
		if (index < 0) index = items.length;
		byIndex.set(index, [...(byIndex.get(index) ?? []), a]);
	}
	return [...byIndex.entries()].flatMap(([index, values]) => insertIntoArray(text, valueNode, index, values, layout));
}

/** The statement a finding's `data.statement` names. */
export function statementAt(model: PolicyModel | undefined, index: unknown): Statement | undefined {
	return typeof index === 'number' ? model?.statements.find((s) => s.index === index) : undefined;
}
