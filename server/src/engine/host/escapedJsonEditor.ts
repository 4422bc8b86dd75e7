import { findNodeAtOffset, type Node as JsonNode, parseTree } from 'jsonc-parser';
import type { TextEdit } from '../edits';
import { escapeQuoted, unescapeQuotedWithOffsets } from '../syntax/hcl';
import type { Span } from '../types';
import { JsonEditor } from './jsonEditor';
import type { HostEditor } from './syntax';
import type { HostNode } from './tree';

/**
 * Edits to JSON written inside a quoted HCL string (`policy = "{\"Version\": …}"`): the JSON
 * edit module works on the string's value, and each edit is mapped back through the escapes
 * and written escaped (`"` as `\"`, a new line as `\n`, `${` as `$${`), so the string stays one
 * valid HCL string holding valid JSON.
 */
export class EscapedJsonEditor implements HostEditor {
	readonly syntax = 'json' as const;
	private readonly json: JsonEditor;
	private readonly tree: JsonNode | undefined;
	/** Offset in the value → offset in the file (`at[value.length]`: the end of the string's content). */
	private readonly at: number[];
	/** Offset in the file → offset in the value, for the places a value character starts. */
	private readonly back = new Map<number, number>();

	constructor(text: string, inner: Span) {
		const { value, at } = unescapeQuotedWithOffsets(text.slice(inner.offset, inner.offset + inner.length));
		this.at = at.map((o) => o + inner.offset);
		for (let i = this.at.length - 1; i >= 0; i--) this.back.set(this.at[i], i);
		this.json = new JsonEditor(value);
		this.tree = parseTree(value, [], { allowTrailingComma: true, disallowComments: false });
	}

	/** The node of the value's own parse that a host node (file offsets) stands for. */
	private node(host: HostNode): JsonNode {
		const start = this.back.get(host.offset);
		let n = start !== undefined && this.tree ? findNodeAtOffset(this.tree, start, true) : undefined;
		while (n && !(n.offset === start && n.type === host.type)) n = n.parent;
		if (!n) throw new Error('not a node of this JSON string');
		return n;
	}

	private map(edits: TextEdit[]): TextEdit[] {
		return edits.map((e) => {
			const from = this.at[e.offset];
			return { offset: from, length: this.at[e.offset + e.length] - from, newText: escapeQuoted(e.newText) };
		});
	}

	replaceString(node: HostNode, value: string): TextEdit[] {
		return this.map(this.json.replaceString(this.node(node), value));
	}

	insertListItems(list: HostNode, index: number, values: unknown[]): TextEdit[] {
		return this.map(this.json.insertListItems(this.node(list), index, values));
	}

	scalarToList(node: HostNode, values: unknown[], keep: number): TextEdit[] {
		return this.map(this.json.scalarToList(this.node(node), values, keep));
	}

	removeListItems(list: HostNode, indices: readonly number[]): TextEdit[] | undefined {
		const edits = this.json.removeListItems(this.node(list), indices);
		return edits && this.map(edits);
	}

	addProperty(object: HostNode, key: string, value: unknown, position: 'first' | 'last'): TextEdit[] {
		return this.map(this.json.addProperty(this.node(object), key, value, position));
	}
}
