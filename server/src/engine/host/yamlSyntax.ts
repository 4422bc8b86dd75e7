import { parseDocument, stringify } from 'yaml';
import { DiagnosticCode } from '../codes';
import type { TextEdit } from '../edits';
import { isCloudFormation, readCloudFormation } from './cloudformation';
import type { HostDocument, HostEditor, HostSyntax } from './syntax';
import type { HostNode } from './tree';
import { findProperty } from './tree';
import { readWrapper } from './wrappers';
import { CLOUDFORMATION_TAGS, parseYaml, parseYamlTree } from './yamlTree';

/** Words without which a YAML file holds no IAM policy: a Kubernetes manifest has none of them. */
const IAM_MARKERS = ['PolicyDocument', 'AssumeRolePolicyDocument', 'Statement', 'AWS::IAM::', 'AWS::Serverless::'];

function readYaml(text: string): HostDocument {
	const tree = parseYamlTree(text);
	if (tree.tooDeep) return { syntax: 'yaml', format: 'none', text, findings: [], policies: [], roles: [], tooDeep: tree.tooDeep };
	const findings = tree.errors.map((e) => ({
		code: DiagnosticCode.HostSyntax,
		severity: 'error' as const,
		message: `YAML: ${e.message}`,
		span: { offset: e.offset, length: Math.max(e.length, e.offset < text.length ? 1 : 0) },
	}));
	const root = tree.root;
	if (isCloudFormation(root)) {
		const { policies, roles } = readCloudFormation(root!);
		return { syntax: 'yaml', format: 'cloudformation', text, findings, policies, roles };
	}
	if (root?.type === 'object' && findProperty(root, 'Statement'))
		return { syntax: 'yaml', format: 'policy', text, findings, policies: [{ name: '', use: 'identity', root, anchor: { offset: root.offset, length: 0 } }], roles: [] };
	const wrapped = readWrapper(root);
	if (wrapped) return { syntax: 'yaml', format: 'wrapper', text, findings, policies: [wrapped], roles: [] };
	return { syntax: 'yaml', format: 'none', text, findings: [], policies: [], roles: [] };
}

/** CloudFormation YAML files: templates, SAM applications, and policy documents written in YAML. */
export const yamlSyntax: HostSyntax = {
	id: 'yaml',
	mayContainIam: (text) => IAM_MARKERS.some((m) => text.includes(m)),
	read: readYaml,
	// YAML's quoting (single quotes, comments, a `"` inside a plain scalar) is not JSON's: the bracket
	// scan both missed deep texts and refused '{{{…' strings.
	measuresNesting: true,
	editor: (text) => new YamlEditor(text),
	errorCount: yamlErrorCount,
};

let lastCounted: { text: string; count: number } | undefined;

/**
 * The YAML errors of a text; a text nested too deep to be parsed counts as broken beyond any
 * other. Every quick fix of a finding is judged against the file's count before it: the last
 * text's count is kept, so fix-all over a template's findings parses the file once, not once per
 * finding.
 */
function yamlErrorCount(text: string): number {
	if (lastCounted?.text === text) return lastCounted.count;
	const { doc } = parseYaml(text);
	const count = doc ? doc.errors.length : Number.MAX_SAFE_INTEGER;
	lastCounted = { text, count };
	return count;
}

function lineStart(text: string, offset: number): number {
	let i = offset;
	while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
	return i;
}

function lineEnd(text: string, offset: number): number {
	let i = offset;
	while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
	return i;
}

/** A scalar written plainly when YAML reads it back as the same string, else single-quoted. */
function scalar(value: string, quote: 'plain' | "'" | '"' = 'plain'): string {
	if (quote === '"') return JSON.stringify(value);
	if (quote === 'plain' && readsBackAs(value)) return value;
	return `'${value.replace(/'/g, "''")}'`;
}

