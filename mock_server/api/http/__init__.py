"""The HTTP side shared by every handler: middleware, request validation, rendering, error mapping."""
