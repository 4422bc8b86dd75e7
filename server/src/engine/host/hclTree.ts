import { type Node as JsonNode, parseTree, type ParseError } from 'jsonc-parser';
import { type HclBlock, type HclObject, type HclString, type HclTuple, type HclValue, type HeredocBody, unescapeQuotedWithOffsets } from '../syntax/hcl';
import type { Span } from '../types';
import type { HostNode } from './tree';

/**
 * HCL values as host trees (host/tree.ts): `jsonencode({...})` objects and tuples keep their HCL
 * ranges, JSON in a heredoc is parsed with jsonc-parser and shifted to the heredoc's place in the
 * file, and everything Terraform computes at deploy time (`var.x`, `aws_s3_bucket.b.arn`,
 * `"${…}"`, function calls) becomes an `unknown` node over the expression as written.
 */

/** Mutable while building; handed out as the read-only HostNode. */
export interface Building {
	type: HostNode['type'];
	value?: unknown;
	offset: number;
	length: number;
	colonOffset?: number;
	parent?: Building;
	children?: Building[];
	deployTime?: string;
	/** What the HCL edit module needs to write beside this node (host/hclEditor.ts). */
	hcl?: HclNodeInfo;
	/** The root of JSON written inside a quoted HCL string: the string's content (escaped), for the edit module. */
	jsonString?: Span;
}

/**
 * - `tuple`/`object`: an HCL collection (its closing bracket, -1 when missing; object keys bare or quoted).
 * - `document`: a `data "aws_iam_policy_document"` block as a policy; `statements`: its merged statement list;
 *   `statement`: one `statement {}` block; `block-list`: a list made of several blocks' lists (principals of one type).
 */
export type HclNodeInfo =
	| { kind: 'tuple'; close: number }
	| { kind: 'object'; close: number; bareKeys: boolean }
	| { kind: 'document'; block: HclBlock }
	| { kind: 'statements'; block: HclBlock }
	| { kind: 'statement'; block: HclBlock }
	| { kind: 'block-list' };

export function node(type: HostNode['type'], span: Span, extra: Partial<Building> = {}): Building {
	return { type, offset: span.offset, length: span.length, ...extra };
}

/** Sets `parent` on every child (jsonc-parser's nodes have it; the JSON edit module relies on it). */
export function adopt(parent: Building, children: Building[]): Building {
	parent.children = children;
	for (const c of children) c.parent = parent;
	return parent;
}

export function property(key: string, keySpan: Span, value: Building, colonOffset?: number): Building {
	const start = Math.min(keySpan.offset, value.offset);
	const end = Math.max(keySpan.offset + keySpan.length, value.offset + value.length);
	const p = node('property', { offset: start, length: end - start }, { colonOffset });
	return adopt(p, [node('string', keySpan, { value: key }), value]);
}

export function unknown(span: Span, text: string): Building {
	return node('unknown', span, { deployTime: text.slice(span.offset, span.offset + span.length) });
}

/** The `=` or `:` between an object key and its value (HCL allows both). */
function separatorOffset(text: string, from: number, to: number): number | undefined {
	for (let i = from; i < to; i++) if (text[i] === '=' || text[i] === ':') return i;
	return undefined;
}

/** An HCL value as a host node. `resolve` may replace references (a `local.x` holding a literal). */
export function hclToHost(value: HclValue, text: string, resolve?: (v: HclValue) => Building | undefined): Building {
	const resolved = resolve?.(value);
	if (resolved) return resolved;
	switch (value.kind) {
		case 'string':
			return node('string', value.span, { value: value.value });
		case 'number':
			return node('number', value.span, { value: value.value });
		case 'bool':
			return node('boolean', value.span, { value: value.value });
		case 'null':
			return node('null', value.span, { value: null });
		case 'tuple':
			return tupleToHost(value, text, resolve);
		case 'object':
			return objectToHost(value, text, resolve);
		default:
			return unknown(value.span, text);
	}
}

function tupleToHost(value: HclTuple, text: string, resolve?: (v: HclValue) => Building | undefined): Building {
	return adopt(node('array', value.span, { hcl: { kind: 'tuple', close: value.close } }), value.items.map((i) => hclToHost(i, text, resolve)));
}

