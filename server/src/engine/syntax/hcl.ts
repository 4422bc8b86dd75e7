import type { Node as TsNode, Tree } from 'web-tree-sitter';
import { detached } from '../detached';
import { MAX_NESTING_DEPTH } from '../parse';
import type { Span } from '../types';

/**
 * HCL as values that know their ranges, read from tree-sitter's concrete syntax tree (the
 * tree itself lives in wasm memory and is freed right after). Only what Terraform policies need
 * is kept; everything Terraform computes at deploy time (references, calls, templates with
 * interpolations, conditionals, `for` expressions) stays an expression the host layer treats as
 * unknown. Offsets are UTF-16 code units, like the editor's and jsonc-parser's.
 */

export type HclValue =
	| HclString
	| HclTemplate
	| { kind: 'number'; value: number; span: Span }
	| { kind: 'bool'; value: boolean; span: Span }
	| { kind: 'null'; span: Span }
	| HclTuple
	| HclObject
	| HclReference
	| HclCall
	/** Any other expression (conditional, operation, `for`, splat): known only at deploy time. */
	| { kind: 'expression'; span: Span };

/** Raw source of a heredoc's content (its lines between the opening and closing markers). */
export interface HeredocBody {
	offset: number;
	text: string;
	/** `${…}` and `%{…}` sequences inside the content (their whole spans). */
	interpolations: Span[];
}

/** A string whose value is fully known: a quoted literal or a heredoc without interpolation. */
export interface HclString {
	kind: 'string';
	value: string;
	/** With the quotes (or the whole heredoc). */
	span: Span;
	/** Between the quotes (the raw, still escaped, text). */
	inner: Span;
	heredoc?: HeredocBody;
}

export type TemplatePart = { kind: 'literal'; value: string; span: Span } | { kind: 'interpolation'; expression: HclValue | undefined; span: Span } | { kind: 'directive'; span: Span };

/** A string with `${…}` or `%{…}` in it: its value is known only at deploy time. */
export interface HclTemplate {
	kind: 'template';
	parts: TemplatePart[];
	span: Span;
	inner: Span;
	heredoc?: HeredocBody;
}

export interface HclTuple {
	kind: 'tuple';
	items: HclValue[];
	span: Span;
	/** Offset of `]`, or -1 when tree-sitter had to invent it (half-typed input). */
	close: number;
}

export interface HclObjectEntry {
	/** The key as Terraform reads it: an identifier's name or a string's value. */
	key: string;
	keySpan: Span;
	/** True for a key written as an identifier (`Action = …`), false for a string (`"Action" = …`). */
	bareKey: boolean;
	value: HclValue;
	/** From the key to the end of the value. */
	span: Span;
}

export interface HclObject {
	kind: 'object';
	entries: HclObjectEntry[];
	span: Span;
	close: number;
}

/** A traversal such as `var.x`, `local.y`, `data.aws_iam_policy_document.d.json`, `aws_iam_role.r.name`. */
export interface HclReference {
	kind: 'reference';
	/** Attribute names; an index `[0]` or `["k"]` becomes `[0]` / `["k"]`, a splat `*`. */
	path: string[];
	span: Span;
}

export interface HclCall {
	kind: 'call';
	name: string;
	args: HclValue[];
	span: Span;
}

export interface HclAttribute {
	name: string;
	nameSpan: Span;
	value: HclValue;
	span: Span;
}

export interface HclComment {
	text: string;
	span: Span;
}

export interface HclBody {
	attributes: HclAttribute[];
	blocks: HclBlock[];
	span: Span;
}

export interface HclBlock {
	type: string;
	typeSpan: Span;
	labels: { value: string; span: Span }[];
	span: Span;
	/** Undefined for top-level blocks that cannot hold a policy (their bodies are not read). */
	body: HclBody | undefined;
	/** Comment lines directly above the block (no blank line between), top to bottom. */
	leadingComments: HclComment[];
	/** Offset of `{`, and of `}` (-1 when missing). */
	open: number;
	close: number;
	/** Set on a top-level block read with a block cache when tree-sitter found an error in it (its reading may depend on its context). */
	hasError?: true;
}

