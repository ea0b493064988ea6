/**
 * What a module hands the control API: handlers for routes of the shared route table
 * (@vigil/shared/api/routes), by name. The server matches paths, checks the token, parses the
 * body once and turns failures into the one error shape (errors.ts); a handler only decides.
 */
import type { ParamsOf, RouteName, Routes } from '@vigil/shared/api/routes';

/** What a handler gets: decoded path parameters, the body (parsed on demand) and the query. */
export interface RouteRequest<N extends RouteName = RouteName> {
  params: Record<ParamsOf<Routes[N]['path']>, string>;
  /** The JSON body; bounded (ControlApiOptions.maxBodyBytes), 400 when it is not JSON. */
  body(): Promise<unknown>;
  query: URLSearchParams;
}

/**
 * A handler's reply: JSON, a text body or a file (served with HTTP Range; `inline` plays in the
 * page, otherwise it downloads as `name`). Nothing (undefined) for a 204. The status is the
 * route's (Routes[name].status, default 200).
 */
export type RouteReply = { json: unknown } | { text: string; type: string } | { file: string; type: string; inline?: boolean; name?: string } | undefined | void;

export type RouteHandler<N extends RouteName = RouteName> = (request: RouteRequest<N>) => Promise<RouteReply> | RouteReply;

/** Handlers for some routes of the table: what one module declares. */
export type RouteHandlers<N extends RouteName = RouteName> = { [K in N]: RouteHandler<K> };

/** A JSON reply. */
export const json = (value: unknown): RouteReply => ({ json: value });
