/**
 * The language ids whose documents the server checks: JSON policies and CloudFormation JSON,
 * CloudFormation/SAM YAML, Terraform. package.json's activationEvents list the same ids.
 */
export const POLICY_LANGUAGES = ['json', 'jsonc', 'yaml', 'terraform', 'hcl'];
