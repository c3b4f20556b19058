// POST /auth/login (see backend/app/routers/auth.py).

import type { LoginRequest, TokenResponse } from "../types/auth";
import { request, setAccessToken } from "./client";

/** Log in and use the returned token for every following request. */
export async function login(credentials: LoginRequest): Promise<TokenResponse> {
  const token = await request<TokenResponse>("POST", "/auth/login", { body: credentials });
  setAccessToken(token.access_token);
  return token;
}

/** Forget the token. */
export function logout(): void {
  setAccessToken(null);
}
