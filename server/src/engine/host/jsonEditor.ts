import { addPropertyLast, detectLayout, insertFirstProperty, insertIntoArray, Layout, lineIndent, removeArrayElement, removeArrayElements, renderValue, replaceNode, TextEdit } from '../edits';
import type { HostEditor } from './syntax';
import type { HostNode } from './tree';

/**
 * The JSON edit module: standalone policies, the wrappers AWS's CLI prints, CloudFormation JSON
 * templates, and JSON embedded in other hosts (a Terraform heredoc). Built on edits.ts, which
 * copies the document's own separators, indentation and line ends.
 */
export class JsonEditor implements HostEditor {
	readonly syntax = 'json' as const;
	readonly layout: Layout;

	constructor(private readonly text: string, layout?: Layout) {
		this.layout = layout ?? detectLayout(text);
	}

	replaceString(node: HostNode, value: string): TextEdit[] {
		return [replaceNode(node, JSON.stringify(value))];
	}

	insertListItems(list: HostNode, index: number, values: unknown[]): TextEdit[] {
		return list.type === 'array' ? insertIntoArray(this.text, list, index, values, this.layout) : [];
	}

	scalarToList(node: HostNode, values: unknown[], keep: number): TextEdit[] {
		const { text, layout } = this;
		const original = text.slice(node.offset, node.offset + node.length);
		if (node.type === 'object') {
			// A single statement object becomes the first item of an array; its text stays as it is.
			const multiline = /[\r\n]/.test(original);
			const indent = lineIndent(text, node.offset);
			const separator = multiline ? ',' + layout.eol + indent : ', ';
			const before = values.slice(0, keep).map((v) => renderValue(v, multiline, indent, layout) + separator).join('');
			const after = values.slice(keep + 1).map((v) => separator + renderValue(v, multiline, indent, layout)).join('');
			return [
				{ offset: node.offset, length: 0, newText: '[' + before },
				{ offset: node.offset + node.length, length: 0, newText: after + ']' },
			];
		}
		const multiline = /[\r\n]/.test(text.slice(node.parent?.parent?.offset ?? node.offset, node.offset));
		const indent = lineIndent(text, node.offset);
		// The original value's text is kept as is (it may hold escapes); only new items are rendered.
		const items = values.map((v, i) => (i === keep ? original : JSON.stringify(v)));
		const body = multiline
			? '[' + layout.eol + indent + layout.unit + items.join(',' + layout.eol + indent + layout.unit) + layout.eol + indent + ']'
			: '[' + items.join(', ') + ']';
		return [{ offset: node.offset, length: node.length, newText: body }];
	}

	removeListItems(list: HostNode, indices: readonly number[]): TextEdit[] | undefined {
		if (list.type !== 'array') return undefined;
		// One item keeps a comment beside it (the separator moves instead); several go only without comments.
		if (indices.length === 1) return [removeArrayElement(this.text, list, indices[0])];
		return removeArrayElements(this.text, list, indices);
	}

	addProperty(object: HostNode, key: string, value: unknown, position: 'first' | 'last'): TextEdit[] {
		if (object.type !== 'object') return [];
		return position === 'first' ? [insertFirstProperty(this.text, object, key, value, this.layout)] : addPropertyLast(this.text, object, key, value, this.layout);
	}
}