/** Does `value`, written plainly as a mapping value or sequence item, read back as the same string? */
function readsBackAs(value: string): boolean {
	if (value === '' || /[\n\r#]|^\s|\s$|^[-?:,[\]{}&*!|>'"%@`]|: |,/.test(value)) return false;
	const doc = parseDocument(`- ${value}`, { customTags: CLOUDFORMATION_TAGS });
	const item = doc.errors.length === 0 ? (doc.toJS() as unknown[])?.[0] : undefined;
	return item === value;
}

function quoteOf(text: string, node: HostNode): 'plain' | "'" | '"' {
	const c = text[node.offset];
	return c === "'" ? "'" : c === '"' ? '"' : 'plain';
}

/**
 * The YAML edit module. It writes in the style it finds: block sequences (`- item`) at the items'
 * own column, flow sequences (`[a, b]`) with their separators, the items' quoting, the file's
 * indentation unit and line ends. New statements are block mappings rendered by the `yaml`
 * package, so whatever they contain reads back as written.
 */
export class YamlEditor implements HostEditor {
	readonly syntax = 'yaml' as const;
	private readonly eol: string;
	private readonly unit: number;

	constructor(private readonly text: string) {
		this.eol = text.includes('\r\n') ? '\r\n' : '\n';
		let smallest = Infinity;
		for (const m of text.matchAll(/\n( +)\S/g)) if (m[1].length < smallest) smallest = m[1].length;
		this.unit = smallest !== Infinity && smallest <= 8 ? smallest : 2;
	}

	private isFlow(node: HostNode): boolean {
		const c = this.text[node.offset];
		return c === '[' || c === '{';
	}

	/** A value in flow style (for `[a, b]` and `{k: v}`): plain scalars where safe, JSON-like otherwise. */
	private flow(value: unknown, quote: 'plain' | "'" | '"' = 'plain'): string {
		if (typeof value === 'string') return scalar(value, quote);
		if (Array.isArray(value)) return '[' + value.map((v) => this.flow(v, quote)).join(', ') + ']';
		if (value !== null && typeof value === 'object') return '{' + Object.entries(value).map(([k, v]) => `${scalar(k)}: ${this.flow(v, quote)}`).join(', ') + '}';
		return JSON.stringify(value);
	}

	/** A value as block YAML lines, the first without indentation, the rest indented by `indent`. */
	private block(value: unknown, indent: string): string {
		const rendered = stringify(value, { indent: this.unit, lineWidth: 0 }).replace(/\n$/, '');
		return rendered.split('\n').join(this.eol + indent);
	}

	/** Where a block sequence item's dash is, or -1 for an item of a flow sequence. */
	private dashOf(item: HostNode): number {
		let i = item.offset - 1;
		while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
		return this.text[i] === '-' ? i : -1;
	}

	replaceString(node: HostNode, value: string): TextEdit[] {
		return [{ offset: node.offset, length: node.length, newText: scalar(value, quoteOf(this.text, node)) }];
	}

	insertListItems(list: HostNode, index: number, values: unknown[]): TextEdit[] {
		if (values.length === 0 || list.type !== 'array') return [];
		const items = list.children ?? [];
		const quote = items.find((n) => n.type === 'string') ? quoteOf(this.text, items.find((n) => n.type === 'string')!) : 'plain';
		if (this.isFlow(list)) {
			const rendered = values.map((v) => this.flow(v, quote));
			if (items.length === 0) return [{ offset: list.offset + 1, length: list.length - 2, newText: rendered.join(', ') }];
			const separator = items.length > 1 && !this.text.slice(items[0].offset + items[0].length, items[1].offset).includes('#') ? this.text.slice(items[0].offset + items[0].length, items[1].offset) : ', ';
			if (index < items.length) return [{ offset: items[index].offset, length: 0, newText: rendered.map((r) => r + separator).join('') }];
			const last = items[items.length - 1];
			return [{ offset: last.offset + last.length, length: 0, newText: rendered.map((r) => separator + r).join('') }];
		}
		const first = items[0];
		const dash = first ? this.dashOf(first) : -1;
		if (dash < 0) return [];
		const indent = ' '.repeat(dash - lineStart(this.text, dash));
		const rendered = values.map((v) => '- ' + (typeof v === 'string' ? scalar(v, quote) : this.block(v, indent + ' '.repeat(2))));
		if (index < items.length) {
			const at = this.dashOf(items[index]);
			return [{ offset: at, length: 0, newText: rendered.map((r) => r + this.eol + indent).join('') }];
		}
		const last = items[items.length - 1];
		const end = lineEnd(this.text, last.offset + last.length);
		return [{ offset: end, length: 0, newText: rendered.map((r) => this.eol + indent + r).join('') }];
	}

	scalarToList(node: HostNode, values: unknown[], keep: number): TextEdit[] {
		const original = this.text.slice(node.offset, node.offset + node.length);
		const property = node.parent;
		const key = property?.type === 'property' ? property.children?.[0] : undefined;
		const quote = node.type === 'string' ? quoteOf(this.text, node) : 'plain';
		if (node.type === 'object' && !this.isFlow(node)) {
			// A block mapping (one statement) becomes the first item of a block sequence at its column.
			const column = node.offset - lineStart(this.text, node.offset);
			const indent = ' '.repeat(column);
			const edits: TextEdit[] = [{ offset: node.offset, length: 0, newText: '- ' }];
			for (let p = this.text.indexOf('\n', node.offset); p >= 0 && p + 1 < node.offset + node.length; p = this.text.indexOf('\n', p + 1)) {
				if (this.text.slice(p + 1, lineEnd(this.text, p + 1)).trim() !== '') edits.push({ offset: p + 1, length: 0, newText: '  ' });
			}
			const end = lineEnd(this.text, node.offset + node.length);
			const added = values.filter((_v, i) => i !== keep).map((v) => this.eol + indent + '- ' + this.block(v, indent + '  '));
			edits.push({ offset: end, length: 0, newText: added.join('') });
			return edits;
		}
		const sameLine = key && !this.text.slice(key.offset + key.length, node.offset).includes('\n');
		if (node.type === 'string' && key && sameLine && !this.isFlow(node)) {
			// `Action: a` → a block sequence under the key, one unit deeper than the key.
			const keyColumn = key.offset - lineStart(this.text, key.offset);
			const indent = ' '.repeat(keyColumn + this.unit);
			const colon = this.text.indexOf(':', key.offset + key.length);
			const items = values.map((v, i) => (i === keep ? original : typeof v === 'string' ? scalar(v, quote) : this.flow(v)));
			return [{ offset: colon + 1, length: node.offset + node.length - colon - 1, newText: items.map((i) => this.eol + indent + '- ' + i).join('') }];
		}
		// Anywhere else (a flow collection, a sequence item): a flow sequence in place.
		const items = values.map((v, i) => (i === keep ? original : this.flow(v, quote)));
		return [{ offset: node.offset, length: node.length, newText: '[' + items.join(', ') + ']' }];
	}

	removeListItems(list: HostNode, indices: readonly number[]): TextEdit[] | undefined {
		if (list.type !== 'array') return undefined;
		const items = list.children ?? [];
		const sorted = [...new Set(indices)].filter((i) => i >= 0 && i < items.length).sort((a, b) => a - b);
		if (sorted.length === 0) return [];
		if (sorted.length >= items.length) return undefined;
		const edits: TextEdit[] = [];
		if (this.isFlow(list)) {
			for (const i of sorted) {
				const item = items[i];
				const [from, to] = i < items.length - 1 ? [item.offset, items[i + 1].offset] : [items[i - 1].offset + items[i - 1].length, item.offset + item.length];
				if (this.text.slice(from, to).includes('#')) return undefined;
				edits.push({ offset: from, length: to - from, newText: '' });
			}
			return mergeAdjacent(edits);
		}
		for (const i of sorted) {
			const item = items[i];
			const dash = this.dashOf(item);
			if (dash < 0) return undefined;
			const from = lineStart(this.text, dash);
			let to = lineEnd(this.text, item.offset + item.length);
			if (this.text.slice(item.offset + item.length, to).includes('#')) return undefined;
			if (this.text[to] === '\r') to++;
			if (this.text[to] === '\n') to++;
			edits.push({ offset: from, length: to - from, newText: '' });
		}
		return mergeAdjacent(edits);
	}

	addProperty(object: HostNode, key: string, value: unknown, position: 'first' | 'last'): TextEdit[] {
		if (object.type !== 'object') return [];
		const props = object.children ?? [];
		if (this.isFlow(object)) {
			const rendered = `${scalar(key)}: ${this.flow(value)}`;
			if (props.length === 0) return [{ offset: object.offset + 1, length: object.length - 2, newText: rendered }];
			if (position === 'first') return [{ offset: props[0].offset, length: 0, newText: rendered + ', ' }];
			const last = props[props.length - 1];
			return [{ offset: last.offset + last.length, length: 0, newText: ', ' + rendered }];
		}
		if (props.length === 0) return [];
		const column = props[0].offset - lineStart(this.text, props[0].offset);
		const indent = ' '.repeat(column);
		const rendered = this.block({ [key]: value }, indent);
		if (position === 'first') return [{ offset: props[0].offset, length: 0, newText: rendered + this.eol + indent }];
		const last = props[props.length - 1];
		return [{ offset: lineEnd(this.text, last.offset + last.length), length: 0, newText: this.eol + indent + rendered }];
	}
}

/** Joins edits that touch (two adjacent removed items) so none overlaps another. */
function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
	const sorted = [...edits].sort((a, b) => a.offset - b.offset);
	const out: TextEdit[] = [];
	for (const e of sorted) {
		const last = out[out.length - 1];
		if (last && last.offset + last.length >= e.offset) last.length = Math.max(last.offset + last.length, e.offset + e.length) - last.offset;
		else out.push({ ...e });
	}
	return out;
}