function objectToHost(value: HclObject, text: string, resolve?: (v: HclValue) => Building | undefined): Building {
	const properties = value.entries.map((e) => property(e.key, e.keySpan, hclToHost(e.value, text, resolve), separatorOffset(text, e.keySpan.offset + e.keySpan.length, e.value.span.offset)));
	const bareKeys = value.entries.length === 0 || value.entries.filter((e) => e.bareKey).length * 2 >= value.entries.length;
	return adopt(node('object', value.span, { hcl: { kind: 'object', close: value.close, bareKeys } }), properties);
}

/**
 * JSON written in a heredoc: parsed where it is. Interpolations are blanked out for the parser
 * (same length, so offsets hold) and whatever value they touch becomes `unknown`: a string
 * `"${aws_s3_bucket.b.arn}/*"`, or a bare `${jsonencode(var.actions)}` in place of a value.
 * Returns undefined when the text is not a JSON object (then it is not a policy we can read).
 */
export function heredocJsonToHost(body: HeredocBody, fileText: string): { root: Building; errors: ParseError[] } | undefined {
	let masked = body.text;
	const holes = body.interpolations.map((s) => ({ offset: s.offset - body.offset, length: s.length }));
	for (const h of holes) {
		// Inside a JSON string the hole stays a string's content; elsewhere it becomes a placeholder string.
		const inString = insideJsonString(masked, h.offset);
		const filler = inString ? 'x'.repeat(h.length) : '"' + 'x'.repeat(Math.max(0, h.length - 2)) + '"';
		masked = masked.slice(0, h.offset) + filler + masked.slice(h.offset + h.length);
	}
	const errors: ParseError[] = [];
	const tree = parseTree(masked, errors, { allowTrailingComma: true, disallowComments: false });
	if (!tree || tree.type !== 'object') return undefined;
	const touches = (n: JsonNode) => holes.some((h) => h.offset < n.offset + n.length && n.offset < h.offset + h.length);
	const convert = (n: JsonNode): Building => {
		const span = { offset: n.offset + body.offset, length: n.length };
		if ((n.type === 'string' || n.type === 'number' || n.type === 'boolean' || n.type === 'null') && touches(n)) return unknown(span, fileText);
		const b = node(n.type, span, { value: n.value, colonOffset: n.colonOffset !== undefined ? n.colonOffset + body.offset : undefined });
		if (n.children) adopt(b, n.children.map(convert));
		return b;
	};
	return { root: convert(tree), errors: errors.map((e) => ({ ...e, offset: e.offset + body.offset })) };
}

/** Is `offset` inside a JSON string literal of `text`? (A forward scan over quotes and escapes.) */
function insideJsonString(text: string, offset: number): boolean {
	let inString = false;
	for (let i = 0; i < offset; i++) {
		const c = text.charCodeAt(i);
		if (inString && c === 92 /* \ */) i++;
		else if (c === 34 /* " */) inString = !inString;
		else if (c === 10) inString = false;
	}
	return inString;
}

/**
 * JSON written inside a quoted HCL string (`policy = "{\"Version\": …}"`): parsed from the string's
 * value, every node mapped back through the escapes to the text as written (a string node covers
 * `\"s3:GetObject\"`). The root carries `jsonString` so fixes are written escaped (escapedJsonEditor.ts).
 * Undefined when the value is not a JSON object.
 */
export function quotedJsonToHost(value: HclString, fileText: string): Building | undefined {
	if (value.heredoc) return undefined;
	const inner = value.inner;
	const { value: decoded, at } = unescapeQuotedWithOffsets(fileText.slice(inner.offset, inner.offset + inner.length));
	const tree = parseTree(decoded, [], { allowTrailingComma: true, disallowComments: false });
	if (!tree || tree.type !== 'object') return undefined;
	const place = (offset: number) => inner.offset + at[Math.min(offset, at.length - 1)];
	const convert = (n: JsonNode): Building => {
		const b = node(n.type, { offset: place(n.offset), length: place(n.offset + n.length) - place(n.offset) }, { value: n.value, colonOffset: n.colonOffset !== undefined ? place(n.colonOffset) : undefined });
		if (n.children) adopt(b, n.children.map(convert));
		return b;
	};
	const root = convert(tree);
	root.jsonString = { offset: inner.offset, length: inner.length };
	return root;
}
