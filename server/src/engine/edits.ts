import type { HostNode as Node } from './host/tree';

/**
 * The only place edits are built. Every edit is computed from the parse tree's offsets and copies
 * the document's own layout (its separators, indentation and line ends), so text outside the edit
 * is never touched: comments survive, a minified policy stays on one line, a tab-indented one stays
 * tab-indented. jsonc-parser's `modify` is not used for insertions because it re-formats the whole
 * enclosing construct (for a one-line policy: the whole document).
 */

export interface TextEdit {
	offset: number;
	length: number;
	newText: string;
}

export interface Layout {
	eol: string;
	/** One level of indentation: a tab or N spaces. */
	unit: string;
}

export function detectLayout(text: string): Layout {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	let unit = '  ';
	let smallest = Infinity;
	for (const m of text.matchAll(/\n([ \t]+)\S/g)) {
		const ws = m[1];
		if (ws.startsWith('\t')) return { eol, unit: '\t' };
		if (ws.length < smallest) smallest = ws.length;
	}
	if (smallest !== Infinity && smallest <= 8) unit = ' '.repeat(smallest);
	return { eol, unit };
}

/** The whitespace at the start of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
	let start = offset;
	while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
	let end = start;
	while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
	return text.slice(start, end);
}

function hasLineBreak(s: string): boolean {
	return s.includes('\n') || s.includes('\r');
}

/** True when the text between two offsets holds a comment (so it must not be removed or copied). */
function hasComment(s: string): boolean {
	return s.includes('//') || s.includes('/*');
}

