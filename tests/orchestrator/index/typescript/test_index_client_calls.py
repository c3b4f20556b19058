"""The backend calls a frontend makes, and the contracts they pair."""

from __future__ import annotations

from pathlib import Path

from orchestrator.index import build_index
from orchestrator.index.contracts.check import check_contracts
from orchestrator.replies.answer import answer

CLIENT_TS = """\
import axios from 'axios';
import type { IAccount, IAccountEdit, INewAccount } from './types';

const http = axios.create({ baseURL: import.meta.env.VITE_API });
const cache = new Map<string, string>();

export const accounts = {
  mine(token: string) {
    return axios.get<IAccount>(`${apiBase}/api/accounts/me`, auth(token));
  },
  all() {
    return http.get<IAccount[]>('/api/accounts/?limit=50');
  },
  edit: (id: number, changes: IAccountEdit) =>
    http.patch<IAccount>(`/api/accounts/${id}`, changes),
  open(data: INewAccount) {
    return http.post(apiBase + '/api/accounts/', data);
  },
  remember(key: string) {
    return cache.get(key);
  },
};
"""

PAGE_VUE = """\
<template><div /></template>
<script setup lang="ts">
import type { IAccount } from '../types';
const account = await $fetch<IAccount>(`/api/accounts/${props.id}/close`, { method: 'POST' });
const body = { reason: 'moving' } as IClosing;
await useFetch('/api/accounts/closing', { method: 'put', body });
</script>
"""

TYPES_TS = """\
export interface IAccount {
  id: number;
  email: string;
  display_name: string;
}

export interface IAccountEdit {
  display_name?: string;
}

export interface INewAccount {
  email: string;
  password?: string;
}
"""

SCHEMAS_PY = """\
from pydantic import BaseModel


class AccountPublic(BaseModel):
    id: int
    email: str
    display_name: str | None = None


class AccountEdit(BaseModel):
    display_name: str | None = None


class AccountOpen(BaseModel):
    email: str
    password: str
"""

ROUTES_PY = """\
from fastapi import APIRouter, FastAPI

from app.schemas import AccountEdit, AccountOpen, AccountPublic

app = FastAPI()
router = APIRouter(prefix="/api/accounts")


@router.get("/me", response_model=AccountPublic)
def read_me(): ...


@router.get("/", response_model=list[AccountPublic])
def list_accounts(limit: int = 100): ...


@router.patch("/{account_id}", response_model=AccountPublic)
def edit_account(account_id: int, changes: AccountEdit): ...


@router.post("/", response_model=AccountPublic)
def open_account(data: AccountOpen): ...


app.include_router(router)
"""


def project(root: Path) -> Path:
    files = {
        "frontend/src/api/accounts.ts": CLIENT_TS,
        "frontend/src/pages/Close.vue": PAGE_VUE,
        "frontend/src/types.ts": TYPES_TS,
        "backend/app/schemas.py": SCHEMAS_PY,
        "backend/app/main.py": ROUTES_PY,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def test_client_calls_are_read_from_ts_and_vue(tmp_path: Path) -> None:
    calls = build_index(project(tmp_path), use_cache=False).client_calls
    found = [(c.method, c.url, c.response_type, c.request_type, c.line) for c in calls]
    assert found == [
        ("GET", "/api/accounts/me", "IAccount", None, 9),
        ("GET", "/api/accounts/", "IAccount[]", None, 12),
        ("PATCH", "/api/accounts/{}", "IAccount", "IAccountEdit", 15),
        ("POST", "/api/accounts/", None, "INewAccount", 17),
        ("POST", "/api/accounts/{}/close", "IAccount", None, 4),
        ("PUT", "/api/accounts/closing", None, None, 6),
    ]
    assert {c.file for c in calls[4:]} == {"frontend/src/pages/Close.vue"}


def test_contracts_pair_through_the_route_a_call_uses(tmp_path: Path) -> None:
    index = build_index(project(tmp_path), use_cache=False)
    report = check_contracts(index)
    pairs = {(p.schema, p.ts_type): p.matched_by for p in report.pairs}
    assert pairs == {
        ("AccountPublic", "IAccount"): "client call frontend/src/api/accounts.ts:9",
        ("AccountEdit", "IAccountEdit"): "client call frontend/src/api/accounts.ts:15",
        ("AccountOpen", "INewAccount"): "client call frontend/src/api/accounts.ts:17",
    }
    drifts = {(d.ts_type, d.field, d.kind, d.severity) for d in report.drifts}
    assert drifts == {
        ("IAccount", "display_name", "nullability", "error"),  # optional in Python only
        ("IAccountEdit", "display_name", "nullability", "warning"),
        ("INewAccount", "password", "optionality", "error"),
    }
    reply = answer("vue", "IAccount type?", index)
    (account,) = reply.facts["types"]
    assert account["schema"] == "AccountPublic"
    assert {"method": "GET", "path": "/api/accounts/me", "as": "response"} in account["endpoints"]
