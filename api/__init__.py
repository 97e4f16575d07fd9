"""HTTP surface: settings, the FastAPI application and the command line."""
