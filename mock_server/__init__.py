"""The Akeneo Asset Manager mock server: a Connexion app over an in-memory reference implementation."""
