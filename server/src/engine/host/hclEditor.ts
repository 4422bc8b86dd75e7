import { detectLayout, type Layout, lineIndent, type TextEdit } from '../edits';
import type { Building } from './hclTree';
import type { HostEditor } from './syntax';
import type { HostNode } from './tree';

/**
 * The HCL edit module: the only place Terraform text is written. Values are rendered as HCL
 * (`"s3:GetObject"`, `[a, b]`, `{ Effect = "Allow" }`, `statement { … }` blocks) in the layout the
 * file already has: the list's own separators, the indentation of its items, trailing commas.
 * Afterwards tree-sitter must parse the file with no more errors than before (the property test
 * over the corpus checks it).
 */

/** An HCL quoted string: JSON's escapes are HCL's, plus `${` and `%{` doubled so they stay literal. */
export function hclQuote(value: string): string {
	// (A replacer function: in a replacement string `$$` would mean one `$`.)
	return JSON.stringify(value).replace(/([$%])\{/g, (_, c: string) => c + c + '{');
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function hclKey(key: string, bare: boolean): string {
	return bare && IDENTIFIER.test(key) ? key : hclQuote(key);
}

/** A value as HCL: on one line when it holds only scalars, else indented to sit at `indent`. */
export function renderHcl(value: unknown, indent: string, layout: Layout, bareKeys = true): string {
	if (typeof value === 'string') return hclQuote(value);
	if (value === null || value === undefined) return 'null';
	if (typeof value !== 'object') return String(value);
	const inner = indent + layout.unit;
	if (Array.isArray(value)) {
		if (value.every((v) => v === null || typeof v !== 'object')) return '[' + value.map((v) => renderHcl(v, indent, layout, bareKeys)).join(', ') + ']';
		return '[' + layout.eol + value.map((v) => inner + renderHcl(v, inner, layout, bareKeys)).join(',' + layout.eol) + ',' + layout.eol + indent + ']';
	}
	const entries = Object.entries(value).filter(([, v]) => v !== undefined);
	if (entries.length === 0) return '{}';
	return '{' + layout.eol + entries.map(([k, v]) => `${inner}${hclKey(k, bareKeys)} = ${renderHcl(v, inner, layout, bareKeys)}`).join(layout.eol) + layout.eol + indent + '}';
}

/** True when the text holds an HCL comment (`#`, `//`, `/*`), which an edit must not drop or copy. */
function hasComment(s: string): boolean {
	return s.includes('#') || s.includes('//') || s.includes('/*');
}

function hasLineBreak(s: string): boolean {
	return s.includes('\n') || s.includes('\r');
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A policy statement (JSON shape) as a `statement {}` block of an `aws_iam_policy_document`. */
export function renderStatementBlock(statement: Record<string, unknown>, indent: string, layout: Layout): string {
	const inner = indent + layout.unit;
	const lines: string[] = [];
	const list = (key: string, v: unknown) => lines.push(`${inner}${key} = ${renderList(asArray(v), inner, layout)}`);
	if (typeof statement.Sid === 'string') lines.push(`${inner}sid = ${hclQuote(statement.Sid)}`);
	if (typeof statement.Effect === 'string') lines.push(`${inner}effect = ${hclQuote(statement.Effect)}`);
	if (statement.Action !== undefined) list('actions', statement.Action);
	if (statement.NotAction !== undefined) list('not_actions', statement.NotAction);
	if (statement.Resource !== undefined) list('resources', statement.Resource);
	if (statement.NotResource !== undefined) list('not_resources', statement.NotResource);
	for (const [key, block] of [['Principal', 'principals'], ['NotPrincipal', 'not_principals']] as const) {
		const p = statement[key];
		const entries: [string, unknown][] = p === '*' ? [['*', '*']] : p && typeof p === 'object' ? Object.entries(p) : [];
		for (const [type, ids] of entries) lines.push(`${inner}${block} {${layout.eol}${inner}${layout.unit}type        = ${hclQuote(type)}${layout.eol}${inner}${layout.unit}identifiers = ${renderList(asArray(ids), inner + layout.unit, layout)}${layout.eol}${inner}}`);
	}
	const condition = statement.Condition;
	if (condition && typeof condition === 'object')
		for (const [test, vars] of Object.entries(condition))
			for (const [variable, values] of Object.entries(vars as object))
				lines.push(`${inner}condition {${layout.eol}${inner}${layout.unit}test     = ${hclQuote(test)}${layout.eol}${inner}${layout.unit}variable = ${hclQuote(variable)}${layout.eol}${inner}${layout.unit}values   = ${renderList(asArray(values), inner + layout.unit, layout)}${layout.eol}${inner}}`);
	return `statement {${layout.eol}${lines.join(layout.eol)}${layout.eol}${indent}}`;
}

/** A list of strings: on one line when short, one item per line (with a trailing comma, as `terraform fmt` leaves it) when long. */
function renderList(values: unknown[], indent: string, layout: Layout): string {
	const oneLine = '[' + values.map((v) => renderHcl(v, indent, layout)).join(', ') + ']';
	if (values.length <= 1 || oneLine.length + indent.length <= 100) return oneLine;
	return '[' + layout.eol + values.map((v) => indent + layout.unit + renderHcl(v, indent + layout.unit, layout) + ',').join(layout.eol) + layout.eol + indent + ']';
}

/** The offset of a collection's closing bracket: known from tree-sitter, else the node's last character. */
function closeOf(node: HostNode): number {
	const info = (node as Building).hcl;
	if (info && (info.kind === 'tuple' || info.kind === 'object') && info.close >= 0) return info.close;
	return node.offset + node.length - 1;
}

export class HclEditor implements HostEditor {
	readonly syntax = 'hcl' as const;
	readonly layout: Layout;

	constructor(private readonly text: string) {
		this.layout = detectLayout(text);
	}

	replaceString(node: HostNode, value: string): TextEdit[] {
		if (node.type !== 'string') return [];
		// A bare object key (`Action = …`) stays bare when the new key can be.
		const bareKey = this.text[node.offset] !== '"';
		return [{ offset: node.offset, length: node.length, newText: bareKey && IDENTIFIER.test(value) ? value : hclQuote(value) }];
	}

	insertListItems(list: HostNode, index: number, values: unknown[]): TextEdit[] {
		const info = (list as Building).hcl;
		if (values.length === 0 || list.type !== 'array' || info?.kind !== 'tuple') return [];
		const { text, layout } = this;
		const items = list.children ?? [];
		const open = list.offset;
		const close = closeOf(list);
		if (items.length === 0) {
			const inner = text.slice(open + 1, close);
			const outer = lineIndent(text, open);
			const indent = outer + layout.unit;
			const multiline = hasLineBreak(inner) || values.some((v) => v !== null && typeof v === 'object');
			const rendered = values.map((v) => renderHcl(v, indent, layout, this.bareKeysNear(list)));
			const body = multiline ? layout.eol + rendered.map((r) => indent + r + ',').join(layout.eol) + layout.eol + outer : rendered.join(', ');
			return [{ offset: open + 1, length: close - open - 1, newText: hasComment(inner) ? inner + body : body }];
		}
		const first = items[0];
		const multiline = items.length > 1 ? hasLineBreak(text.slice(first.offset + first.length, items[1].offset)) : hasLineBreak(text.slice(open + 1, first.offset));
		const between = items.length > 1 ? text.slice(first.offset + first.length, items[1].offset) : undefined;
		const indent = lineIndent(text, first.offset);
		const separator = between !== undefined && !hasComment(between) && between.includes(',') ? between : multiline ? ',' + layout.eol + indent : ', ';
		const rendered = values.map((v) => renderHcl(v, indent, layout, this.bareKeysNear(list)));
		if (index < items.length) return [{ offset: items[index].offset, length: 0, newText: rendered.map((r) => r + separator).join('') }];
		const last = items[items.length - 1];
		return [{ offset: last.offset + last.length, length: 0, newText: rendered.map((r) => separator + r).join('') }];
	}

	/** The key style of the objects around a list (`Effect = …` or `"Effect" : …`), for a new statement. */
	private bareKeysNear(node: HostNode): boolean {
		for (let n: Building | undefined = node as Building; n; n = n.parent) if (n.hcl?.kind === 'object') return n.hcl.bareKeys;
		return true;
	}

	scalarToList(node: HostNode, values: unknown[], keep: number): TextEdit[] {
		const { text, layout } = this;
		const original = text.slice(node.offset, node.offset + node.length);
		const indent = lineIndent(text, node.offset);
		const multiline = node.type === 'object' || values.some((v) => v !== null && typeof v === 'object');
		const items = values.map((v, i) => (i === keep ? original : renderHcl(v, indent + layout.unit, layout, this.bareKeysNear(node))));
		const body = multiline ? '[' + layout.eol + items.map((i) => indent + layout.unit + i + ',').join(layout.eol) + layout.eol + indent + ']' : '[' + items.join(', ') + ']';
		if (node.type === 'object' && /[\r\n]/.test(original)) {
			// A multi-line object keeps its own lines: only the brackets and the new items are added around it.
			const before = values.slice(0, keep).map((v) => renderHcl(v, indent, layout, this.bareKeysNear(node)) + ',' + layout.eol + indent).join('');
			const after = values.slice(keep + 1).map((v) => ',' + layout.eol + indent + renderHcl(v, indent, layout, this.bareKeysNear(node))).join('');
			return [
				{ offset: node.offset, length: 0, newText: '[' + before },
				{ offset: node.offset + node.length, length: 0, newText: after + ']' },
			];
		}
		return [{ offset: node.offset, length: node.length, newText: body }];
	}

	removeListItems(list: HostNode, indices: readonly number[]): TextEdit[] | undefined {
		const items = list.children ?? [];
		if (list.type !== 'array' || (list as Building).hcl?.kind !== 'tuple') return undefined;
		const remove = new Set(indices);
		const edits: TextEdit[] = [];
		for (const i of [...remove].sort((a, b) => a - b)) {
			const item = items[i];
			if (!item) return undefined;
			// The item and the separator after it (or before it, for the last item), without a comment.
			const next = items[i + 1];
			const prev = items[i - 1];
			const start = next || !prev ? item.offset : prev.offset + prev.length;
			const end = next ? next.offset : item.offset + item.length;
			if (next && remove.has(i + 1)) {
				edits.push({ offset: item.offset, length: next.offset - item.offset, newText: '' });
				continue;
			}
			const removed = this.text.slice(start, end);
			if (hasComment(removed.replace(/"(?:[^"\\]|\\.)*"/g, ''))) return undefined;
			edits.push({ offset: start, length: end - start, newText: '' });
		}
		// Overlapping edits (neighbours removed together) are merged by taking the widest.
		edits.sort((a, b) => a.offset - b.offset);
		const merged: TextEdit[] = [];
		for (const e of edits) {
			const last = merged[merged.length - 1];
			if (last && e.offset < last.offset + last.length) {
				const end = Math.max(last.offset + last.length, e.offset + e.length);
				last.length = end - last.offset;
			} else merged.push({ ...e });
		}
		return merged;
	}

	addProperty(object: HostNode, key: string, value: unknown, position: 'first' | 'last'): TextEdit[] {
		const info = (object as Building).hcl;
		const { text, layout } = this;
		if (info?.kind === 'statement') {
			// A statement block: the argument or nested block Terraform uses for that policy key.
			const close = info.block.close;
			if (close < 0) return [];
			const indent = lineIndent(text, info.block.span.offset) + layout.unit;
			const block = renderStatementBlock({ [key]: value }, indent, layout);
			const lines = block.split(layout.eol).slice(1, -1).join(layout.eol);
			return [{ offset: lineStart(text, close), length: 0, newText: lines + layout.eol }];
		}
		if (object.type !== 'object' || info?.kind !== 'object' || info.close < 0) return [];
		const props = object.children ?? [];
		const multiline = hasLineBreak(text.slice(object.offset, info.close));
		const k = hclKey(key, info.bareKeys);
		if (!multiline || props.length === 0) {
			const indent = lineIndent(text, object.offset);
			const rendered = `${k} = ${renderHcl(value, indent, layout, info.bareKeys)}`;
			if (props.length === 0) return [{ offset: object.offset + 1, length: info.close - object.offset - 1, newText: ' ' + rendered + ' ' }];
			if (position === 'first') return [{ offset: props[0].offset, length: 0, newText: rendered + ', ' }];
			const last = props[props.length - 1];
			return [{ offset: last.offset + last.length, length: 0, newText: ', ' + rendered }];
		}
		const indent = lineIndent(text, props[0].offset);
		const rendered = `${k} = ${renderHcl(value, indent, layout, info.bareKeys)}`;
		if (position === 'first') return [{ offset: props[0].offset, length: 0, newText: rendered + layout.eol + indent }];
		const last = props[props.length - 1];
		return [{ offset: last.offset + last.length, length: 0, newText: layout.eol + indent + rendered }];
	}

	addStatements(policy: HostNode, _statementProperty: HostNode | undefined, statements: Record<string, unknown>[]): TextEdit[] | undefined {
		const info = (policy as Building).hcl;
		if (info?.kind !== 'document') return undefined;
		const close = info.block.close;
		if (close < 0) return [];
		const indent = lineIndent(this.text, info.block.span.offset) + this.layout.unit;
		const blocks = statements.map((s) => indent + renderStatementBlock(s, indent, this.layout)).join(this.layout.eol + this.layout.eol);
		const start = lineStart(this.text, close);
		// The closing brace on a line of its own: the blocks go on the lines before it.
		if (/^[ \t]*$/.test(this.text.slice(start, close))) return [{ offset: start, length: 0, newText: this.layout.eol + blocks + this.layout.eol }];
		return [{ offset: close, length: 0, newText: this.layout.eol + blocks + this.layout.eol }];
	}
}

function lineStart(text: string, offset: number): number {
	let i = offset;
	while (i > 0 && text[i - 1] !== '\n') i--;
	return i;
}
