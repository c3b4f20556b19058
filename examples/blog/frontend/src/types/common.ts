// Mirrors backend/app/dependencies/pagination.py (query) and schemas/common.py (response).

/** Query parameters every list endpoint accepts. */
export interface PageParams {
  page?: number;
  page_size?: number;
}

/** Body of a FastAPI error response: a message, or a list of validation errors. */
export interface ErrorBody {
  detail?: string | { loc: (string | number)[]; msg: string; type: string }[];
}
