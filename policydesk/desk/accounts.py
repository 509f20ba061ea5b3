"""Accounts, passwords (argon2), login throttling and sessions.

A session is a random token: the cookie carries the token and its HMAC under a secret kept in
the database (so every worker agrees), the database keeps only a hash of the token, the expiry
and the CSRF token of that session. Logging out deletes the row, so a stolen cookie dies with it."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, insert, select

from ..store.tables import accounts, login_failures, sessions, settings
from . import audit
from .clock import now, stamp

ROLES = ("office", "unit")
SESSION_LIFETIME = timedelta(hours=8)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5      # guessing one account's password
MAX_FAILURES_PER_CLIENT = 50   # one address trying many names (an office behind NAT shares one)

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A message for the person at the keyboard (simplified Chinese)."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    org: str | None
    office: str | None
    email: str | None

    @property
    def is_office(self) -> bool:
        return self.role == "office"


def _account(row) -> Account:
    return Account(row.id, row.name, row.role, row.org, row.office, row.email)


def add_user(conn, name: str, password: str, role: str, org: str | None = None, office: str | None = None,
             email: str | None = None, by: str | None = None) -> Account:
    name = name.strip()
    if not name:
        raise AccountError("用户名不能为空")
    if role not in ROLES:
        raise AccountError(f"角色只能是 office 或 unit，不是 {role}")
    if role == "unit" and not (org or "").strip():
        raise AccountError("单位账号必须用 --org 指定所属部门")
    if len(password) < 8:
        raise AccountError("密码至少 8 位")
    if conn.execute(select(accounts.c.id).where(accounts.c.name == name)).first():
        raise AccountError(f"用户 {name} 已存在")
    values = dict(name=name, role=role, org=(org or "").strip() or None, office=(office or "").strip() or None,
                  email=(email or "").strip() or None, password_hash=_hasher.hash(password), created_at=stamp())
    account_id = conn.execute(insert(accounts).values(**values)).inserted_primary_key[0]
    audit.record(conn, by, "account", account_id, "create",
                 after={k: values[k] for k in ("name", "role", "org", "office", "email")})
    return Account(account_id, values["name"], role, values["org"], values["office"], values["email"])


def get_account(conn, account_id: int) -> Account | None:
    row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
    return _account(row) if row else None


class TooManyAttempts(AccountError):
    pass


def authenticate(conn, name: str, password: str, client: str) -> Account | None:
    """Check a password. After too many failures for this name or from this address within
    FAILURE_WINDOW, refuse without checking, so guessing costs a quarter of an hour per five tries."""
    keys = [f"name:{name.strip()}", f"ip:{client}"]
    since = stamp(now() - FAILURE_WINDOW)
    for key, limit in zip(keys, (MAX_FAILURES_PER_NAME, MAX_FAILURES_PER_CLIENT)):
        recent = conn.execute(select(func.count()).select_from(login_failures)
                              .where(login_failures.c.key == key, login_failures.c.at >= since)).scalar_one()
        if recent >= limit:
            raise TooManyAttempts("登录失败次数过多，请 15 分钟后再试")
    row = conn.execute(select(accounts).where(accounts.c.name == name.strip())).first()
    ok = False
    if row is not None:
        try:
            ok = _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher.hash(password)  # same cost whether or not the name exists
    if not ok:
        conn.execute(insert(login_failures), [{"key": k, "at": stamp()} for k in keys])
        return None
    conn.execute(delete(login_failures).where(login_failures.c.key == keys[0]))
    return _account(row)


def _secret(conn) -> bytes:
    return conn.execute(select(settings.c.value).where(settings.c.key == "session_secret")).scalar_one().encode()


def _sign(secret: bytes, token: str) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(conn, account: Account) -> str:
    """Store a new session; return the cookie value."""
    token = secrets.token_urlsafe(32)
    conn.execute(delete(sessions).where(sessions.c.expires_at < stamp()))
    conn.execute(insert(sessions).values(token_hash=_token_hash(token), account_id=account.id,
                                         csrf=secrets.token_urlsafe(32), expires_at=stamp(now() + SESSION_LIFETIME)))
    return f"{token}.{_sign(_secret(conn), token)}"


def load_session(conn, cookie: str | None) -> tuple[Account, str] | None:
    """The account and CSRF token of a valid, unexpired session cookie, else None."""
    if not cookie or "." not in cookie:
        return None
    token, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(_secret(conn), token)):
        return None
    row = conn.execute(select(sessions).where(sessions.c.token_hash == _token_hash(token))).first()
    if row is None or row.expires_at < stamp():
        return None
    account = get_account(conn, row.account_id)
    return (account, row.csrf) if account else None


def close_session(conn, cookie: str | None) -> None:
    if cookie and "." in cookie:
        conn.execute(delete(sessions).where(sessions.c.token_hash == _token_hash(cookie.rsplit(".", 1)[0])))
