"""``kg serve``: the built graph on the web, as a read-only SPARQL endpoint and linked-data pages.

:func:`create_app` builds the Starlette application for a build directory,
:func:`create_app_for_dataset` for any rdflib dataset, and :func:`serve`
runs one with uvicorn on loopback.
"""

from .app import create_app, create_app_for_dataset, serve

__all__ = ["create_app", "create_app_for_dataset", "serve"]
