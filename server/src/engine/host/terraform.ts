import type { HclAttribute, HclBlock, HclBody, HclFile, HclValue } from '../syntax/hcl';
import type { Span } from '../types';
import { DocumentCache, type Dependency } from './documentCache';
import { adopt, type Building, hclToHost, heredocJsonToHost, node, property, quotedJsonToHost, unknown } from './hclTree';
import { rebase } from './rebase';
import type { Annotation, HostPolicy, HostRole, ModuleLayout } from './syntax';

/**
 * Terraform's IAM resources read from an HCL file: the policy documents (`jsonencode({...})`,
 * heredoc JSON, `data "aws_iam_policy_document"`) and the roles that tie them together, resolved
 * within the file (the CLI passes the other files of the module as `siblings`).
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
 */

/** Top-level blocks whose bodies matter; the others are skipped by the reader (cheap on big files). */
export function isIamBlock(type: string, labels: readonly string[]): boolean {
	if (type === 'locals') return true;
	return (type === 'resource' || type === 'data') && (labels[0] ?? '').startsWith('aws_iam_');
}

/** The annotation beside a block: a comment line `# iam-restore-lint: ID[, ID…]` (or `//`) directly above it. */
function annotationOf(block: HclBlock): Annotation | undefined {
	for (const c of block.leadingComments) {
		// A comment's own text, not HCL: the marker and a comma-separated list of ids.
		const m = /^(?:#|\/\/)\s*iam-restore-lint\s*:\s*(.*)$/.exec(c.text.trim());
		if (!m) continue;
		const scenarios = m[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
		return { scenarios, span: c.span };
	}
	return undefined;
}

function attribute(body: HclBody | undefined, name: string): HclAttribute | undefined {
	return body?.attributes.find((a) => a.name === name);
}

function blocksNamed(body: HclBody | undefined, type: string): HclBlock[] {
	return body?.blocks.filter((b) => b.type === type) ?? [];
}

/**
 * Calls that modules wrap around a single resource's attribute when the resource has `count`:
 * `join("", aws_iam_role.r[*].name)`, `one(…)`, `try(…, "")`, `element(…, 0)`, `coalesce(…)`.
 */
const PASS_THROUGH = new Set(['join', 'one', 'try', 'element', 'coalesce', 'tostring']);

/** The reference a value stands for, looking through the pass-through calls. */
function referenceOf(v: HclValue): HclValue {
	if (v.kind !== 'call' || !PASS_THROUGH.has(v.name)) return v;
	const args = v.name === 'join' ? v.args.slice(1) : v.args;
	const ref = args.find((a) => a.kind === 'reference');
	return ref && (v.name !== 'join' || args.length === 1) ? ref : v;
}

/** A reference's path without index steps (`aws_iam_role.r[0].name` → aws_iam_role, r, name). */
function plainPath(value: HclValue): string[] | undefined {
	const v = referenceOf(value);
	return v.kind === 'reference' ? v.path.filter((p) => !p.startsWith('[') && p !== '*') : undefined;
}

/** The anchor of a block: its name label (`"restore"` in `resource "aws_iam_role" "restore"`). */
function anchorOf(block: HclBlock): Span {
	return block.labels[block.labels.length - 1]?.span ?? block.typeSpan;
}

export interface TerraformRead {
	policies: HostPolicy[];
	roles: HostRole[];
	/** `file("x.json")` documents, by policy name: the CLI reads them from the module's folder. */
	files: { policy: string; path: string; span: Span }[];
}

const STATEMENT_KEYS: Record<string, string> = {
	sid: 'Sid',
	effect: 'Effect',
	actions: 'Action',
	not_actions: 'NotAction',
	resources: 'Resource',
	not_resources: 'NotResource',
};

/** A policy document as read: its root, and what reading it did besides (documents it used, files it named). */
interface DocumentValue {
	document: { root: Building; syntax?: 'json' } | undefined;
	used: string[];
	files: TerraformRead['files'];
}

/** Policy documents of earlier versions (one per Terraform syntax: see documentCache.ts). */
export type TerraformDocumentCache = DocumentCache<DocumentValue>;

export function terraformDocumentCache(): TerraformDocumentCache {
	return new DocumentCache<DocumentValue>();
}

/**
 * A top-level document read (or taken from the cache): its nodes are made on first use; `peek` is
 * the root as read (at `delta` from here, never handed out) for what does not depend on offsets.
 */
interface TopDocument {
	root: () => Building;
	peek: Building;
	delta: number;
	syntax?: 'json';
	reuse?: HostPolicy['reuse'];
}

function asRead(document: { root: Building; syntax?: 'json' } | undefined): TopDocument | undefined {
	return document && { root: () => document.root, peek: document.root, delta: 0, syntax: document.syntax };
}

/** What a document being read has looked up and done so far. */
interface Recording {
	base: number;
	dependencies: Dependency[];
	/** False once a lookup found a block with a syntax error (its reading may depend on its context). */
	clean: boolean;
	used: string[];
	files: TerraformRead['files'];
}

class TerraformReader {
	private readonly documents = new Map<string, HclBlock>();
	private readonly locals = new Map<string, { attribute: HclAttribute; block: HclBlock }>();
	private readonly resources = new Map<string, HclBlock>();
	private readonly converting = new Set<string>();
	/** Documents some policy argument or another document refers to (by their name label). */
	readonly usedDocuments = new Set<string>();
	readonly files: TerraformRead['files'] = [];
	private recording: Recording | undefined;

	constructor(
		file: HclFile,
		private readonly text: string,
		private readonly module?: ModuleLayout,
		private readonly cache?: TerraformDocumentCache,
	) {
		for (const b of file.blocks) {
			if (b.type === 'data' && b.labels[0]?.value === 'aws_iam_policy_document' && b.labels[1]) this.documents.set(b.labels[1].value, b);
			if (b.type === 'resource' && b.labels.length >= 2) this.resources.set(`${b.labels[0].value}.${b.labels[1].value}`, b);
			if (b.type === 'locals') for (const a of b.body?.attributes ?? []) this.locals.set(a.name, { attribute: a, block: b });
		}
	}

	/**
	 * A policy document written in `own` (a top-level block) at `at`, `read` by `read` or taken from
	 * the cache; `name` says which of the block's documents it is.
	 */
	topDocument(name: string, own: HclBlock, at: number, read: () => { root: Building; syntax?: 'json' } | undefined): TopDocument | undefined {
		const base = own.span.offset;
		if (!this.cache || this.recording || own.hasError) return asRead(read());
		const block = this.source(own.span);
		const key = `${name}\u0001${at - base}`;
		const hit = this.cache.get(block, key, (d) => this.holds(d, base));
		if (hit) {
			const delta = base - hit.base;
			for (const u of hit.value.used) this.usedDocuments.add(u);
			for (const f of hit.value.files) this.files.push({ ...f, span: { offset: f.span.offset + delta, length: f.span.length } });
			const document = hit.value.document;
			if (!document) return undefined;
			// Its nodes are copied, moved, the first time they are asked for.
			let root: Building | undefined;
			return { root: () => (root ??= rebase(document.root, delta, '', '')), peek: document.root, delta, syntax: document.syntax, reuse: { key: String(hit.id), base } };
		}
		const { value, recording } = this.record(base, read);
		const document = asRead(value.document);
		if (!recording.clean || !document) return document;
		// The first reader has the nodes as read: they are the cache's too (nothing changes a read node).
		const entry = this.cache.set(block, key, base, recording.dependencies, value);
		return { ...document, reuse: { key: String(entry.id), base } };
	}

	/** Runs `read` recording its lookups and side effects. */
	private record(base: number, read: () => DocumentValue['document']): { value: DocumentValue; recording: Recording } {
		const recording: Recording = { base, dependencies: [], clean: true, used: [], files: [] };
		const outer = this.recording;
		this.recording = recording;
		try {
			return { value: { document: read(), used: recording.used, files: recording.files }, recording };
		} finally {
			this.recording = outer;
		}
	}

	private source(span: Span): string {
		return this.text.slice(span.offset, span.offset + span.length);
	}

	/** The lookup `kind`/`name` as it finds now, relative to `base`. */
	private find(kind: string, name: string, base: number): { source: string | undefined; at: number; clean: boolean } {
		if (kind === 'file') {
			const found = this.module?.files.find((f) => f.path === name);
			return found ? { source: this.source(found), at: found.offset - base, clean: true } : { source: undefined, at: 0, clean: true };
		}
		const block = kind === 'document' ? this.documents.get(name) : this.locals.get(name)?.block;
		return block ? { source: this.source(block.span), at: block.span.offset - base, clean: !block.hasError } : { source: undefined, at: 0, clean: true };
	}

	private holds(d: Dependency, base: number): boolean {
		const now = this.find(d.kind, d.name, base);
		return now.clean && now.source === d.source && now.at === d.at;
	}

	/** Notes a lookup the document being read makes. */
	private looked(kind: 'document' | 'local' | 'file', name: string): void {
		const r = this.recording;
		if (!r) return;
		const now = this.find(kind, name, r.base);
		if (!now.clean) r.clean = false;
		r.dependencies.push({ kind, name, source: now.source, at: now.at });
	}

	private documentNamed(name: string): HclBlock | undefined {
		this.looked('document', name);
		return this.documents.get(name);
	}

	private local(name: string): HclAttribute | undefined {
		this.looked('local', name);
		return this.locals.get(name)?.attribute;
	}

	private moduleFile(path: string): ModuleLayout['files'][number] | undefined {
		this.looked('file', path);
		return this.module?.files.find((f) => f.path === path);
	}

	private useDocument(name: string): void {
		this.usedDocuments.add(name);
		this.recording?.used.push(name);
	}

	private nameFile(file: TerraformRead['files'][number]): void {
		this.files.push(file);
		this.recording?.files.push(file);
	}

	/** A policy argument's value (`policy`, `assume_role_policy`) as a document root, or undefined when it is no policy. */
	document(value: HclValue, policyName: string): { root: Building; syntax?: 'json' } | undefined {
		if (value.kind === 'call' && value.name === 'jsonencode' && value.args.length === 1) {
			const arg = this.follow(value.args[0]);
			return { root: hclToHost(arg, this.text, (v) => this.literal(v)) };
		}
		if ((value.kind === 'string' || value.kind === 'template') && value.heredoc) {
			const parsed = heredocJsonToHost(value.heredoc, this.text);
			return parsed ? { root: parsed.root, syntax: 'json' } : undefined;
		}
		if (value.kind === 'call' && (value.name === 'file' || value.name === 'templatefile') && value.args[0]) {
			const path = modulePath(value.args[0]);
			const found = path !== undefined ? this.moduleFile(path) : undefined;
			if (found) {
				// The module's file, read where it sits in the module's text: JSON at its own offsets.
				const content = this.text.slice(found.offset, found.offset + found.length);
				const interpolations = value.name === 'templatefile' ? templateSequences(content).map((h) => ({ offset: h.offset + found.offset, length: h.length })) : [];
				const parsed = heredocJsonToHost({ offset: found.offset, text: content, interpolations }, this.text);
				if (parsed) return { root: parsed.root, syntax: 'json' };
			}
			if (path !== undefined) this.nameFile({ policy: policyName, path, span: value.span });
			return { root: unknown(value.span, this.text) };
		}
		if (value.kind === 'string' && !value.heredoc && value.value.trimStart().startsWith('{')) {
			const root = quotedJsonToHost(value, this.text);
			if (root) return { root, syntax: 'json' };
		}
		const path = plainPath(value);
		if (path && path[0] === 'data' && path[1] === 'aws_iam_policy_document' && path.length >= 3 && (path[3] === 'json' || path[3] === 'minified_json')) {
			const block = this.documentNamed(path[2]);
			this.useDocument(path[2]);
			const root = block && this.documentBlock(block);
			if (root) return { root };
		}
		if (path && path[0] === 'local' && path.length === 2) {
			const local = this.local(path[1]);
			if (local && !this.converting.has(`local.${path[1]}`)) {
				this.converting.add(`local.${path[1]}`);
				try {
					const doc = this.document(local.value, policyName);
					if (doc) return doc;
				} finally {
					this.converting.delete(`local.${path[1]}`);
				}
			}
		}
		// Anything else (var.policy, a module output, templatefile(…)) is known only at deploy time.
		return { root: unknown(value.span, this.text) };
	}

	/** `local.x` holding a literal object or list is read where it is written. */
	private follow(value: HclValue): HclValue {
		const path = plainPath(value);
		if (path && path[0] === 'local' && path.length === 2) {
			const local = this.local(path[1]);
			if (local && (local.value.kind === 'object' || local.value.kind === 'tuple')) return local.value;
		}
		return value;
	}

	private literal(value: HclValue): Building | undefined {
		const followed = this.follow(value);
		return followed !== value ? hclToHost(followed, this.text, (v) => this.literal(v)) : undefined;
	}

	/** A `data "aws_iam_policy_document"` block as a policy object (`Version`, `Statement`) over the block's text. */
	documentBlock(block: HclBlock): Building | undefined {
		const key = block.labels[1]?.value ?? '';
		if (this.converting.has(key) || !block.body) return undefined;
		this.converting.add(key);
		try {
			const body = block.body;
			const own = blocksNamed(body, 'statement').map((s) => this.statement(s));
			// source_policy_documents come first; this document's statements replace those with the same Sid.
			// override_policy_documents replace this document's statements with the same Sid, the rest are appended.
			// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document#example-of-merging-source-documents
			let statements = this.merge(this.included(attribute(body, 'source_policy_documents'), key), own);
			statements = this.merge(statements, this.included(attribute(body, 'override_policy_documents'), key));
			const root = node('object', block.span, { hcl: { kind: 'document', block } });
			const props: Building[] = [];
			const version = attribute(body, 'version') ?? attribute(body, 'policy_version');
			if (version) props.push(property('Version', version.nameSpan, hclToHost(version.value, this.text)));
			else {
				// Terraform writes "Version": "2012-10-17" when the block sets none; the node is empty, at the block's brace.
				const at = { offset: block.open >= 0 ? block.open : block.span.offset, length: 0 };
				props.push(property('Version', at, node('string', at, { value: '2012-10-17' })));
			}
			const list = adopt(node('array', block.span, { hcl: { kind: 'statements', block } }), statements);
			props.push(property('Statement', anchorOf(block), list));
			return adopt(root, props);
		} finally {
			this.converting.delete(key);
		}
	}

	private included(attr: HclAttribute | undefined, self: string): Building[] {
		if (!attr) return [];
		if (attr.value.kind !== 'tuple') return [unknownStatement(attr.value.span, this.text)];
		const out: Building[] = [];
		for (const item of attr.value.items) {
			const doc = this.document(item, self);
			const list = doc && doc.root.type === 'object' ? doc.root.children?.find((p) => p.children?.[0]?.value === 'Statement')?.children?.[1] : undefined;
			if (list?.type === 'array') out.push(...(list.children ?? []));
			else if (list?.type === 'object') out.push(list);
			else out.push(unknownStatement(item.span, this.text));
		}
		return out;
	}

	/** Statements of `later` replace those of `earlier` with the same Sid; the others are appended. */
	private merge(earlier: Building[], later: Building[]): Building[] {
		const sid = (s: Building) => s.children?.find((p) => p.children?.[0]?.value === 'Sid')?.children?.[1]?.value;
		const out = [...earlier];
		for (const s of later) {
			const id = sid(s);
			const i = id ? out.findIndex((e) => sid(e) === id) : -1;
			if (i >= 0) out[i] = s;
			else out.push(s);
		}
		return out;
	}

	/** One `statement {}` block in the policy grammar's shape; `effect` defaults to Allow as in Terraform. */
	private statement(block: HclBlock): Building {
		const body = block.body;
		const props: Building[] = [];
		for (const a of body?.attributes ?? []) {
			const key = STATEMENT_KEYS[a.name];
			if (key) props.push(property(key, a.nameSpan, hclToHost(a.value, this.text, (v) => this.literal(v))));
		}
		if (!props.some((p) => p.children?.[0]?.value === 'Effect')) {
			// Terraform writes "Effect": "Allow" when the block has no effect; the node is empty, at the block's brace.
			const at = { offset: block.open >= 0 ? block.open : block.span.offset, length: 0 };
			props.unshift(property('Effect', at, node('string', at, { value: 'Allow' })));
		}
		for (const [blockType, key] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
			const blocks = blocksNamed(body, blockType);
			if (blocks.length > 0) props.push(this.principals(blocks, key));
		}
		const conditions = blocksNamed(body, 'condition');
		if (conditions.length > 0) props.push(this.conditions(conditions));
		return adopt(node('object', block.span, { hcl: { kind: 'statement', block } }), props);
	}

	/** `principals { type, identifiers }` blocks: one Principal object, identifiers of one type merged. */
	private principals(blocks: HclBlock[], key: string): Building {
		const byType = new Map<string, { keySpan: Span; lists: Building[] }>();
		for (const b of blocks) {
			const type = attribute(b.body, 'type');
			const identifiers = attribute(b.body, 'identifiers');
			if (!type || type.value.kind !== 'string' || !identifiers) continue;
			const list = hclToHost(identifiers.value, this.text, (v) => this.literal(v));
			const entry = byType.get(type.value.value);
			if (entry) entry.lists.push(list);
			else byType.set(type.value.value, { keySpan: type.value.span, lists: [list] });
		}
		const first = blocks[0];
		const last = blocks[blocks.length - 1];
		const span = { offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset };
		// `type = "*"` with `identifiers = ["*"]` is the JSON `"Principal": "*"`.
		const star = byType.get('*');
		const starItems = star?.lists.flatMap((l) => (l.type === 'array' ? l.children ?? [] : [l]));
		if (star && byType.size === 1 && starItems?.length === 1) return property(key, first.typeSpan, starItems[0]);
		const props = [...byType].map(([type, e]) => property(type, e.keySpan, e.lists.length === 1 ? e.lists[0] : valuesList(e.lists)));
		return property(key, first.typeSpan, adopt(node('object', span), props));
	}

	/** `condition { test, variable, values }` blocks: one Condition object `{ test: { variable: values } }`. */
	private conditions(blocks: HclBlock[]): Building {
		const byTest = new Map<string, { keySpan: Span; props: Building[] }>();
		for (const b of blocks) {
			const test = attribute(b.body, 'test');
			const variable = attribute(b.body, 'variable');
			const values = attribute(b.body, 'values');
			if (!test || !variable || !values) continue;
			const testName = test.value.kind === 'string' ? test.value.value : this.text.slice(test.value.span.offset, test.value.span.offset + test.value.span.length);
			const variableName = variable.value.kind === 'string' ? variable.value.value : this.text.slice(variable.value.span.offset, variable.value.span.offset + variable.value.span.length);
			const entry = byTest.get(testName) ?? { keySpan: test.value.span, props: [] };
			entry.props.push(property(variableName, variable.value.span, hclToHost(values.value, this.text, (v) => this.literal(v))));
			byTest.set(testName, entry);
		}
		const first = blocks[0];
		const last = blocks[blocks.length - 1];
		const span = { offset: first.span.offset, length: last.span.offset + last.span.length - first.span.offset };
		const props = [...byTest].map(([test, e]) => property(test, e.keySpan, adopt(node('object', span), e.props)));
		return property('Condition', first.typeSpan, adopt(node('object', span), props));
	}

	/** The role a `role = …` argument names: `aws_iam_role.r.name`/`.id`, or the role's literal `name`. */
	roleOf(value: HclValue | undefined): string | undefined {
		if (!value) return undefined;
		const path = plainPath(value);
		if (path && path[0] === 'aws_iam_role' && path.length >= 2) return `aws_iam_role.${path[1]}`;
		if (value.kind === 'string') {
			for (const [address, block] of this.resources) {
				if (!address.startsWith('aws_iam_role.')) continue;
				const name = attribute(block.body, 'name')?.value;
				if (name?.kind === 'string' && name.value === value.value) return address;
			}
		}
		return undefined;
	}
}

/** The identifiers of several `principals` blocks of one type, as one list (its items keep their own places). */
function valuesList(lists: Building[]): Building {
	const values = lists.flatMap((l) => (l.type === 'array' ? l.children ?? [] : [l]));
	if (values.length === 0) return lists[0];
	const start = values[0].offset;
	const last = values[values.length - 1];
	const list = node('array', { offset: start, length: last.offset + last.length - start }, { hcl: { kind: 'block-list' } });
	// Shared nodes keep their first parent (the principals block they are written in).
	list.children = values;
	return list;
}

/** A statement that comes from a deploy-time document (`source_policy_documents = [var.x]`). */
function unknownStatement(span: Span, text: string): Building {
	return unknown(span, text);
}

/**
 * Reads the IAM resources of one Terraform file. With a `cache` (one per syntax, given every
 * version of the files it reads), documents whose blocks and lookups did not change are not read
 * again (documentCache.ts); their policies carry a `reuse` key and make their nodes on first use.
 */
export function readTerraform(file: HclFile, text: string, module?: ModuleLayout, cache?: TerraformDocumentCache): TerraformRead {
	const reader = new TerraformReader(file, text, module, cache);
	const policies: HostPolicy[] = [];
	/** The first policy of each name, with its document as read (`peek`, and how far it has moved since). */
	const named = new Map<string, { policy: HostPolicy; doc: TopDocument }>();
	const roles = new Map<string, HostRole>();
	const push = (policy: Omit<HostPolicy, 'root'>, doc: TopDocument) => {
		const p: HostPolicy = {
			name: policy.name,
			use: policy.use,
			anchor: policy.anchor,
			annotation: policy.annotation,
			get root() {
				return doc.root();
			},
			syntax: doc.syntax ?? 'hcl',
			reuse: doc.reuse,
		};
		policies.push(p);
		if (!named.has(p.name)) named.set(p.name, { policy: p, doc });
	};
	// The attribute, not its value: a value taken from the cache is copied when first read (hcl.ts movedBlock).
	const add = (name: string, use: HostPolicy['use'], anchor: Span, own: HclBlock, argument: HclAttribute | undefined, annotation?: Annotation): string | undefined => {
		if (!argument) return undefined;
		const doc = reader.topDocument(name, own, argument.span.offset, () => reader.document(argument.value, name));
		if (!doc) return undefined;
		push({ name, use, anchor, annotation }, doc);
		return name;
	};

	const blocks = file.blocks.filter((b) => b.type === 'resource' && b.body && b.labels.length >= 2);
	for (const b of blocks.filter((x) => x.labels[0].value === 'aws_iam_role')) {
		const address = `aws_iam_role.${b.labels[1].value}`;
		const role: HostRole = { name: address, anchor: anchorOf(b), policies: [], managedPolicyArns: [], unresolved: [], annotation: annotationOf(b) };
		roles.set(address, role);
		role.trust = add(`${address}/assume_role_policy`, 'trust', anchorOf(b), b, attribute(b.body, 'assume_role_policy'));
		blocksNamed(b.body, 'inline_policy').forEach((inline, i) => {
			const name = attribute(inline.body, 'name')?.value;
			const label = name?.kind === 'string' ? name.value : String(i + 1);
			const added = add(`${address}/inline_policy/${label}`, 'identity', inline.typeSpan, b, attribute(inline.body, 'policy'));
			if (added) role.policies.push(added);
		});
		const arns = attribute(b.body, 'managed_policy_arns')?.value;
		if (arns?.kind === 'tuple') for (const item of arns.items) attach(role, item, text);
		else if (arns) role.unresolved.push({ text: sliceOf(text, arns.span), span: arns.span });
		const boundary = attribute(b.body, 'permissions_boundary')?.value;
		if (boundary) {
			const path = plainPath(boundary);
			const arn = boundary.kind === 'string' ? boundary.value : boundary.kind === 'template' ? sliceOf(text, boundary.inner) : undefined;
			if (path && path[0] === 'aws_iam_policy' && path.length >= 2) role.boundary = `aws_iam_policy.${path[1]}`;
			else if (arn && /^arn:[^:]*:iam::aws:policy\//.test(arn)) role.boundaryArn = { arn, span: boundary.span };
			else role.unresolved.push({ text: sliceOf(text, boundary.span), span: boundary.span });
		}
	}
	for (const b of blocks) {
		const type = b.labels[0].value;
		const address = `${type}.${b.labels[1].value}`;
		if (type === 'aws_iam_policy') add(address, 'identity', anchorOf(b), b, attribute(b.body, 'policy'), annotationOf(b));
		else if (type === 'aws_iam_role_policy') {
			const added = add(address, 'identity', anchorOf(b), b, attribute(b.body, 'policy'), annotationOf(b));
			const role = roles.get(reader.roleOf(attribute(b.body, 'role')?.value) ?? '');
			if (added && role) role.policies.push(added);
		}
	}
	// Attachments come last: the policies they name exist by now.
	for (const b of blocks) {
		const type = b.labels[0].value;
		if (type !== 'aws_iam_role_policy_attachment' && type !== 'aws_iam_policy_attachment') continue;
		const arn = attribute(b.body, 'policy_arn')?.value;
		const roleValues = type === 'aws_iam_role_policy_attachment' ? [attribute(b.body, 'role')?.value] : (() => {
			const v = attribute(b.body, 'roles')?.value;
			return v?.kind === 'tuple' ? v.items : [];
		})();
		for (const rv of roleValues) {
			const role = roles.get(reader.roleOf(rv) ?? '');
			if (role && arn) attach(role, arn, text);
		}
	}
	// A policy document nothing in the file uses is still checked on its own (converting the
	// candidates first marks the documents they include as used).
	const candidates = file.blocks
		.filter((b) => b.type === 'data' && b.labels[0]?.value === 'aws_iam_policy_document' && b.labels[1] && !reader.usedDocuments.has(b.labels[1].value))
		.map((b) => {
			const name = `data.aws_iam_policy_document.${b.labels[1].value}`;
			return { block: b, name, doc: reader.topDocument(name, b, b.span.offset, () => { const root = reader.documentBlock(b); return root && { root }; }) };
		});
	for (const { block, name, doc } of candidates) {
		if (!doc || reader.usedDocuments.has(block.labels[1].value)) continue;
		// With principals it is a trust policy, or a resource policy (an S3 bucket's, a KMS key's) that
		// is not the product's concern; without, a permissions policy.
		const use = documentUse(doc.peek);
		if (!use) continue;
		push({ name, use, anchor: anchorOf(block), annotation: annotationOf(block) }, doc);
	}
	// A policy that is a role's permissions boundary is read as one (it grants nothing itself).
	for (const role of roles.values()) {
		const p = role.boundary ? named.get(role.boundary)?.policy : undefined;
		if (p) p.use = 'boundary';
	}
	// A role's document known only at deploy time (`var.policy`, `file(…)` read elsewhere) is named where findings say what is missing.
	for (const role of roles.values())
		for (const name of role.policies) {
			const doc = named.get(name)?.doc;
			if (doc?.peek.type === 'unknown') role.unresolved.push({ text: doc.peek.deployTime ?? name, span: { offset: doc.peek.offset + doc.delta, length: doc.peek.length } });
		}
	return { policies, roles: [...roles.values()], files: reader.files };

	/** A `policy_arn`/`managed_policy_arns` item: a policy of the file, an AWS managed ARN, or unresolved. */
	function attach(role: HostRole, value: HclValue, source: string): void {
		const path = plainPath(value);
		if (path && path[0] === 'aws_iam_policy' && path.length >= 2 && named.has(`aws_iam_policy.${path[1]}`)) {
			if (!role.policies.includes(`aws_iam_policy.${path[1]}`)) role.policies.push(`aws_iam_policy.${path[1]}`);
			return;
		}
		const arn = value.kind === 'string' ? value.value : value.kind === 'template' ? sliceOf(source, value.inner) : undefined;
		if (arn && /^arn:[^:]*:iam::aws:policy\//.test(arn)) role.managedPolicyArns.push({ arn, span: value.span });
		else role.unresolved.push({ text: sliceOf(source, value.span), span: value.span });
	}
}

const TRUST_ACTION = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|\*)$/i;

/** What a policy document no resource uses is: identity (no principals), trust, or none of ours (a resource policy). */
function documentUse(root: Building): HostPolicy['use'] | undefined {
	const statements = root.children?.find((p) => p.children?.[0]?.value === 'Statement')?.children?.[1]?.children ?? [];
	const withPrincipal = statements.filter((s) => s.children?.some((p) => p.children?.[0]?.value === 'Principal' || p.children?.[0]?.value === 'NotPrincipal'));
	if (withPrincipal.length === 0) return 'identity';
	const actions = (s: Building) => s.children?.find((p) => p.children?.[0]?.value === 'Action')?.children?.[1];
	const trusts = withPrincipal.some((s) => {
		const a = actions(s);
		const items = a?.type === 'array' ? a.children ?? [] : a ? [a] : [];
		return items.some((i) => typeof i.value === 'string' && TRUST_ACTION.test(i.value));
	});
	return trusts ? 'trust' : undefined;
}

/**
 * The module-relative path a `file()`/`templatefile()` argument names: a literal (`"x.json"`,
 * `"./x.json"`) or `"${path.module}/x.json"`. Undefined for anything computed at plan time.
 */
function modulePath(value: HclValue): string | undefined {
	let path: string | undefined;
	if (value.kind === 'string') path = value.value;
	else if (value.kind === 'template' && value.parts.length === 2) {
		const [head, rest] = value.parts;
		const module = head.kind === 'interpolation' && head.expression?.kind === 'reference' && head.expression.path.join('.') === 'path.module';
		if (module && rest.kind === 'literal' && rest.value.startsWith('/')) path = rest.value.slice(1);
	}
	if (path === undefined) return undefined;
	const parts = path.split('/').filter((p) => p !== '' && p !== '.');
	return parts.includes('..') || path.startsWith('/') ? undefined : parts.join('/');
}

/**
 * The `${…}` and `%{…}` sequences of a template file (templatefile), by a scan of the template
 * syntax itself: `$${` and `%%{` are escapes; braces nest; quoted strings inside a sequence may
 * hold braces. https://developer.hashicorp.com/terraform/language/expressions/strings#string-templates
 */
export function templateSequences(text: string): Span[] {
	const out: Span[] = [];
	for (let i = 0; i < text.length - 1; i++) {
		const c = text[i];
		if ((c !== '$' && c !== '%') || text[i + 1] !== '{') continue;
		if (i > 0 && text[i - 1] === c && (i < 2 || text[i - 2] !== c)) continue;
		let depth = 0;
		let j = i + 1;
		let quoted = false;
		for (; j < text.length; j++) {
			const d = text[j];
			if (quoted) {
				if (d === '\\') j++;
				else if (d === '"') quoted = false;
			} else if (d === '"') quoted = true;
			else if (d === '{') depth++;
			else if (d === '}' && --depth === 0) break;
		}
		// An unclosed sequence runs to the end (Terraform rejects the file; nothing after it is known).
		const end = Math.min(j + 1, text.length);
		out.push({ offset: i, length: end - i });
		i = end - 1;
	}
	return out;
}

function sliceOf(text: string, span: Span): string {
	return text.slice(span.offset, span.offset + span.length);
}
