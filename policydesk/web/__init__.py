"""The portal and the JSON API (FastAPI, server-rendered Jinja2, no JavaScript required)."""
from .app import create_app

__all__ = ["create_app"]
