"""Password hashing and signed bearer tokens, using only the standard library.

Password hashes look like `pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`, so the
iteration count can be raised later without breaking existing hashes.

Tokens look like `<payload>.<signature>`: the payload is base64url JSON
`{"sub": "<user id>", "exp": <unix seconds>}` and the signature is its HMAC-SHA256
under SECRET_KEY, also base64url.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time

_ALGORITHM = "pbkdf2_sha256"
_SALT_BYTES = 16


class InvalidTokenError(ValueError):
    """The token is malformed, tampered with or expired."""


def hash_password(password: str, *, iterations: int) -> str:
    """Salted PBKDF2-SHA256 hash of `password` (CPU-bound: call it in a thread)."""
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"{_ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, password_hash: str) -> bool:
    """True when `password` matches `password_hash`; False for any malformed hash."""
    try:
        algorithm, iterations, salt_hex, digest_hex = password_hash.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
        rounds = int(iterations)
    except ValueError:
        return False
    if algorithm != _ALGORITHM:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return hmac.compare_digest(digest, expected)


def create_access_token(subject: str, *, secret_key: str, ttl_seconds: int) -> str:
    """A signed token naming `subject`, valid for `ttl_seconds` from now."""
    claims = {"sub": subject, "exp": int(time.time()) + ttl_seconds}
    payload = _b64encode(json.dumps(claims, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, secret_key)}"


def read_access_token(token: str, *, secret_key: str) -> str:
    """The subject of a valid token; raises InvalidTokenError otherwise."""
    payload, _, signature = token.partition(".")
    expected = _sign(payload, secret_key).encode()
    if not payload or not hmac.compare_digest(signature.encode(), expected):
        raise InvalidTokenError("bad token signature")
    try:
        claims = json.loads(_b64decode(payload))
        subject, expires_at = str(claims["sub"]), int(claims["exp"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise InvalidTokenError("malformed token payload") from exc
    if expires_at <= time.time():
        raise InvalidTokenError("token expired")
    return subject


def _sign(payload: str, secret_key: str) -> str:
    mac = hmac.new(secret_key.encode(), payload.encode(), hashlib.sha256)
    return _b64encode(mac.digest())


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
