"""The HTTP API (FastAPI) and the web page that browses the store."""
