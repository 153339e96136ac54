"""Thin Connexion handlers, the one error mapper, and the HTTP-level checks (auth, content negotiation)."""