/** JSON on one line, with a space after each colon and comma: `{"Effect": "Allow", "Action": ["a", "b"]}`. */
export function renderCompact(value: unknown): string {
	if (Array.isArray(value)) return '[' + value.map(renderCompact).join(', ') + ']';
	if (value !== null && typeof value === 'object')
		return '{' + Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${renderCompact(v)}`).join(', ') + '}';
	return JSON.stringify(value);
}

/** JSON for a value: on one line, or indented to sit at `indent` with the document's line ends. */
export function renderValue(value: unknown, multiline: boolean, indent: string, layout: Layout): string {
	if (!multiline) return renderCompact(value);
	return JSON.stringify(value, null, layout.unit).split('\n').join(layout.eol + indent);
}

/**
 * Inserts values into an array before the element at `index` (or at the end). Separators are
 * copied from the array itself; an empty or one-element array gets the layout of its parent.
 */
export function insertIntoArray(text: string, array: Node, index: number, values: unknown[], layout: Layout): TextEdit[] {
	if (values.length === 0) return [];
	const items = array.children ?? [];
	const open = array.offset;
	const close = array.offset + array.length - 1;
	if (items.length === 0) {
		const inner = text.slice(open + 1, close);
		const multiline = hasLineBreak(inner) || values.some((v) => typeof v === 'object');
		const outer = lineIndent(text, open);
		const indent = outer + layout.unit;
		const rendered = values.map((v) => renderValue(v, multiline, indent, layout));
		const body = multiline ? layout.eol + indent + rendered.join(',' + layout.eol + indent) + layout.eol + outer : rendered.join(', ');
		return [{ offset: open + 1, length: close - open - 1, newText: hasComment(inner) ? inner + body : body }];
	}
	const first = items[0];
	const multiline = items.length > 1 ? hasLineBreak(text.slice(first.offset + first.length, items[1].offset)) : hasLineBreak(text.slice(open + 1, first.offset));
	let separator: string;
	if (items.length > 1 && !hasComment(text.slice(first.offset + first.length, items[1].offset))) {
		separator = text.slice(first.offset + first.length, items[1].offset);
	} else {
		separator = multiline ? ',' + layout.eol + lineIndent(text, first.offset) : ', ';
	}
	const indent = lineIndent(text, first.offset);
	const rendered = values.map((v) => renderValue(v, multiline, indent, layout));
	if (index < items.length) {
		return [{ offset: items[index].offset, length: 0, newText: rendered.map((r) => r + separator).join('') }];
	}
	const last = items[items.length - 1];
	return [{ offset: last.offset + last.length, length: 0, newText: rendered.map((r) => separator + r).join('') }];
}

/** Removes one array element with exactly one of its separators, keeping any comment around it. */
export function removeArrayElement(text: string, array: Node, index: number): TextEdit {
	const items = array.children ?? [];
	const item = items[index];
	if (items.length === 1) return { offset: item.offset, length: item.length, newText: '' };
	if (index < items.length - 1) {
		const next = items[index + 1];
		const between = text.slice(item.offset + item.length, next.offset);
		if (!hasComment(between)) return { offset: item.offset, length: next.offset - item.offset, newText: '' };
		const comma = between.indexOf(',');
		return { offset: item.offset, length: item.length + comma + 1, newText: '' };
	}
	const previous = items[index - 1];
	const between = text.slice(previous.offset + previous.length, item.offset);
	if (!hasComment(between)) return { offset: previous.offset + previous.length, length: item.offset + item.length - (previous.offset + previous.length), newText: '' };
	const comma = text.indexOf(',', previous.offset + previous.length);
	return { offset: comma, length: item.offset + item.length - comma, newText: between.slice(between.indexOf(',') + 1, between.length).replace(/\s+$/, '') };
}

/**
 * Removes several elements of one array: each run of adjacent elements goes with exactly one
 * separator, so the result never has a leading or trailing comma. Undefined when a removed range
 * would take a comment with it (the user's words are never dropped silently).
 */
export function removeArrayElements(text: string, array: Node, indices: readonly number[]): TextEdit[] | undefined {
	const items = array.children ?? [];
	const sorted = [...new Set(indices)].filter((i) => i >= 0 && i < items.length).sort((a, b) => a - b);
	if (sorted.length === 0) return [];
	const edits: TextEdit[] = [];
	for (let k = 0; k < sorted.length; ) {
		let end = k;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		const first = sorted[k];
		const last = sorted[end];
		let from: number;
		let to: number;
		if (last < items.length - 1) {
			from = items[first].offset;
			to = items[last + 1].offset;
		} else if (first > 0) {
			from = items[first - 1].offset + items[first - 1].length;
			to = items[last].offset + items[last].length;
		} else {
			from = items[0].offset;
			to = items[last].offset + items[last].length;
		}
		if (hasComment(text.slice(from, to))) return undefined;
		edits.push({ offset: from, length: to - from, newText: '' });
		k = end + 1;
	}
	return edits;
}

/** Inserts `"key": value` as the first property of an object. */
export function insertFirstProperty(text: string, object: Node, key: string, value: unknown, layout: Layout): TextEdit {
	const props = object.children ?? [];
	const rendered = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
	if (props.length === 0) return { offset: object.offset + 1, length: 0, newText: rendered };
	const first = props[0];
	const before = text.slice(object.offset + 1, first.offset);
	const separator = hasLineBreak(before) ? ',' + layout.eol + lineIndent(text, first.offset) : ', ';
	return { offset: first.offset, length: 0, newText: rendered + separator };
}

/** Adds `"key": value` after the last property of an object. */
export function addPropertyLast(text: string, object: Node, key: string, value: unknown, layout: Layout): TextEdit[] {
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

/** Replaces a node (a string value, a key) with new JSON text. */
export function replaceNode(node: Node, json: string): TextEdit {
	return { offset: node.offset, length: node.length, newText: json };
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
	// One pass, front to back, so thousands of edits on a large file stay linear (issue 12: the
	// casing of a 205 KB policy). At one offset, insertions come before a replacement, and
	// insertions in reverse order of the list (as applying them back to front one by one would).
	const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.e.length - b.e.length || b.i - a.i);
	const parts: string[] = [];
	let position = 0;
	for (const { e } of sorted) {
		if (e.offset < position) throw new Error('overlapping edits');
		parts.push(text.slice(position, e.offset), e.newText);
		position = e.offset + e.length;
	}
	parts.push(text.slice(position));
	return parts.join('');
}

/** One edit that turns `before` into `after` (common prefix and suffix left alone). */
export function diffEdit(before: string, after: string): TextEdit | undefined {
	if (before === after) return undefined;
	let start = 0;
	while (start < before.length && start < after.length && before[start] === after[start]) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
		endBefore--;
		endAfter--;
	}
	return { offset: start, length: endBefore - start, newText: after.slice(start, endAfter) };
}
