// Mirrors backend/app/schemas/auth.py. Change both together.

/** Body of POST /auth/login (LoginRequest). */
export interface LoginRequest {
  email: string;
  password: string;
}

/** Response of POST /auth/login (TokenResponse). */
export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
}
