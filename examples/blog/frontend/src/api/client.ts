// A small typed wrapper around fetch: JSON in, JSON out, ApiError on any non-2xx.

import type { ErrorBody } from "../types/common";

const BASE_URL = import.meta.env.VITE_API_URL ?? "http://localhost:8000/api/v1";

let accessToken: string | null = null;

/** Token sent as `Authorization: Bearer ...` on every request (null to log out). */
export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** A non-2xx response, with the server's `detail` turned into a message. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | null;

  constructor(status: number, body: ErrorBody | null) {
    super(ApiError.messageOf(status, body));
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }

  private static messageOf(status: number, body: ErrorBody | null): string {
    const detail = body?.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail) && detail.length > 0) return detail.map((e) => e.msg).join("; ");
    return `Request failed with status ${status}`;
  }
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
}

/** Call the API; resolves to the parsed JSON body (undefined for 204). */
export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;

  const response = await fetch(buildUrl(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body: unknown = response.status === 204 ? undefined : await parseJson(response);
  if (!response.ok) throw new ApiError(response.status, (body as ErrorBody | undefined) ?? null);
  return body as T;
}

function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.toString();
  return `${BASE_URL}${path}${search ? `?${search}` : ""}`;
}

async function parseJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
