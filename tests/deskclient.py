"""A logged-in HTTP client for the desk, reading the hidden form fields the pages carry."""
from __future__ import annotations

import re

import httpx


def field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} field in page"
    return found.group(1)


def login(base: str, name: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/login")
    r = client.post("/login", data={"name": name, "password": password, "csrf_token": field(page.text, "csrf_token")})
    assert r.status_code == 303, r.text
    return client


def report_form(client: httpx.Client, assignment_id: int) -> dict:
    """The fields of the progress form as a person who just opened the page would send them."""
    html = client.get(f"/desk/assignments/{assignment_id}").text
    return {"csrf_token": field(html, "csrf_token"), "version": field(html, "version"),
            "submission_id": field(html, "submission_id")}
