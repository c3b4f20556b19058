// Mirrors backend/app/schemas/user.py field for field. Change both together.

/** Body of POST /users (UserCreate). */
export interface UserCreate {
  email: string;
  full_name: string;
  password: string;
}

/** Body of PATCH /users/{user_id} (UserUpdate): only sent fields change. */
export interface UserUpdate {
  email?: string | null;
  full_name?: string | null;
  password?: string | null;
}

/** A user as the API returns it (UserResponse). Never carries a password. */
export interface UserResponse {
  email: string;
  full_name: string;
  id: number;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

/** A page of users (UserPage). */
export interface UserPage {
  items: UserResponse[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
}
