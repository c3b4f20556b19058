"""A corpus of secrets of many kinds, in the shapes they take in a repository."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

import pytest


def _b64(data: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


JWT = (
    f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64({'sub': 'corpus-user-7731'})}"
    ".Q8nZ4vK2pL7wX1cR9tY6mB3dF0sJ5gHe2aU8iO4kN7q"
)
KEY_BODY = "MIIEowIBAAKCAQEAq7BFUAR3xMtbYbT9pZ2wLm5vQ8sK4nJ1cF6dG0hR3eW9yUiO"


@dataclass(frozen=True)
class SecretsCorpus:
    """`secrets`: kind -> the exact string that must never reach disk."""

    secrets: dict[str, str]
    env: dict[str, str]
    dotenv: str
    source: str
    source_path: str = "backend/app/integrations.py"


@pytest.fixture
def secrets_corpus() -> SecretsCorpus:
    s = {
        "aws access key id": "AKIAZ7Q4X2VB8N3M5K1J",
        "aws secret access key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8sT3kLp0",
        "database url password": "Pg-pass-7781",
        "stripe live key": "sk_live_51Hq2T9xLmZ3vB7nR4pK8wYc",
        "json web token": JWT,
        "google api key": "AIzaSyC7f2Kq9LmX4vB8nR1pT6wY3dZ0sJ5gHeU",
        "github token": "ghp_4vK2pL7wX1cR9tY6mB3dF0sJ5gHe2aU8iO4k",
        "slack bot token": "xoxb-210987654321-1234567890123-Zq8vN2xR7tLp4KwY9mB3cH6d",
        "private key": KEY_BODY,
        "password literal": "hunter2-correct-horse",
        "high-entropy KEY=value": "Zq8vN2xR7tLp4KwY9mB3cH6dF1sJ0gTe",
        "plain NAME=value password": "mailpass2024",
        "anthropic api key": "sk-ant-api03-Yx7Kq2Lm9Pv4Rt8Wz1Nc6Bd3Fg0Hj5Sa-AbCdEf",
        "basic-auth url": "Xy7-basic-Pw",
        "environment-only token": "tok_envonly_9f8e7d6c5b4a",
    }
    dotenv = (
        f"AWS_ACCESS_KEY_ID={s['aws access key id']}\n"
        f"AWS_SECRET_ACCESS_KEY={s['aws secret access key']}\n"
        f"DATABASE_URL=postgresql://blog:{s['database url password']}@db.internal:5432/blog\n"
        f"STRIPE_API={s['stripe live key']}\n"
        f"SESSION_SIGNING_SALT={s['high-entropy KEY=value']}\n"
        f"SMTP_PASSWORD={s['plain NAME=value password']}\n"
    )
    source = (
        '"""Third-party integrations (a careless file: every value here is a secret)."""\n\n'
        f'password = "{s["password literal"]}"\n'
        f'SERVICE_JWT = "{s["json web token"]}"\n'
        f'MAPS = "{s["google api key"]}"\n'
        f'GITHUB = "{s["github token"]}"\n'
        f'SLACK = "{s["slack bot token"]}"\n'
        f'MIRROR = "https://deploy:{s["basic-auth url"]}@git.example.com/blog.git"\n'
        'DEPLOY_KEY = """-----BEGIN RSA PRIVATE KEY-----\n'
        f"{s['private key']}\n"
        "vQ8sK4nJ1cF6dG0hR3eW9yUiOq7BFUAR3xMtbYbT9pZ2wLm5\n"
        '-----END RSA PRIVATE KEY-----"""\n'
    )
    env = {
        "ANTHROPIC_API_KEY": s["anthropic api key"],
        "AWS_SECRET_ACCESS_KEY": s["aws secret access key"],
        "PAYMENT_TOKEN": s["environment-only token"],
    }
    return SecretsCorpus(s, env, dotenv, source)
