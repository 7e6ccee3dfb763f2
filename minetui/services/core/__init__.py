"""The services every capability stands on: the context, sign-in and rights, settings, the import engine,
provenance and maintenance."""