export interface HclFile {
	blocks: HclBlock[];
	/** Top-level attributes (a `.tfvars`-like file). */
	attributes: HclAttribute[];
	/** Where tree-sitter found syntax errors or had to insert missing tokens. */
	errors: Span[];
	/** Set when a block read nests past the limit (then nothing was read): where it went past. */
	tooDeep?: { depth: number; offset: number };
	/**
	 * The opening quote of the first string not closed on its line: HCL strings end on the line
	 * they start, but tree-sitter's recovery reads on to the next quote, and from there on every
	 * string and block of the file is misread.
	 */
	unclosedString?: number;
}

/**
 * Values and blocks nested deeper than this are not read. tree-sitter parses any depth (its stack
 * is its own), but reading its tree recurses, a few frames per level: a tuple nested 5,000 deep
 * behind a block comment holding a `"` (the bracket scan of parse.ts then reads the brackets as a string)
 * overflowed the stack and the analysis threw. Every value is several tree levels
 * (`expression` → `collection_value` → `tuple`), so this counts reader calls, not brackets: a
 * policy nests a few dozen; 4 × MAX_NESTING_DEPTH is about as many brackets as JSON allows.
 */
const MAX_READ_DEPTH = 4 * MAX_NESTING_DEPTH;

/** Thrown by the reader past MAX_READ_DEPTH; readHcl turns it into `HclFile.tooDeep`. */
class TooDeep {
	constructor(readonly offset: number) {}
}

/** Decides which top-level blocks are read in full; the others keep only their type and labels. */
export type BlockFilter = (type: string, labels: readonly string[]) => boolean;

function span(node: TsNode): Span {
	return { offset: node.startIndex, length: node.endIndex - node.startIndex };
}

