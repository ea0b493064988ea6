/**
 * The few web-platform globals that every runtime Vigil targets (Node ≥ 20, browsers, workers)
 * provides. Declared here instead of pulling in the DOM or Node typings, so `shared/` cannot use
 * anything environment-specific by accident.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  readonly username: string;
  readonly password: string;
}
