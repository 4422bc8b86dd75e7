import { Composer, type Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, type Node as YamlNode, Parser, Scalar, type Tags, YAMLParseError } from 'yaml';
import { MAX_NESTING_DEPTH } from '../parse';
import { INTRINSIC_FUNCTIONS, isIntrinsicObject } from './cloudformation';
import type { HostNode } from './tree';

/**
 * YAML → host tree, with the `yaml` package's source ranges (as yaml-language-server does).
 * CloudFormation's short tags (`!Ref`, `!Sub`, `!GetAtt`, …) are declared as custom tags, so they
 * are values rather than errors; they and the long forms (`Fn::Sub:`) become `unknown` nodes.
 * Scalars are read as CloudFormation reads them for IAM: as strings (`Version: 2012-10-17`, an
 * unquoted account id `123456789012`), except an empty value.
 */

type MutableNode = { -readonly [K in keyof HostNode]: HostNode[K] } & { intrinsic?: { name: string; argument: unknown } };

/** The short tags and the function each stands for. */
const SHORT_TAGS = new Map<string, string>(
	INTRINSIC_FUNCTIONS.map((f) => [`!${f.replace(/^Fn::/, '')}`, f] as [string, string]),
);

/** Each short tag on a scalar, a sequence and a mapping: resolved to its plain content. */
export const CLOUDFORMATION_TAGS: Tags = [...SHORT_TAGS.keys()].flatMap((tag) => [
	{ tag, resolve: (value: string) => value },
	{ tag, collection: 'seq' as const, resolve: (value: unknown) => value },
	{ tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as Tags;

export interface YamlTree {
	root: HostNode | undefined;
	errors: { message: string; offset: number; length: number }[];
	/** Set when the text nests past MAX_NESTING_DEPTH: then it was not composed (root is undefined). */
	tooDeep?: Nesting;
}

/** How deep a text nests, and where it first went past the limit. */
export interface Nesting {
	depth: number;
	offset: number;
}

const PARSE_OPTIONS = { customTags: CLOUDFORMATION_TAGS, uniqueKeys: false, strict: false, prettyErrors: false } as const;

/**
 * Parses the first YAML document of a text, as the `yaml` package's `parseDocument` does, but
 * refuses a text nested past MAX_NESTING_DEPTH, in flow collections (`{`, `[`) or in blocks
 * (indentation, `- - -`). The package's lexer and CST parser work with an explicit stack, so the
 * depth is measured on the way; its composer recurses, and on a text nested ~1,800 deep it
 * overflowed the stack again and again, each time caught and reported as a YAML error (fuzzer,
 * seed 712 case 31994: a 9.6 KB template cost 53 s of CPU across its quick fixes, and near the
 * stack's end V8's regexp compiler aborted the process). The JSON-minded bracket scan
 * (parse.ts) misses such a text when one stray `"` makes it read the brackets as strings.
 */
export function parseYaml(text: string): { doc: Document.Parsed | undefined; tooDeep?: Nesting } {
	const lexer = new Lexer();
	const parser = new Parser();
	let tooDeep: Nesting | undefined;
	function* tokens() {
		for (const lexeme of lexer.lex(text)) {
			yield* parser.next(lexeme);
			// The stack holds the document, then one entry per level of nesting.
			if (parser.stack.length - 1 > MAX_NESTING_DEPTH) {
				tooDeep = { depth: parser.stack.length - 1, offset: Math.min(parser.offset, text.length) };
				return;
			}
		}
		yield* parser.end();
	}
	let doc: Document.Parsed | undefined;
	for (const composed of new Composer(PARSE_OPTIONS).compose(tokens(), true, text.length)) {
		if (!doc) {
			doc = composed;
			continue;
		}
		// Only the first document is read, and a second one is an error, as with parseDocument.
		doc.errors.push(new YAMLParseError(composed.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
		break;
	}
	return tooDeep ? { doc: undefined, tooDeep } : { doc };
}

/** Trailing whitespace and line ends belong to no value: a span ends at its last character. */
function trimmedEnd(text: string, start: number, end: number): number {
	while (end > start && /\s/.test(text[end - 1])) end--;
	return end;
}

function plain(node: HostNode | undefined): unknown {
	if (!node) return undefined;
	if (node.type === 'array') return (node.children ?? []).map(plain);
	if (node.type === 'object') return Object.fromEntries((node.children ?? []).map((p) => [p.children?.[0]?.value, plain(p.children?.[1])]));
	if (node.type === 'unknown') return (node as MutableNode).intrinsic ?? node.deployTime;
	return node.value;
}

/** Parses YAML (the first document) into a host tree. Never throws; errors come back with their spans. */
export function parseYamlTree(text: string): YamlTree {
	const { doc, tooDeep } = parseYaml(text);
	if (!doc) return { root: undefined, errors: [], tooDeep };
	const errors = doc.errors.map((e) => {
		const [start, end] = e.pos;
		return { message: e.message.split('\n')[0], offset: Math.min(start, text.length), length: Math.max(0, Math.min(end, text.length) - Math.min(start, text.length)) };
	});
	const build = (node: YamlNode | null | undefined, parent: MutableNode | undefined): MutableNode | undefined => {
		if (!node || !node.range) return undefined;
		if (isAlias(node)) return undefined;
		let start = node.range[0];
		const end = trimmedEnd(text, start, node.range[1]);
		const tag = node.tag;
		const fn = tag ? SHORT_TAGS.get(tag) : undefined;
		if (fn) {
			// The range starts after the tag; the value as the user wrote it starts at the tag.
			const at = text.lastIndexOf(tag!, start);
			if (at >= 0 && text.slice(at + tag!.length, start).trim() === '') start = at;
		}
		const out: MutableNode = { type: 'null', offset: start, length: Math.max(0, end - start), parent };
		if (isMap(node)) {
			out.type = 'object';
			out.children = [];
			for (const pair of node.items) {
				if (!isPair(pair)) continue;
				const key = pair.key as YamlNode | null;
				if (!key || !key.range || !isScalar(key)) continue;
				const keyEnd = trimmedEnd(text, key.range[0], key.range[1]);
				const property: MutableNode = { type: 'property', offset: key.range[0], length: keyEnd - key.range[0], parent: out, children: [] };
				property.children!.push({ type: 'string', value: String(key.value ?? ''), offset: key.range[0], length: keyEnd - key.range[0], parent: property });
				const value = build(pair.value as YamlNode | null, property);
				if (value) {
					property.children!.push(value);
					property.length = value.offset + value.length - property.offset;
					property.colonOffset = keyEnd;
				}
				out.children.push(property);
			}
		} else if (isSeq(node)) {
			out.type = 'array';
			out.children = node.items.map((item) => build(item as YamlNode, out)).filter((n): n is MutableNode => !!n);
		} else if (isScalar(node)) {
			const scalar = node as Scalar;
			if (scalar.value === null && !fn) out.type = 'null';
			else {
				out.type = 'string';
				// Numbers and booleans keep their source text (`0123`, `123456789012`): CloudFormation passes them on as written.
				out.value = typeof scalar.value === 'string' ? scalar.value : text.slice(node.range[0], trimmedEnd(text, node.range[0], node.range[1]));
			}
		}
		if (fn) {
			const argument = plain(out);
			out.type = 'unknown';
			out.deployTime = text.slice(out.offset, out.offset + out.length);
			out.intrinsic = { name: fn, argument };
			out.children = undefined;
			out.value = undefined;
		} else if (isIntrinsicObject(out)) {
			const property = out.children![0];
			out.intrinsic = { name: String(property.children![0].value), argument: plain(property.children?.[1]) };
			out.type = 'unknown';
			out.deployTime = text.slice(out.offset, out.offset + out.length);
			out.children = undefined;
		}
		return out;
	};
	return { root: build(doc.contents as YamlNode | null, undefined), errors };
}