/** The first named child (skipping comments), if any. */
function firstNamed(node: TsNode): TsNode | undefined {
	for (const c of node.namedChildren) if (c && c.type !== 'comment') return c;
	return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/**
 * A quoted template literal's value: HCL's escapes (\n \r \t \" \\ \uNNNN \UNNNNNNNN) and the
 * template escapes `$${` and `%%{`. https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-expressions
 */
export function unescapeQuoted(raw: string): string {
	if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
	let out = '';
	for (let i = 0; i < raw.length; i++) {
		const c = raw[i];
		if (c === '\\' && i + 1 < raw.length) {
			const n = raw[i + 1];
			if (n in SIMPLE_ESCAPES) {
				out += SIMPLE_ESCAPES[n];
				i++;
				continue;
			}
			const digits = n === 'u' ? 4 : n === 'U' ? 8 : 0;
			const hex = raw.slice(i + 2, i + 2 + digits);
			if (digits && /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits) {
				const code = parseInt(hex, 16);
				out += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
				i += 1 + digits;
				continue;
			}
			out += c;
			continue;
		}
		if ((c === '$' || c === '%') && raw[i + 1] === c && raw[i + 2] === '{') {
			out += c + '{';
			i += 2;
			continue;
		}
		out += c;
	}
	return out;
}

/** A node's children with `body` and `ERROR` wrappers opened (see Reader.body), in order; no recursion (error recovery may nest ERROR nodes deeply). */
function flatten(node: TsNode): TsNode[] {
	const out: TsNode[] = [];
	const pending: TsNode[] = [...node.children].filter((c): c is TsNode => !!c).reverse();
	while (pending.length > 0) {
		const c = pending.pop()!;
		if (c.type === 'body' || c.type === 'ERROR') {
			for (const inner of [...c.children].reverse()) if (inner) pending.push(inner);
		} else out.push(c);
	}
	return out;
}

/**
 * Top-level blocks read from earlier versions of a file, by their text. On a keystroke only the
 * block being edited changes; the others are taken from here, moved to their new offsets, instead
 * of being read again node by node from tree-sitter (each node read crosses into wasm: reading a
 * 100 KB file that way was half of a keystroke's time). A block with a syntax error is never kept:
 * tree-sitter's recovery may read the same text differently in another context.
 */
export class HclBlockCache {
	private entries = new Map<string, { block: HclBlock; used: number }>();
	private reads = 0;
	/** The length of the texts of the blocks held. */
	private size = 0;

	/**
	 * @param limit the text held before the blocks the last read did not use go: counted in
	 * characters, not blocks, since each version of a block being edited is one more entry (a read
	 * block weighs tens of times its text: 20,000 versions of a 2 KB block held gigabytes).
	 */
	constructor(private readonly limit = 500_000) {}

	/** A block read before with this text, moved to `offset` (a copy: cached blocks are never handed out). */
	get(text: string, offset: number, leadingComments: HclComment[]): HclBlock | undefined {
		const hit = this.entries.get(text);
		if (!hit) return undefined;
		hit.used = this.reads;
		return movedBlock(hit.block, offset - hit.block.span.offset, leadingComments);
	}

	set(text: string, block: HclBlock): void {
		if (this.entries.has(text)) return;
		this.size += text.length;
		this.entries.set(detached(text), { block: shifted(block, 0, true), used: this.reads });
	}

	/** Called after each file read: when full, forgets the blocks the last read did not use. */
	endRead(): void {
		if (this.size > this.limit)
			for (const [k, e] of this.entries)
				if (e.used !== this.reads) {
					this.entries.delete(k);
					this.size -= k.length;
				}
		this.reads++;
	}
}

function movedSpan(span: Span, delta: number): Span {
	return { offset: span.offset + delta, length: span.length };
}

/**
 * A copy of a cached block moved by `delta` whose body, and each attribute's value, is copied when
 * first read: on a keystroke the Terraform reader reads a few attributes of most blocks and the
 * policy documents of the edited one only (host/documentCache.ts).
 */
function movedBlock(block: HclBlock, delta: number, leadingComments: HclComment[]): HclBlock {
	const body = block.body;
	let moved: HclBody | undefined;
	return {
		type: block.type,
		typeSpan: movedSpan(block.typeSpan, delta),
		labels: block.labels.map((l) => ({ value: l.value, span: movedSpan(l.span, delta) })),
		span: movedSpan(block.span, delta),
		get body() {
			return body && (moved ??= movedBody(body, delta));
		},
		leadingComments,
		open: block.open >= 0 ? block.open + delta : block.open,
		close: block.close >= 0 ? block.close + delta : block.close,
	};
}

function movedBody(body: HclBody, delta: number): HclBody {
	return {
		attributes: body.attributes.map((a) => {
			let value: HclValue | undefined;
			return {
				name: a.name,
				nameSpan: movedSpan(a.nameSpan, delta),
				get value() {
					return (value ??= shifted(a.value, delta));
				},
				span: movedSpan(a.span, delta),
			};
		}),
		blocks: body.blocks.map((b) => movedBlock(b, delta, shifted(b.leadingComments, delta))),
		span: movedSpan(body.span, delta),
	};
}

/**
 * A deep copy of a read value with every offset moved by `delta` (`open`/`close` of -1 mean "missing"
 * and stay); with `detach`, its strings copied too (see detached.ts: a cached block must not keep
 * the file's version it was read from alive).
 */
function shifted<T>(value: T, delta: number, detach = false): T {
	if (typeof value === 'string') return (detach ? detached(value) : value) as T;
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) {
		const out = new Array(value.length);
		for (let i = 0; i < value.length; i++) out[i] = shifted(value[i], delta, detach);
		return out as T;
	}
	const source = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const k in source) {
		const v = source[k];
		if (typeof v === 'number') out[k] = k === 'offset' || ((k === 'open' || k === 'close') && v >= 0) ? v + delta : v;
		else out[k] = typeof v === 'object' || (detach && typeof v === 'string') ? shifted(v, delta, detach) : v;
	}
	return out as T;
}

class Reader {
	readonly errors: Span[] = [];
	private depth = 0;

