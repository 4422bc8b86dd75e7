/**
 * Stable finding codes. They are part of the public contract (diagnostic `code`, CLI JSON and SARIF
 * rule ids, severity overrides): never rename one, only add.
 */
export enum DiagnosticCode {
	/** The text is not valid JSON at this position (jsonc-parser's error). */
	JsonSyntax = 'json-syntax',
	/** A string escape JSON does not define, e.g. `"\*"` copied from a markdown page. */
	JsonInvalidEscape = 'json-invalid-escape',
	/** A comment: accepted by editors, rejected by AWS. */
	JsonComment = 'json-comment',
	/** A comma before `]` or `}`: rejected by AWS. */
	JsonTrailingComma = 'json-trailing-comma',
	/** Whitespace JSON does not allow (RFC 8259 §2), e.g. non-breaking spaces pasted from a web page. */
	JsonInvalidWhitespace = 'json-invalid-whitespace',
	/** The same key twice in one object; only the last one counts. */
	JsonDuplicateKey = 'json-duplicate-key',
	/** Nesting deeper than any policy can be; the document is not analysed further. */
	NestingTooDeep = 'nesting-too-deep',
	/** No `Version`: AWS then assumes 2008-10-17, which lacks policy variables. */
	VersionMissing = 'version-missing',
	/** `Version` is neither 2012-10-17 nor 2008-10-17. */
	VersionUnknown = 'version-unknown',
	/** `Version` 2008-10-17 is outdated. */
	VersionOutdated = 'version-outdated',
	/** A policy document (it has a `Version`) without `Statement`. */
	StatementMissing = 'statement-missing',
	/** `Statement` or one of its elements has the wrong JSON type, or is empty. */
	StatementInvalid = 'statement-invalid',
	/** A key AWS does not know at this level (keys are case-sensitive). */
	KeyUnknown = 'key-unknown',
	/** A value of the wrong JSON type for its key. */
	ValueType = 'value-type',
	/** `Effect` missing. */
	EffectMissing = 'effect-missing',
	/** `Effect` other than `Allow`/`Deny` (case-sensitive). */
	EffectInvalid = 'effect-invalid',
	/** Both `Action` and `NotAction`, or both `Resource` and `NotResource`, or both `Principal` and `NotPrincipal`. */
	ElementConflict = 'element-conflict',
	/** Neither `Action` nor `NotAction` (or the same for `Resource`, or `Principal` in a trust policy). */
	ElementMissing = 'element-missing',
	/** `Principal` in a policy attached to an identity, where AWS rejects it. */
	PrincipalInIdentityPolicy = 'principal-in-identity-policy',
	/** An action string that cannot be an action: no colon, spaces, empty, bad characters. */
	ActionMalformed = 'action-malformed',
	/** The same action twice in one statement. */
	ActionDuplicate = 'action-duplicate',
	/** Two statements with the same `Sid`. */
	SidDuplicate = 'sid-duplicate',
	/** A `Sid` with characters IAM does not accept (only A-Z, a-z, 0-9). */
	SidInvalid = 'sid-invalid',
	/** Required actions of a scenario that nothing allows. */
	ScenarioMissing = 'scenario-missing',
	/** Required actions that an explicit Deny blocks. */
	ScenarioDenied = 'scenario-denied',
	/** Required actions allowed (or denied) only under a Condition. */
	ScenarioConditional = 'scenario-conditional',
	/** Required actions allowed on fewer resources than the scenario needs. */
	ScenarioPartial = 'scenario-partial',
	/** Announces a scenario chosen from the policy's content. */
	ScenarioInferred = 'scenario-inferred',
	/** A trust policy lacks the service principal a scenario needs. */
	TrustPrincipalMissing = 'trust-principal-missing',
	/** An action that cannot be scoped to a resource is scoped to one. */
	ConstraintWildcardResource = 'constraint-wildcard-resource',
	/** An action whose service prefix is not in the AWS catalog; `data.suggestions` holds close real names. */
	ActionUnknownService = 'action-unknown-service',
	/** An action the catalog does not know for a known service; `data.suggestions` holds the closest real names. */
	ActionUnknown = 'action-unknown',
	/** A real action written in other than AWS's casing (it works); `data.replacement` is the canonical name. */
	ActionCase = 'action-case',
	/** An action wildcard that matches no action in the catalog, so it grants nothing. */
	ActionWildcardNoMatch = 'action-wildcard-no-match',
	/** Entries of one Action/NotAction list that a wildcard in the same list already covers (one finding per statement; `data.spans`). */
	ActionRedundant = 'action-redundant',
	/** `iam:PassRole` allowed on every resource; information instead of a warning when a checked scenario requires it. */
	PassRoleWildcardResource = 'passrole-wildcard-resource',
	/** A Resource none of whose patterns names a resource of a type the statement's action acts on (`s3:ListBucket` on `arn:aws:s3:::b/*`): the statement grants or denies that action nowhere; `data.resources` holds the resources to add. */
	ResourceTypeMismatch = 'resource-type-mismatch',
	/** The policy is longer (whitespace excluded) than AWS allows for a managed policy, or for the inline policy of the scenario's principal. */
	PolicySize = 'policy-size',
	/** The host file (YAML, HCL) does not parse at this position; its policies may be read only in part. */
	HostSyntax = 'host-syntax',
	/** An iam-restore-lint annotation (CloudFormation Metadata, Terraform comment) names a scenario id that does not exist. */
	AnnotationUnknownScenario = 'annotation-unknown-scenario',
	/**
	 * A scenario id asked for (a setting glob or `glob#NAME` key) is not known, e.g. because the
	 * requirement-set file that defines it cannot be read or is invalid (the message names the file
	 * and why): nothing is checked against it, which must not pass.
	 */
	ScenarioUnknown = 'scenario-unknown',
	/** Scenarios were asked for (setting, `--scenario`, `--role`, annotation) but the file holds no policy: nothing was checked, which must not pass. */
	NoPolicy = 'no-policy',
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
