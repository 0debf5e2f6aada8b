import { DEFAULT_OIDC_AUDIENCE, type OidcProvider } from '../../api/receiver.js';
import { compileCel, CelError, type CelProgram } from '../../cel/cel.js';

/** One issuer of a generic-oidc Receiver, its CEL compiled. */
export interface OidcIssuerRules {
  issuerURL: string;
  audience: string;
  /**
   * Runs the variables, then every validation, over verified claims. Returns the messages of
   * the validations that were false (empty: accepted); throws a CelEvaluationError.
   */
  check(claims: Readonly<Record<string, unknown>>): string[];
}

/** The issuers of a generic-oidc Receiver, by issuer URL. */
export type OidcRules = ReadonlyMap<string, OidcIssuerRules>;

const ISSUER_URL = /^https?:\/\//;

/**
 * Flux's own checks of oidcProviders, for what the CRD schema cannot say (unique issuers) or a
 * manifest skipped: the first problem, naming the field, or undefined.
 */
export function validateOidcProviders(providers: readonly OidcProvider[]): string | undefined {
  const seen = new Set<string>();
  for (const [i, provider] of providers.entries()) {
    const where = `oidcProviders[${i}]`;
    if (provider.issuerURL === '') return `${where}: issuerURL is required`;
    if (!ISSUER_URL.test(provider.issuerURL))
      return `${where}: issuerURL "${provider.issuerURL}" must start with http:// or https://`;
    if (seen.has(provider.issuerURL))
      return `${where}: duplicate issuerURL "${provider.issuerURL}"`;
    seen.add(provider.issuerURL);
    if (provider.validations.length === 0)
      return `${where} (issuerURL="${provider.issuerURL}"): at least one validation is required; without validations any caller able to obtain a token from this issuer can trigger the Receiver`;
  }
  return undefined;
}

/** Compiles every variable and validation; throws a CelError naming the issuer and rule. */
export function compileOidcRules(providers: readonly OidcProvider[]): OidcRules {
  return new Map(
    providers.map((provider, i) => {
      const where = `oidcProviders[${i}] (issuerURL="${provider.issuerURL}")`;
      const compile = (expression: string, what: string, result: 'bool' | 'any'): CelProgram => {
        try {
          return compileCel(expression, ['claims', 'vars'], { result });
        } catch (error) {
          if (!(error instanceof CelError)) throw error;
          throw new CelError(`${where}: ${what}: ${error.message}`, { cause: error });
        }
      };
      const variables = (provider.variables ?? []).map((variable) => ({
        name: variable.name,
        program: compile(variable.expression, `variable "${variable.name}"`, 'any'),
      }));
      const validations = provider.validations.map((validation) => ({
        message: validation.message,
        program: compile(validation.expression, `validation "${validation.message}"`, 'bool'),
      }));
      const rules: OidcIssuerRules = {
        issuerURL: provider.issuerURL,
        audience: provider.audience ?? DEFAULT_OIDC_AUDIENCE,
        check(claims) {
          const vars: Record<string, unknown> = {};
          for (const variable of variables)
            vars[variable.name] = variable.program.evaluate({ claims, vars });
          return validations
            .filter((validation) => validation.program.evaluate({ claims, vars }) !== true)
            .map((validation) => validation.message);
        },
      };
      return [provider.issuerURL, rules] as const;
    }),
  );
}