	/**
	 * @param treeHasError whether the tree has an error anywhere: when it has none, no block has one
	 * and blocks are not asked (each question crosses into wasm).
	 */
	constructor(
		private readonly text: string,
		private readonly treeHasError = true,
	) {}

	/** Runs one level of the reader's recursion, refusing to go past MAX_READ_DEPTH. */
	private nested<T>(node: TsNode, read: () => T): T {
		if (++this.depth > MAX_READ_DEPTH) throw new TooDeep(node.startIndex);
		try {
			return read();
		} finally {
			this.depth--;
		}
	}

	value(node: TsNode | null | undefined): HclValue | undefined {
		if (!node) return undefined;
		return this.nested(node, () => this.valueOf(node));
	}

	private valueOf(node: TsNode): HclValue | undefined {
		switch (node.type) {
			case 'expression':
				return this.expression(node);
			case 'literal_value':
			case 'collection_value':
			case 'template_expr':
				return this.value(firstNamed(node));
			case 'string_lit':
				return this.quoted(node);
			case 'quoted_template':
				return this.quoted(node);
			case 'heredoc_template':
				return this.heredoc(node);
			case 'numeric_lit':
				return { kind: 'number', value: Number(node.text), span: span(node) };
			case 'bool_lit':
				return { kind: 'bool', value: node.text === 'true', span: span(node) };
			case 'null_lit':
				return { kind: 'null', span: span(node) };
			case 'tuple':
				return this.tuple(node);
			case 'object':
				return this.object(node);
			case 'function_call':
				return this.call(node);
			case 'variable_expr':
				return { kind: 'reference', path: [node.text], span: span(node) };
			default:
				return { kind: 'expression', span: span(node) };
		}
	}

	/** `expression` wraps a primary followed by traversal steps (`.attr`, `[i]`, splats). */
	private expression(node: TsNode): HclValue | undefined {
		const children = node.namedChildren.filter((c): c is TsNode => !!c && c.type !== 'comment');
		if (children.length === 0) return { kind: 'expression', span: span(node) };
		const [head, ...steps] = children;
		// A parenthesised expression is an expression inside an expression.
		if (head.type === 'expression' && steps.length === 0) return this.value(head);
		if (steps.length === 0) return this.value(head);
		if (head.type !== 'variable_expr') return { kind: 'expression', span: span(node) };
		const path = [head.text];
		for (const step of steps) {
			if (step.type === 'get_attr') path.push(step.text.replace(/^\./, '').trim());
			else if (step.type === 'index') path.push(step.text.replace(/\s+/g, ''));
			else if (step.type === 'splat') {
				// `[*].json` / `.*.name`: the splat node holds the steps after it.
				path.push('*');
				for (const inner of step.namedChildren[0]?.namedChildren ?? []) {
					if (inner?.type === 'get_attr') path.push(inner.text.replace(/^\./, '').trim());
					else if (inner?.type === 'index') path.push(inner.text.replace(/\s+/g, ''));
				}
			}
			else return { kind: 'expression', span: span(node) };
		}
		return { kind: 'reference', path, span: span(node) };
	}

	private quoted(node: TsNode): HclString | HclTemplate {
		const children = node.children.filter((c): c is TsNode => !!c);
		const start = children.find((c) => c.type === 'quoted_template_start');
		const end = children.find((c) => c.type === 'quoted_template_end');
		const innerStart = start ? start.endIndex : node.startIndex;
		const innerEnd = end && !end.isMissing ? end.startIndex : node.endIndex;
		const inner = { offset: innerStart, length: Math.max(0, innerEnd - innerStart) };
		const dynamic = children.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
		if (!dynamic) {
			return { kind: 'string', value: unescapeQuoted(this.text.slice(innerStart, innerEnd)), span: span(node), inner };
		}
		return { kind: 'template', parts: this.templateParts(children, true), span: span(node), inner };
	}

