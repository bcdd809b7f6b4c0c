"""WSGI entry point for gunicorn: ``gunicorn web.wsgi:app`` (data folder from LEXSEARCH_DATA)."""

from web import create_app

app = create_app()
