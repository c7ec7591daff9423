"""The web UI: ``kennan serve`` (see :mod:`kennan.web.app`)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