	private templateParts(children: TsNode[], quoted: boolean): TemplatePart[] {
		const parts: TemplatePart[] = [];
		for (const c of children) {
			if (c.type === 'template_literal') parts.push({ kind: 'literal', value: quoted ? unescapeQuoted(c.text) : c.text, span: span(c) });
			else if (c.type === 'template_interpolation') {
				const expression = c.namedChildren.find((x) => x?.type === 'expression');
				parts.push({ kind: 'interpolation', expression: this.value(expression), span: span(c) });
			} else if (c.type === 'template_directive') parts.push({ kind: 'directive', span: span(c) });
		}
		return parts;
	}

	/**
	 * A heredoc. Its content is taken from the source lines (tree-sitter's literal nodes drop the
	 * whitespace next to interpolations); backslashes are not escapes in a heredoc. The indentation
	 * `<<-` strips is left in place: JSON inside does not care, and offsets stay the source's.
	 */
	private heredoc(node: TsNode): HclString | HclTemplate {
		const children = node.children.filter((c): c is TsNode => !!c);
		const identifiers = children.filter((c) => c.type === 'heredoc_identifier');
		const opening = identifiers[0];
		const closing = identifiers.length > 1 ? identifiers[identifiers.length - 1] : undefined;
		const afterOpening = opening ? opening.endIndex : node.startIndex;
		const lineEnd = this.text.indexOf('\n', afterOpening);
		const contentStart = lineEnd < 0 ? node.endIndex : Math.min(lineEnd + 1, node.endIndex);
		let contentEnd = closing && !closing.isMissing ? closing.startIndex : node.endIndex;
		// The closing marker's own indentation is not content.
		while (contentEnd > contentStart && (this.text[contentEnd - 1] === ' ' || this.text[contentEnd - 1] === '\t')) contentEnd--;
		const inner = { offset: contentStart, length: Math.max(0, contentEnd - contentStart) };
		const interpolations = children.filter((c) => c.type === 'template_interpolation' || c.type === 'template_directive').map(span);
		const heredoc: HeredocBody = { offset: inner.offset, text: this.text.slice(inner.offset, inner.offset + inner.length), interpolations };
		if (interpolations.length === 0) {
			// `$${` and `%%{` are the only escapes in a heredoc.
			return { kind: 'string', value: heredoc.text.replace(/([$%])\1\{/g, '$1{'), span: span(node), inner, heredoc };
		}
		return { kind: 'template', parts: this.templateParts(children, false), span: span(node), inner, heredoc };
	}

	private tuple(node: TsNode): HclTuple {
		const items: HclValue[] = [];
		let close = -1;
		for (const c of node.children) {
			if (!c) continue;
			if (c.type === 'expression') {
				// tree-sitter inserts an empty expression where one is missing (`[ "a", ` at the end of the file).
				if (c.startIndex === c.endIndex) continue;
				const v = this.value(c);
				if (v) items.push(v);
			} else if (c.type === 'tuple_end' && !c.isMissing && c.startIndex < c.endIndex) close = c.startIndex;
		}
		return { kind: 'tuple', items, span: span(node), close };
	}

	private object(node: TsNode): HclObject {
		const entries: HclObjectEntry[] = [];
		let close = -1;
		for (const c of node.children) {
			if (!c) continue;
			if (c.type === 'object_elem') {
				const keyNode = c.childForFieldName('key');
				const valNode = c.childForFieldName('val');
				const value = this.value(valNode);
				if (!keyNode || !value || keyNode.startIndex === keyNode.endIndex) continue;
				const key = this.objectKey(keyNode);
				if (!key) continue;
				entries.push({ ...key, value, span: { offset: c.startIndex, length: c.endIndex - c.startIndex } });
			} else if (c.type === 'object_end' && !c.isMissing && c.startIndex < c.endIndex) close = c.startIndex;
		}
		return { kind: 'object', entries, span: span(node), close };
	}

	/** An object key: a bare identifier or a literal string; `(expr)` and templates are not static keys. */
	private objectKey(keyNode: TsNode): { key: string; keySpan: Span; bareKey: boolean } | undefined {
		const v = this.value(keyNode);
		if (!v) return undefined;
		if (v.kind === 'reference' && v.path.length === 1) return { key: v.path[0], keySpan: v.span, bareKey: true };
		if (v.kind === 'string') return { key: v.value, keySpan: v.span, bareKey: false };
		return undefined;
	}

	private call(node: TsNode): HclCall {
		const name = node.namedChildren.find((c) => c?.type === 'identifier')?.text ?? '';
		const argsNode = node.namedChildren.find((c) => c?.type === 'function_arguments');
		const args: HclValue[] = [];
		for (const a of argsNode?.namedChildren ?? []) {
			if (!a || a.type !== 'expression' || a.startIndex === a.endIndex) continue;
			const v = this.value(a);
			if (v) args.push(v);
		}
		return { kind: 'call', name, args, span: span(node) };
	}

	/**
	 * A body's attributes and blocks; `readBody` picks the nested blocks whose bodies are read.
	 * Comments are tree-sitter "extras" that sit wherever the parser was (even before the top-level
	 * body), and error recovery wraps pieces in ERROR nodes: both are flattened into one sequence.
	 */
	body(node: TsNode | undefined, readBody: BlockFilter = () => true, cache?: HclBlockCache): HclBody {
		const attributes: HclAttribute[] = [];
		const blocks: HclBlock[] = [];
		if (!node) return { attributes, blocks, span: { offset: 0, length: 0 } };
		let comments: HclComment[] = [];
		let lastEnd = -1;
		const separated = (from: number, to: number): boolean => /\n[ \t\r]*\n/.test(this.text.slice(from, to));
		for (const c of flatten(node)) {
			if (c.type === 'comment') {
				// Consecutive comment lines stack; a blank line (or code) between them starts over.
				if (comments.length > 0 && separated(lastEnd, c.startIndex)) comments = [];
				comments.push({ text: c.text, span: span(c) });
				lastEnd = c.endIndex;
				continue;
			}
			const leading = comments.length > 0 && !separated(lastEnd, c.startIndex) ? comments : [];
			comments = [];
			if (c.type === 'attribute') {
				const name = c.namedChildren.find((x) => x?.type === 'identifier');
				const value = this.value(c.namedChildren.find((x) => x?.type === 'expression'));
				if (name && value && name.startIndex < name.endIndex) attributes.push({ name: name.text, nameSpan: span(name), value, span: span(c) });
			} else if (c.type === 'block') {
				blocks.push(cache ? this.cachedBlock(c, leading, readBody, cache) : this.block(c, leading, readBody));
			}
			lastEnd = c.endIndex;
		}
		return { attributes, blocks, span: span(node) };
	}

	block(node: TsNode, leadingComments: HclComment[], readBody: BlockFilter): HclBlock {
		let type = '';
		let typeSpan: Span = { offset: node.startIndex, length: 0 };
		const labels: HclBlock['labels'] = [];
		let open = -1;
		let close = -1;
		let bodyNode: TsNode | undefined;
		for (const c of node.children) {
			if (!c) continue;
			if (c.type === 'identifier' && open < 0) {
				if (!type) {
					type = c.text;
					typeSpan = span(c);
				} else labels.push({ value: c.text, span: span(c) });
			} else if (c.type === 'string_lit' && open < 0) {
				const v = this.quoted(c);
				labels.push({ value: v.kind === 'string' ? v.value : this.text.slice(v.inner.offset, v.inner.offset + v.inner.length), span: span(c) });
			} else if (c.type === 'block_start') open = c.startIndex;
			else if (c.type === 'body') bodyNode = c;
			else if (c.type === 'block_end' && !c.isMissing && c.startIndex < c.endIndex) close = c.startIndex;
		}
		const read = readBody(type, labels.map((l) => l.value));
		const body = read ? this.nested(node, () => this.body(bodyNode)) : undefined;
		if (body && !bodyNode && open >= 0) body.span = { offset: open + 1, length: 0 };
		return { type, typeSpan, labels, span: span(node), body, leadingComments, open, close };
	}

	/** A top-level block from the cache when its text was read before (see HclBlockCache). */
	private cachedBlock(node: TsNode, leadingComments: HclComment[], readBody: BlockFilter, cache: HclBlockCache): HclBlock {
		if (this.treeHasError && node.hasError) return { ...this.block(node, leadingComments, readBody), hasError: true };
		const source = this.text.slice(node.startIndex, node.endIndex);
		const hit = cache.get(source, node.startIndex, leadingComments);
		if (hit) return hit;
		const block = this.block(node, leadingComments, readBody);
		cache.set(source, { ...block, leadingComments: [] });
		return block;
	}

	/** The outermost ERROR and MISSING nodes, in order; no recursion (a broken text may nest them deeply). */
	collectErrors(root: TsNode): void {
		const pending = [root];
		while (pending.length > 0) {
			const node = pending.pop()!;
			if (!node.hasError && !node.isMissing) continue;
			if (node.isError || node.isMissing) {
				this.errors.push(span(node));
				continue;
			}
			for (const c of [...node.children].reverse()) if (c) pending.push(c);
		}
	}
}

/**
 * Reads a parsed HCL file; `readBody` picks the top-level blocks whose bodies matter. With a
 * `cache` (one per `readBody`), top-level blocks whose text was read before are not read again.
 */
export function readHcl(tree: Tree, text: string, readBody: BlockFilter = () => true, cache?: HclBlockCache): HclFile {
	const root = tree.rootNode;
	const reader = new Reader(text, root.hasError);
	try {
		const { blocks, attributes } = reader.body(root, readBody, cache);
		reader.collectErrors(root);
		cache?.endRead();
		return { blocks, attributes, errors: reader.errors, unclosedString: root.hasError ? firstUnclosedString(root, text) : undefined };
	} catch (e) {
		if (!(e instanceof TooDeep)) throw e;
		return { blocks: [], attributes: [], errors: [], tooDeep: { depth: MAX_NESTING_DEPTH + 1, offset: e.offset } };
	}
}

/** The first quoted string that runs over a line end (only looked for in a tree with errors). */
function firstUnclosedString(root: TsNode, text: string): number | undefined {
	let first: number | undefined;
	for (const n of root.descendantsOfType(['quoted_template', 'string_lit'])) {
		if (!n || (first !== undefined && n.startIndex >= first)) continue;
		const newline = text.indexOf('\n', n.startIndex);
		if (newline >= 0 && newline < n.endIndex) first = n.startIndex;
	}
	return first;
}

/**
 * A quoted literal's value (as unescapeQuoted) with, for each character of the value, the offset
 * in `raw` it comes from (`at[value.length]` = `raw.length`): ranges found in the value map back to
 * the escaped text the user wrote (`\"Action\"` for the value's `"Action"`).
 */
export function unescapeQuotedWithOffsets(raw: string): { value: string; at: number[] } {
	let value = '';
	const at: number[] = [];
	for (let i = 0; i < raw.length; ) {
		let width = 1;
		let decoded = raw[i];
		if (raw[i] === '\\' && i + 1 < raw.length) {
			const n = raw[i + 1];
			const digits = n === 'u' ? 4 : n === 'U' ? 8 : 0;
			const hex = raw.slice(i + 2, i + 2 + digits);
			if (n in SIMPLE_ESCAPES) [decoded, width] = [SIMPLE_ESCAPES[n], 2];
			else if (digits && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
				const code = parseInt(hex, 16);
				[decoded, width] = [code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd', 2 + digits];
			}
		} else if ((raw[i] === '$' || raw[i] === '%') && raw[i + 1] === raw[i] && raw[i + 2] === '{') [decoded, width] = [raw[i] + '{', 3];
		for (let k = 0; k < decoded.length; k++) at.push(i);
		value += decoded;
		i += width;
	}
	at.push(raw.length);
	return { value, at };
}

/** A value as an HCL quoted literal's content: the escapes unescapeQuoted reads, the other way. */
export function escapeQuoted(value: string): string {
	return value.replace(/[\\"\n\r\t]|\$\{|%\{/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c[0] + c));
}
