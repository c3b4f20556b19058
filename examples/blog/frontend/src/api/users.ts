// One function per /users endpoint (see backend/app/routers/users.py).

import type { PageParams } from "../types/common";
import type { UserCreate, UserPage, UserResponse, UserUpdate } from "../types/user";
import { request } from "./client";

/** GET /users: one page of users, ordered by id. */
export function listUsers(params: PageParams = {}): Promise<UserPage> {
  return request<UserPage>("GET", "/users", { query: { ...params } });
}

/** POST /users: register an account (201). */
export function createUser(data: UserCreate): Promise<UserResponse> {
  return request<UserResponse>("POST", "/users", { body: data });
}

/** GET /users/me: the account the current token belongs to. */
export function getCurrentUser(): Promise<UserResponse> {
  return request<UserResponse>("GET", "/users/me");
}

/** GET /users/{user_id}. */
export function getUser(userId: number): Promise<UserResponse> {
  return request<UserResponse>("GET", `/users/${userId}`);
}

/** PATCH /users/{user_id}: change your own account. */
export function updateUser(userId: number, data: UserUpdate): Promise<UserResponse> {
  return request<UserResponse>("PATCH", `/users/${userId}`, { body: data });
}

/** DELETE /users/{user_id}: delete your own account (204). */
export function deleteUser(userId: number): Promise<void> {
  return request<void>("DELETE", `/users/${userId}`);
}
