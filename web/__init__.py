"""The Flask portal: ``create_app(config)`` wires one blueprint per area."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, g

from lexsearch.store import Store


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DATA_DIR=os.environ.get("LEXSEARCH_DATA", "var"))
    if config:
        app.config.update(config)

    def store() -> Store:
        if "store" not in g:
            g.store = Store(Path(app.config["DATA_DIR"]), readonly=True)
        return g.store

    app.extensions["lexsearch_store"] = store

    @app.teardown_appcontext
    def close_store(_exc) -> None:
        s = g.pop("store", None)
        if s is not None:
            s.close()

    from .documents import bp as documents_bp

    app.register_blueprint(documents_bp)
    return app
