import type { TextEdit } from '../edits';
import type { Finding, Span } from '../types';
import type { HostNode, HostSyntaxId } from './tree';

/**
 * How a host syntax plugs into the engine (ARCHITECTURE.md "Where policies live"). A syntax reads
 * a file into host trees (host/tree.ts) and says which policy documents and roles the file holds;
 * the engine does the rest the same way for every syntax: policy model, grammar, catalog,
 * scenarios, roles, hover. Quick fixes say *what* to change (add these actions to that list, add
 * this statement) and the syntax's `HostEditor` decides *how* it is written.
 */

/** Scenario ids chosen beside a role or policy in the file (CloudFormation `Metadata`, a Terraform comment). */
export interface Annotation {
	scenarios: string[];
	/** The annotation's text, for findings about it (an unknown id). */
	span: Span;
}

/** One policy document in a host file. */
export interface HostPolicy {
	/**
	 * Its name in reports and in `glob#NAME` setting keys: the CloudFormation logical id
	 * (`RestoreRole` for its trust policy and inline policies, which add `/PolicyName`), the
	 * Terraform address (`aws_iam_policy.restore`); '' for a standalone policy file.
	 */
	name: string;
	/** What the host says the document is: a role's trust policy, a permissions policy, a boundary. */
	use: 'identity' | 'trust' | 'boundary';
	/** The document: an `object` node, or an `unknown` one when the whole document is a deploy-time value. */
	root: HostNode;
	/** Where a report points for the policy as a whole (the resource's key or block label). */
	anchor: Span;
	/** The syntax the document's nodes are written in, when not the file's (JSON in a heredoc or a string). */
	syntax?: HostSyntaxId;
	/** Scenarios named beside it (only read for policies that no role of the file attaches). */
	annotation?: Annotation;
	/**
	 * Set by a syntax that knows when a document is one it read before (Terraform, documentCache.ts):
	 * every policy with the same `key` has the same nodes, moved by the difference of their `base`s.
	 * A role's reuse key (analyzeHost.ts) then names the document instead of walking its nodes.
	 */
	reuse?: { key: string; base: number };
}

/** An IAM role in a host file and the policies that make it up. */
export interface HostRole {
	/** CloudFormation logical id or Terraform address. */
	name: string;
	anchor: Span;
	/** Names of `HostPolicy` entries of the same file. */
	trust?: string;
	policies: string[];
	boundary?: string;
	/** The permissions boundary when it is an AWS managed policy named by ARN (resolved offline, like `managedPolicyArns`). */
	boundaryArn?: { arn: string; span: Span };
	/** Managed policies attached by ARN (AWS managed policies are resolved offline, when the checker has them). */
	managedPolicyArns: { arn: string; span: Span }[];
	/** Attachments the file cannot resolve (a deploy-time ARN, a policy of another stack): named in findings. */
	unresolved: { text: string; span: Span }[];
	annotation?: Annotation;
}

/** What a syntax reads out of a file. */
export interface HostDocument {
	syntax: HostSyntaxId;
	/** `policy`: the file is one policy document (JSON; or a wrapper around one); the others hold several. */
	format: 'policy' | 'wrapper' | 'cloudformation' | 'terraform' | 'none';
	/** The text the offsets refer to (the file's, with the same offsets). */
	text: string;
	/** Syntax problems of the host file (a YAML error, an HCL ERROR node), at their exact spans. */
	findings: Finding[];
	policies: HostPolicy[];
	roles: HostRole[];
	/** Set when the file nests too deep to be parsed (its own parser measured it): nothing else was read. */
	tooDeep?: { depth: number; offset: number };
}

/**
 * The edit module of one syntax: the only place text in that syntax is written. Values are plain
 * JSON values (strings, or objects for a new statement) that the module renders in its own
 * syntax and in the layout it finds (indentation, flow or block style, quotes, line ends).
 */
export interface HostEditor {
	readonly syntax: HostSyntaxId;
	/** Replaces a string scalar (a value or a key) by another string. */
	replaceString(node: HostNode, value: string): TextEdit[];
	/** Inserts values before the item at `index` of a list (`index` = its length: at the end). */
	insertListItems(list: HostNode, index: number, values: unknown[]): TextEdit[];
	/**
	 * Replaces a single value by a list of `values`, in which the number `keep` stands for the
	 * original value, whose text is kept verbatim (`Action: a` → `Action: [a, b]`).
	 */
	scalarToList(node: HostNode, values: unknown[], keep: number): TextEdit[];
	/** Removes items of a list, each with one separator; undefined when a comment would go with them. */
	removeListItems(list: HostNode, indices: readonly number[]): TextEdit[] | undefined;
	/** Adds `key: value` as the first or last property of an object. */
	addProperty(object: HostNode, key: string, value: unknown, position: 'first' | 'last'): TextEdit[];
	/**
	 * Adds statements to a policy: appended to its statement list, or (optional) written as the
	 * syntax needs, e.g. a new `statement { … }` block in a Terraform `aws_iam_policy_document`.
	 * When absent, the engine uses `insertListItems`/`scalarToList`/`addProperty` on the policy's
	 * `Statement`.
	 */
	addStatements?(policy: HostNode, statementProperty: HostNode | undefined, statements: Record<string, unknown>[]): TextEdit[] | undefined;
}

/**
 * A Terraform module read as one text (the CLI, given a folder): its `.tf` files one after the
 * other (each starting on a line of its own), then the other files of the folder that a policy
 * may read (`file("x.json")`, `templatefile("${path.module}/x.json.tpl", {…})`), each at its
 * offset. Terraform reads all `.tf` files of a folder as one module; the caller maps offsets back
 * to files.
 */
export interface ModuleLayout {
	/** Where the `.tf` part ends (the rest is the other files). */
	hclEnd: number;
	/** The other files, by path relative to the module folder (`/` separators). */
	files: { path: string; offset: number; length: number }[];
}

/** One host syntax. JSON and YAML are built in; HCL is given to `createChecker` (it needs its wasm loaded first). */
export interface HostSyntax {
	readonly id: HostSyntaxId;
	/**
	 * A cheap test on the raw text, run before anything is parsed: false means the file holds no
	 * IAM policy (a Kubernetes manifest, a Terraform file without IAM) and gets nothing at all.
	 */
	mayContainIam(text: string): boolean;
	/**
	 * Parses the file and finds its policy documents and roles. Never throws. `module`: the text is
	 * a whole Terraform module (see ModuleLayout), as the CLI gives a folder.
	 */
	read(text: string, module?: ModuleLayout): HostDocument;
	/**
	 * True when `read` measures nesting with the syntax's own parser and sets `tooDeep`; otherwise
	 * the engine's bracket scan (parse.ts, which reads strings as JSON does) guards the parser.
	 */
	readonly measuresNesting?: boolean;
	/** The edit module for a text of this syntax. */
	editor(text: string): HostEditor;
	/** How many syntax errors a text has: a quick fix may never add one. */
	errorCount(text: string): number;
}
