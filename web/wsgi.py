"""WSGI entry point for gunicorn: ``gunicorn -c python:web.gunicorn_conf web.wsgi:app``
(data folder from ``LEXSEARCH_DATA``; ``lexsearch serve --workers N`` runs exactly this)."""

from web import create_app

app = create_app()
