"""Who may log in and what they may read: salted scrypt password hashes, roles and readable knowledge bases.

Staff read every knowledge base; enterprise accounts read only `settings.access.public_kbs`. With no
users configured the app runs without login, as staff — safe only on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from assistant.config import Settings, UserSettings
from vectorstore.database import open_database
from vectorstore.manifest import knowledge_base_names as names_in_database

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
LOCAL_USER = UserSettings(name="本机", password_hash="", role="staff")  # no users configured
STAFF_ONLY = frozenset({"staff"})
EVERY_ACCOUNT = frozenset({"staff", "enterprise"})
Handler = TypeVar("Handler", bound=Callable)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=32)


def hash_password(password: str) -> str:
    """`scrypt$n$r$p$salt$hash` with a fresh 16-byte salt; the password itself is never stored."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, password_hash: str) -> bool:
    """True when the password matches; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = password_hash.split("$")
        if scheme != "scrypt":
            return False
        computed = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(computed, base64.b64decode(digest))
    except ValueError:
        return False


def authenticate(settings: Settings, name: str, password: str) -> UserSettings | None:
    """The configured user with this name and password, or None."""
    user = next((u for u in settings.access.users if u.name == name), None)
    if user is None:
        verify_password(password, _dummy_hash())  # an unknown name takes as long as a wrong password
        return None
    return user if verify_password(password, user.password_hash) else None


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def login_required(settings: Settings) -> bool:
    return bool(settings.access.users)


def find_user(settings: Settings, name: str | None) -> UserSettings | None:
    """The logged-in user by name (None if unknown); the local staff user when no login is configured."""
    if not login_required(settings):
        return LOCAL_USER
    return next((u for u in settings.access.users if u.name == name), None)


def knowledge_base_names(settings: Settings) -> list[str]:
    """Knowledge bases in the database, by the names users gave them."""
    return names_in_database(open_database(settings.database_url))


def readable_kbs(settings: Settings, user: UserSettings | None) -> list[str]:
    """Existing knowledge bases this user's questions may retrieve from: all for staff, public ones otherwise."""
    if user is None:
        return []
    if user.role == "staff":
        names = knowledge_base_names(settings)
        return sorted(names, key=lambda kb: kb != settings.kb)  # the configured one first
    return [kb for kb in dict.fromkeys(settings.access.public_kbs) if kb_exists(settings, kb)]


def kb_exists(settings: Settings, kb: str) -> bool:
    return kb in knowledge_base_names(settings)


def is_staff(user: UserSettings | None) -> bool:
    return user is not None and user.role == "staff"


def user_toml(user: UserSettings) -> str:
    """The bureau.toml lines that configure one user."""
    return (
        "[[access.users]]\n"
        f"name = {json.dumps(user.name, ensure_ascii=False)}\n"
        f'password_hash = "{user.password_hash}"\n'
        f'role = "{user.role}"\n'
    )


def for_every_account(handler: Handler) -> Handler:
    """Marks a web handler that every logged-in account may call (chat, eligibility, status). Any other
    handler is for staff only: the web guard refuses its endpoint to other roles, whatever the spelling."""
    handler.roles = EVERY_ACCOUNT  # type: ignore[attr-defined]
    return handler


def roles_for(handler: Callable | None) -> frozenset[str]:
    """The roles that may call a web handler (a bound method answers for its function); none without one."""
    return frozenset() if handler is None else getattr(handler, "roles", STAFF_ONLY)
